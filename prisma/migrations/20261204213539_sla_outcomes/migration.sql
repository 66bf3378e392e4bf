-- CreateTable
CREATE TABLE "SlaOutcome" (
    "conversationId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "policyId" INTEGER,
    "dueAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "elapsedSeconds" INTEGER,
    "breached" BOOLEAN NOT NULL,

    CONSTRAINT "SlaOutcome_pkey" PRIMARY KEY ("conversationId","target","startedAt")
);

-- CreateIndex
CREATE INDEX "SlaOutcome_endedAt_idx" ON "SlaOutcome"("endedAt");

-- CreateIndex
CREATE INDEX "SlaOutcome_dueAt_idx" ON "SlaOutcome"("dueAt");

-- AddForeignKey
ALTER TABLE "SlaOutcome" ADD CONSTRAINT "SlaOutcome_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

