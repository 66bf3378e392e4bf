-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "junkId" INTEGER;

-- CreateTable
CREATE TABLE "BlockedSender" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "blockType" TEXT NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BlockedSender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Junk" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "emailMessageId" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "subject" TEXT NOT NULL,
    "from" TEXT,
    "fromAddress" TEXT NOT NULL,
    "fromName" TEXT NOT NULL,
    "cc" TEXT,
    "texts" JSONB NOT NULL,
    "plainText" TEXT NOT NULL,
    "sentTime" TIMESTAMP(3),
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "isRead" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Junk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BlockedSender_email_key" ON "BlockedSender"("email");

-- CreateIndex
CREATE INDEX "Junk_time_id_idx" ON "Junk"("time", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Junk_accountId_emailMessageId_key" ON "Junk"("accountId", "emailMessageId");

-- CreateIndex
CREATE INDEX "Attachment_junkId_idx" ON "Attachment"("junkId");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_junkId_fkey" FOREIGN KEY ("junkId") REFERENCES "Junk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

