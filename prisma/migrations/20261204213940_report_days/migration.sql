-- CreateTable
CREATE TABLE "ReportDay" (
    "day" DATE NOT NULL,
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

    CONSTRAINT "ReportDay_pkey" PRIMARY KEY ("day","agentId","departmentId","channel","accountId","slaPolicyId")
);

-- CreateTable
CREATE TABLE "ReportSetting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "dayZone" TEXT NOT NULL DEFAULT 'UTC',

    CONSTRAINT "ReportSetting_pkey" PRIMARY KEY ("id")
);

