-- AlterTable
ALTER TABLE "Message" ALTER COLUMN "mentionedAgentIds" SET DEFAULT ARRAY[]::INTEGER[];

-- AlterTable
ALTER TABLE "Draft" ALTER COLUMN "mentionedAgentIds" SET DEFAULT ARRAY[]::INTEGER[],
ALTER COLUMN "attachmentIds" SET DEFAULT ARRAY[]::TEXT[];


-- Rows written by SQL before the defaults existed read as empty lists too.
UPDATE "Message" SET "mentionedAgentIds" = ARRAY[]::INTEGER[] WHERE "mentionedAgentIds" IS NULL;
UPDATE "Draft" SET "mentionedAgentIds" = ARRAY[]::INTEGER[] WHERE "mentionedAgentIds" IS NULL;
UPDATE "Draft" SET "attachmentIds" = ARRAY[]::TEXT[] WHERE "attachmentIds" IS NULL;
