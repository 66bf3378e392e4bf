-- AlterTable
ALTER TABLE "Trigger" ADD COLUMN     "enabledAfterEventId" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "OutboundEmail" ADD COLUMN     "accountId" INTEGER,
ADD COLUMN     "cc" TEXT,
ADD COLUMN     "fromAddress" TEXT;

-- CreateIndex
CREATE INDEX "TriggerRun_time_idx" ON "TriggerRun"("time");

