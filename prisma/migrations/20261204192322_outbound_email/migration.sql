-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "conversationId" INTEGER,
    "messageId" UUID,
    "triggerId" INTEGER,
    "to" TEXT NOT NULL,
    "recipientType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT,
    "text" TEXT NOT NULL,
    "attachmentId" UUID,
    "messageIdHeader" TEXT NOT NULL,
    "inReplyTo" TEXT,
    "references" TEXT,
    "autoSubmitted" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentTime" TIMESTAMP(3),

    CONSTRAINT "OutboundEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_dedupeKey_key" ON "OutboundEmail"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_messageIdHeader_key" ON "OutboundEmail"("messageIdHeader");

-- CreateIndex
CREATE INDEX "OutboundEmail_conversationId_createdTime_idx" ON "OutboundEmail"("conversationId", "createdTime");

-- CreateIndex
CREATE INDEX "OutboundEmail_messageId_idx" ON "OutboundEmail"("messageId");

