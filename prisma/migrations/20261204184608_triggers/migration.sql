-- AlterTable
ALTER TABLE "Condition" ADD COLUMN     "triggerId" INTEGER;

-- CreateTable
CREATE TABLE "Trigger" (
    "id" SERIAL NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enable" BOOLEAN NOT NULL DEFAULT true,
    "event" TEXT NOT NULL,
    "statusDuration" INTEGER,
    "when" TEXT NOT NULL DEFAULT 'all',
    "logicalExpression" TEXT,
    "setValue" BOOLEAN NOT NULL DEFAULT false,
    "sendEmail" BOOLEAN NOT NULL DEFAULT false,
    "sendToContacts" BOOLEAN NOT NULL DEFAULT false,
    "sendToAgents" BOOLEAN NOT NULL DEFAULT false,
    "toAgents" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "subject" TEXT,
    "htmlText" TEXT,
    "plainText" TEXT,
    "attachmentId" UUID,
    "showInConversationCorrespondences" BOOLEAN NOT NULL DEFAULT false,
    "orderIndex" INTEGER NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerAutoUpdate" (
    "id" UUID NOT NULL,
    "triggerId" INTEGER NOT NULL,
    "fieldId" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "orderIndex" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TriggerAutoUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerRun" (
    "eventId" BIGINT NOT NULL,
    "triggerId" INTEGER NOT NULL,
    "conversationId" INTEGER,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 1,
    "firstEventId" BIGINT,
    "lastEventId" BIGINT,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriggerRun_pkey" PRIMARY KEY ("eventId","triggerId")
);

-- CreateIndex
CREATE INDEX "Trigger_event_orderIndex_idx" ON "Trigger"("event", "orderIndex");

-- CreateIndex
CREATE INDEX "TriggerAutoUpdate_triggerId_idx" ON "TriggerAutoUpdate"("triggerId");

-- CreateIndex
CREATE INDEX "TriggerAutoUpdate_fieldId_idx" ON "TriggerAutoUpdate"("fieldId");

-- CreateIndex
CREATE INDEX "TriggerRun_triggerId_idx" ON "TriggerRun"("triggerId");

-- CreateIndex
CREATE INDEX "TriggerRun_lastEventId_idx" ON "TriggerRun"("lastEventId");

-- CreateIndex
CREATE INDEX "Condition_triggerId_idx" ON "Condition"("triggerId");

-- AddForeignKey
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "Trigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trigger" ADD CONSTRAINT "Trigger_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerAutoUpdate" ADD CONSTRAINT "TriggerAutoUpdate_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "Trigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerAutoUpdate" ADD CONSTRAINT "TriggerAutoUpdate_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerRun" ADD CONSTRAINT "TriggerRun_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "Trigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Added by hand: a condition has at most one owner (triggers join filters and routing rules).
ALTER TABLE "Condition" DROP CONSTRAINT "Condition_one_owner_check";
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_one_owner_check" CHECK (num_nonnulls("filterId", "customRuleId", "triggerId") <= 1);
