-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "emailMessageId" TEXT;

-- CreateTable
CREATE TABLE "IntegrationAccount" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "address" TEXT,
    "smtpHost" TEXT,
    "smtpPort" INTEGER,
    "smtpSecure" BOOLEAN,
    "smtpUsername" TEXT,
    "smtpPassword" TEXT,
    "imapHost" TEXT,
    "imapPort" INTEGER,
    "imapSecure" BOOLEAN,
    "imapUsername" TEXT,
    "imapPassword" TEXT,
    "imapMailbox" TEXT,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundDelivery" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "emailMessageId" TEXT NOT NULL,
    "conversationId" INTEGER NOT NULL,
    "messageId" UUID NOT NULL,
    "createdNew" BOOLEAN NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundFailure" (
    "id" SERIAL NOT NULL,
    "accountId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "excerpt" TEXT NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationAccount_address_key" ON "IntegrationAccount"("address");

-- CreateIndex
CREATE INDEX "IntegrationAccount_channelId_idx" ON "IntegrationAccount"("channelId");

-- CreateIndex
CREATE UNIQUE INDEX "InboundDelivery_accountId_emailMessageId_key" ON "InboundDelivery"("accountId", "emailMessageId");

-- CreateIndex
CREATE INDEX "InboundFailure_accountId_createdTime_idx" ON "InboundFailure"("accountId", "createdTime");

-- CreateIndex
CREATE INDEX "Message_emailMessageId_idx" ON "Message"("emailMessageId");

-- AddForeignKey
ALTER TABLE "InboundDelivery" ADD CONSTRAINT "InboundDelivery_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "IntegrationAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundFailure" ADD CONSTRAINT "InboundFailure_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "IntegrationAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

