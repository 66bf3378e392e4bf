
-- CreateTable
CREATE TABLE "Condition" (
    "id" UUID NOT NULL,
    "ownerType" TEXT NOT NULL,
    "filterId" UUID,
    "customRuleId" INTEGER,
    "fieldId" UUID NOT NULL,
    "matchType" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "orderIndex" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Condition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingSetting" (
    "id" SERIAL NOT NULL,
    "enable" BOOLEAN NOT NULL DEFAULT false,
    "type" TEXT NOT NULL DEFAULT 'simple',
    "simpleRouteType" TEXT,
    "simpleRouteToId" INTEGER,
    "simpleRouteToPriority" TEXT,
    "matchFailedType" TEXT,
    "matchFailedToId" INTEGER,
    "matchFailedToPriority" TEXT,
    "updatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoutingSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingCustomRule" (
    "id" SERIAL NOT NULL,
    "routeId" INTEGER NOT NULL,
    "orderIndex" INTEGER NOT NULL,
    "enable" BOOLEAN NOT NULL DEFAULT true,
    "name" TEXT NOT NULL,
    "when" TEXT NOT NULL DEFAULT 'all',
    "logicalExpression" TEXT,
    "routeType" TEXT NOT NULL,
    "routeToId" INTEGER NOT NULL,
    "routeToPriority" TEXT,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoutingCustomRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AllocationSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enable" BOOLEAN NOT NULL DEFAULT false,
    "defaultRule" TEXT NOT NULL DEFAULT 'loadBalancing',
    "defaultPreferLastAssignee" BOOLEAN NOT NULL DEFAULT false,
    "setMaxNumberForEachAgent" BOOLEAN NOT NULL DEFAULT false,
    "maxNumberForAllAgents" INTEGER NOT NULL DEFAULT 10,
    "excludePendingExternal" BOOLEAN NOT NULL DEFAULT false,
    "excludeOnHold" BOOLEAN NOT NULL DEFAULT false,
    "updatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllocationSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AllocationDepartmentRule" (
    "departmentId" INTEGER NOT NULL,
    "allocationRule" TEXT NOT NULL,
    "preferLastAssignee" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AllocationDepartmentRule_pkey" PRIMARY KEY ("departmentId")
);

-- CreateTable
CREATE TABLE "AllocationAgentPreference" (
    "agentId" INTEGER NOT NULL,
    "maxConcurrentCount" INTEGER NOT NULL DEFAULT 10,
    "ifAcceptAllocation" BOOLEAN NOT NULL DEFAULT true,
    "lastAllocatedTime" TIMESTAMP(3),

    CONSTRAINT "AllocationAgentPreference_pkey" PRIMARY KEY ("agentId")
);

-- CreateTable
CREATE TABLE "AllocationRotation" (
    "scope" TEXT NOT NULL,
    "lastAgentId" INTEGER NOT NULL,

    CONSTRAINT "AllocationRotation_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "AllocationQueue" (
    "conversationId" INTEGER NOT NULL,
    "queuedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllocationQueue_pkey" PRIMARY KEY ("conversationId")
);

-- CreateTable
CREATE TABLE "AllocationRecord" (
    "conversationId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "allocatedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AllocationRecord_pkey" PRIMARY KEY ("conversationId")
);

-- CreateIndex
CREATE INDEX "Condition_filterId_idx" ON "Condition"("filterId");

-- CreateIndex
CREATE INDEX "Condition_customRuleId_idx" ON "Condition"("customRuleId");

-- CreateIndex
CREATE INDEX "Condition_fieldId_idx" ON "Condition"("fieldId");

-- CreateIndex
CREATE INDEX "RoutingCustomRule_routeId_orderIndex_idx" ON "RoutingCustomRule"("routeId", "orderIndex");

-- CreateIndex
CREATE INDEX "RoutingCustomRule_routeType_routeToId_idx" ON "RoutingCustomRule"("routeType", "routeToId");

-- CreateIndex
CREATE INDEX "AllocationQueue_queuedTime_conversationId_idx" ON "AllocationQueue"("queuedTime", "conversationId");

-- CreateIndex
CREATE INDEX "AllocationRecord_agentId_idx" ON "AllocationRecord"("agentId");

-- AddForeignKey
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_filterId_fkey" FOREIGN KEY ("filterId") REFERENCES "Filter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_customRuleId_fkey" FOREIGN KEY ("customRuleId") REFERENCES "RoutingCustomRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingCustomRule" ADD CONSTRAINT "RoutingCustomRule_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "RoutingSetting"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Added by hand: foreign keys to models the allocation tables do not name as relations, and the
-- single settings rows (one per site).
ALTER TABLE "AllocationDepartmentRule" ADD CONSTRAINT "AllocationDepartmentRule_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AllocationAgentPreference" ADD CONSTRAINT "AllocationAgentPreference_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AllocationQueue" ADD CONSTRAINT "AllocationQueue_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AllocationRecord" ADD CONSTRAINT "AllocationRecord_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_ownerType_check" CHECK ("ownerType" IN ('view', 'routingRule', 'trigger', 'sla'));
INSERT INTO "RoutingSetting" ("id", "updatedTime") VALUES (1, CURRENT_TIMESTAMP);
SELECT setval(pg_get_serial_sequence('"RoutingSetting"', 'id'), 1);
INSERT INTO "AllocationSetting" ("id", "updatedTime") VALUES (1, CURRENT_TIMESTAMP);

-- Added by hand: filters' conditions move into the shared store (ids kept), then their old table goes.
INSERT INTO "Condition" ("id", "ownerType", "filterId", "fieldId", "matchType", "value", "orderIndex")
  SELECT "id", 'view', "filterId", "fieldId", "matchType", "value", "orderIndex" FROM "FilterCondition";
ALTER TABLE "Condition" ADD CONSTRAINT "Condition_one_owner_check" CHECK (num_nonnulls("filterId", "customRuleId") <= 1);
DROP TABLE "FilterCondition";
