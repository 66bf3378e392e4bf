-- CreateTable
CREATE TABLE "ReportHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "agentId" INTEGER NOT NULL DEFAULT 0,
    "departmentId" INTEGER NOT NULL DEFAULT 0,
    "channel" TEXT NOT NULL DEFAULT '',
    "accountId" INTEGER NOT NULL DEFAULT 0,
    "slaPolicyId" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "replied" INTEGER NOT NULL DEFAULT 0,
    "openDelta" INTEGER NOT NULL DEFAULT 0,
    "firstResponses" INTEGER NOT NULL DEFAULT 0,
    "firstResponseMs" BIGINT NOT NULL DEFAULT 0,
    "responseMs" BIGINT NOT NULL DEFAULT 0,
    "conversationMs" BIGINT NOT NULL DEFAULT 0,
    "closedContactMessages" INTEGER NOT NULL DEFAULT 0,
    "closedAgentMessages" INTEGER NOT NULL DEFAULT 0,
    "slaFirstAchieved" INTEGER NOT NULL DEFAULT 0,
    "slaFirstBreached" INTEGER NOT NULL DEFAULT 0,
    "slaNextAchieved" INTEGER NOT NULL DEFAULT 0,
    "slaNextBreached" INTEGER NOT NULL DEFAULT 0,
    "slaResolveAchieved" INTEGER NOT NULL DEFAULT 0,
    "slaResolveBreached" INTEGER NOT NULL DEFAULT 0,
    "slaBreachedTickets" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportHour_pkey" PRIMARY KEY ("hour","agentId","departmentId","channel","accountId","slaPolicyId")
);

-- CreateTable
CREATE TABLE "ReportOpenTotal" (
    "agentId" INTEGER NOT NULL DEFAULT 0,
    "departmentId" INTEGER NOT NULL DEFAULT 0,
    "channel" TEXT NOT NULL DEFAULT '',
    "accountId" INTEGER NOT NULL DEFAULT 0,
    "slaPolicyId" INTEGER NOT NULL DEFAULT 0,
    "open" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportOpenTotal_pkey" PRIMARY KEY ("agentId","departmentId","channel","accountId","slaPolicyId")
);

-- CreateTable
CREATE TABLE "ReportConversation" (
    "conversationId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL DEFAULT 0,
    "departmentId" INTEGER NOT NULL DEFAULT 0,
    "channel" TEXT NOT NULL DEFAULT '',
    "accountId" INTEGER NOT NULL DEFAULT 0,
    "slaPolicyId" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "inOpen" BOOLEAN NOT NULL DEFAULT false,
    "waitingSince" TIMESTAMP(3),
    "responded" BOOLEAN NOT NULL DEFAULT false,
    "contactMessages" INTEGER NOT NULL DEFAULT 0,
    "agentMessages" INTEGER NOT NULL DEFAULT 0,
    "firstBreached" BOOLEAN NOT NULL DEFAULT false,
    "nextBreached" BOOLEAN NOT NULL DEFAULT false,
    "resolveDecided" BOOLEAN NOT NULL DEFAULT false,
    "everBreached" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReportConversation_pkey" PRIMARY KEY ("conversationId")
);


-- Hand-written (Prisma cannot express these):
-- realtime reports count the live open conversations through this partial index (index-only scans)
CREATE INDEX "Conversation_report_open_idx" ON "Conversation" ("assignedDepartmentId", "assignedAgentId", "status", "priority", "channel", "receivedBy") WHERE "deletedTime" IS NULL AND "status" <> 'closed';

-- the rollup consumer starts at the beginning of the log: the first start replays every event (exactly once, as any batch)
INSERT INTO "ConsumerCursor" ("name", "position") VALUES ('reports.rollups', 0) ON CONFLICT ("name") DO NOTHING;
