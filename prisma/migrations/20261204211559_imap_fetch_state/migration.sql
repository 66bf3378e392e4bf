-- CreateTable
CREATE TABLE "MailFetchState" (
    "accountId" INTEGER NOT NULL,
    "lastFetchTime" TIMESTAMP(3),
    "lastSuccessTime" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorTime" TIMESTAMP(3),
    "fetchedCount" INTEGER NOT NULL DEFAULT 0,
    "updatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailFetchState_pkey" PRIMARY KEY ("accountId")
);

-- AddForeignKey
ALTER TABLE "MailFetchState" ADD CONSTRAINT "MailFetchState_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "IntegrationAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

