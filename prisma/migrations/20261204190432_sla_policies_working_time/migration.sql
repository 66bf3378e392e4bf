-- AlterTable
ALTER TABLE "Condition" ADD COLUMN     "slaPolicyId" INTEGER;

-- CreateTable
CREATE TABLE "SlaPolicy" (
    "id" SERIAL NOT NULL,
    "enable" BOOLEAN NOT NULL DEFAULT true,
    "firstRespondWithin" INTEGER NOT NULL,
    "nextRespondWithin" INTEGER NOT NULL,
    "resolveRespondWithin" INTEGER NOT NULL,
    "businessHours" BOOLEAN NOT NULL DEFAULT true,
    "when" TEXT NOT NULL DEFAULT 'all',
    "logicalExpression" TEXT,
    "orderIndex" INTEGER NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlaPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingTimeSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkingTimeSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingPeriod" (
    "id" SERIAL NOT NULL,
    "dayOfWeek" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "WorkingPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Holiday" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "date" DATE NOT NULL,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SlaPolicy_orderIndex_idx" ON "SlaPolicy"("orderIndex");

-- CreateIndex
CREATE INDEX "WorkingPeriod_dayOfWeek_idx" ON "WorkingPeriod"("dayOfWeek");

-- CreateIndex
CREATE UNIQUE INDEX "Holiday_date_key" ON "Holiday"("date");

-- CreateIndex
CREATE INDEX "Condition_slaPolicyId_idx" ON "Condition"("slaPolicyId");

-- AddForeignKey
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_slaPolicyId_fkey" FOREIGN KEY ("slaPolicyId") REFERENCES "SlaPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Added by hand: a condition has at most one owner (now also SLA policies); the one-owner CHECK
-- (an owner type without its column stays allowed, as for triggers).
ALTER TABLE "Condition" DROP CONSTRAINT "Condition_one_owner_check";
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_one_owner_check" CHECK (num_nonnulls("filterId", "customRuleId", "triggerId", "slaPolicyId") <= 1);
-- Periods are sane even if written around the API.
ALTER TABLE "WorkingPeriod" ADD CONSTRAINT "WorkingPeriod_range_check" CHECK ("dayOfWeek" BETWEEN 0 AND 6 AND "startMinute" >= 0 AND "startMinute" < "endMinute" AND "endMinute" <= 1440);
