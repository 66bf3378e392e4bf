-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AgentRole" AS ENUM ('admin', 'agent');

-- CreateEnum
CREATE TYPE "ContactIdentityType" AS ENUM ('email', 'SSOUserId', 'externalId');

-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed');

-- CreateEnum
CREATE TYPE "ConversationPriority" AS ENUM ('urgent', 'high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "MessageType" AS ENUM ('note', 'email', 'reply', 'socialMessage', 'chat', 'offlineMessage');

-- CreateTable
CREATE TABLE "Agent" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "AgentRole" NOT NULL DEFAULT 'agent',
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "agentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'default',
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedTime" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentDepartment" (
    "agentId" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,

    CONSTRAINT "AgentDepartment_pkey" PRIMARY KEY ("agentId","departmentId")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT NOT NULL DEFAULT '',
    "company" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "mobile" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactIdentity" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "type" "ContactIdentityType" NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ContactIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '',
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthClient" (
    "id" SERIAL NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedTime" TIMESTAMP(3),

    CONSTRAINT "OAuthClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" SERIAL NOT NULL,
    "guid" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" "ConversationStatus" NOT NULL DEFAULT 'new',
    "priority" "ConversationPriority" NOT NULL DEFAULT 'normal',
    "relatedType" TEXT,
    "relatedId" TEXT,
    "contactId" INTEGER,
    "assignedAgentId" INTEGER,
    "assignedDepartmentId" INTEGER,
    "receivedBy" TEXT,
    "originalId" TEXT,
    "originalLink" TEXT,
    "createdById" TEXT,
    "createdByType" TEXT NOT NULL DEFAULT 'system',
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStatusChangeTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRepliedTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRepliedById" TEXT,
    "lastRepliedByType" TEXT,
    "lastMessage" TEXT NOT NULL DEFAULT '',
    "isReadByContact" BOOLEAN NOT NULL DEFAULT true,
    "closedTime" TIMESTAMP(3),
    "deletedTime" TIMESTAMP(3),
    "mergedIntoId" INTEGER,
    "slaPolicyId" TEXT,
    "firstRespondBreachAt" TIMESTAMP(3),
    "nextRespondBreachAt" TIMESTAMP(3),
    "resolveBreachAt" TIMESTAMP(3),

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationTag" (
    "conversationId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,

    CONSTRAINT "ConversationTag_pkey" PRIMARY KEY ("conversationId","tagId")
);

-- CreateTable
CREATE TABLE "ConversationAgentState" (
    "conversationId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "isRead" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ConversationAgentState_pkey" PRIMARY KEY ("conversationId","agentId")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "conversationId" INTEGER NOT NULL,
    "type" "MessageType" NOT NULL,
    "directType" TEXT NOT NULL,
    "accountId" TEXT,
    "contactIdentityId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'API',
    "originalMessageId" TEXT,
    "originalMessageLink" TEXT,
    "parentId" TEXT,
    "quoteTweetId" TEXT,
    "texts" JSONB NOT NULL DEFAULT '[]',
    "plainText" TEXT NOT NULL DEFAULT '',
    "quote" TEXT,
    "subject" TEXT,
    "from" TEXT,
    "cc" TEXT,
    "mentionedAgentIds" INTEGER[],
    "sendStatus" TEXT NOT NULL DEFAULT 'sucess',
    "senderId" TEXT,
    "senderType" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageRead" (
    "messageId" UUID NOT NULL,
    "agentId" INTEGER NOT NULL,
    "isRead" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "MessageRead_pkey" PRIMARY KEY ("messageId","agentId")
);

-- CreateTable
CREATE TABLE "Mention" (
    "conversationId" INTEGER NOT NULL,
    "messageId" UUID NOT NULL,
    "agentId" INTEGER NOT NULL,
    "isRead" BOOLEAN NOT NULL DEFAULT false,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Mention_pkey" PRIMARY KEY ("messageId","agentId")
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" UUID NOT NULL,
    "conversationId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "type" "MessageType" NOT NULL DEFAULT 'reply',
    "accountId" TEXT,
    "contactIdentityId" TEXT,
    "parentId" TEXT,
    "quoteTweetId" TEXT,
    "texts" JSONB NOT NULL DEFAULT '[]',
    "quote" TEXT,
    "subject" TEXT,
    "cc" TEXT,
    "mentionedAgentIds" INTEGER[],
    "attachmentIds" TEXT[],
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "messageId" UUID,
    "conversationId" INTEGER,
    "type" TEXT NOT NULL DEFAULT 'file',
    "mimetype" TEXT NOT NULL DEFAULT 'application/octet-stream',
    "originalId" TEXT,
    "originalLink" TEXT,
    "text" TEXT,
    "fileName" TEXT NOT NULL,
    "storageKey" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "scale" TEXT,
    "isAvailable" BOOLEAN NOT NULL DEFAULT true,
    "uploadedByType" TEXT,
    "uploadedById" TEXT,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Field" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "systemKey" TEXT,
    "isSystemField" BOOLEAN NOT NULL DEFAULT false,
    "isRequired" BOOLEAN NOT NULL DEFAULT false,
    "defaultValue" TEXT,
    "helpText" TEXT,
    "length" INTEGER,
    "chatFieldMapping" TEXT,
    "offlineMessageFieldMapping" TEXT,
    "orderIndex" INTEGER NOT NULL DEFAULT 0,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Field_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FieldOption" (
    "id" UUID NOT NULL,
    "fieldId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "order" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FieldOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationFieldValue" (
    "conversationId" INTEGER NOT NULL,
    "fieldId" UUID NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ConversationFieldValue_pkey" PRIMARY KEY ("conversationId","fieldId")
);

-- CreateTable
CREATE TABLE "Filter" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "isPrivate" BOOLEAN NOT NULL DEFAULT false,
    "createdById" INTEGER,
    "when" TEXT NOT NULL DEFAULT 'all',
    "logicalExpression" TEXT,
    "createdTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Filter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FilterCondition" (
    "id" UUID NOT NULL,
    "filterId" UUID NOT NULL,
    "fieldId" UUID NOT NULL,
    "matchType" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "orderIndex" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FilterCondition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DomainEvent" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "conversationId" INTEGER,
    "actorType" TEXT,
    "actorId" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agent_email_key" ON "Agent"("email");

-- CreateIndex
CREATE INDEX "ApiKey_agentId_idx" ON "ApiKey"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "Department_name_key" ON "Department"("name");

-- CreateIndex
CREATE INDEX "AgentDepartment_departmentId_idx" ON "AgentDepartment"("departmentId");

-- CreateIndex
CREATE INDEX "ContactIdentity_contactId_idx" ON "ContactIdentity"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactIdentity_type_value_key" ON "ContactIdentity"("type", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthClient_clientId_key" ON "OAuthClient"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_guid_key" ON "Conversation"("guid");

-- CreateIndex
CREATE INDEX "Conversation_deletedTime_lastRepliedTime_idx" ON "Conversation"("deletedTime", "lastRepliedTime");

-- CreateIndex
CREATE INDEX "Conversation_assignedAgentId_idx" ON "Conversation"("assignedAgentId");

-- CreateIndex
CREATE INDEX "Conversation_assignedDepartmentId_idx" ON "Conversation"("assignedDepartmentId");

-- CreateIndex
CREATE INDEX "Conversation_contactId_idx" ON "Conversation"("contactId");

-- CreateIndex
CREATE INDEX "Conversation_status_idx" ON "Conversation"("status");

-- CreateIndex
CREATE INDEX "ConversationTag_tagId_idx" ON "ConversationTag"("tagId");

-- CreateIndex
CREATE INDEX "ConversationAgentState_agentId_idx" ON "ConversationAgentState"("agentId");

-- CreateIndex
CREATE INDEX "Message_conversationId_time_idx" ON "Message"("conversationId", "time");

-- CreateIndex
CREATE INDEX "Mention_agentId_isRead_idx" ON "Mention"("agentId", "isRead");

-- CreateIndex
CREATE INDEX "Mention_conversationId_idx" ON "Mention"("conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "Draft_conversationId_agentId_key" ON "Draft"("conversationId", "agentId");

-- CreateIndex
CREATE INDEX "Attachment_messageId_idx" ON "Attachment"("messageId");

-- CreateIndex
CREATE INDEX "Attachment_conversationId_idx" ON "Attachment"("conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "Field_name_key" ON "Field"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Field_systemKey_key" ON "Field"("systemKey");

-- CreateIndex
CREATE INDEX "FieldOption_fieldId_idx" ON "FieldOption"("fieldId");

-- CreateIndex
CREATE INDEX "Filter_createdById_idx" ON "Filter"("createdById");

-- CreateIndex
CREATE INDEX "FilterCondition_filterId_idx" ON "FilterCondition"("filterId");

-- CreateIndex
CREATE INDEX "FilterCondition_fieldId_idx" ON "FilterCondition"("fieldId");

-- CreateIndex
CREATE INDEX "DomainEvent_conversationId_id_idx" ON "DomainEvent"("conversationId", "id");

-- CreateIndex
CREATE INDEX "DomainEvent_type_time_idx" ON "DomainEvent"("type", "time");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentDepartment" ADD CONSTRAINT "AgentDepartment_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentDepartment" ADD CONSTRAINT "AgentDepartment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationTag" ADD CONSTRAINT "ConversationTag_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationAgentState" ADD CONSTRAINT "ConversationAgentState_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageRead" ADD CONSTRAINT "MessageRead_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mention" ADD CONSTRAINT "Mention_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FieldOption" ADD CONSTRAINT "FieldOption_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationFieldValue" ADD CONSTRAINT "ConversationFieldValue_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationFieldValue" ADD CONSTRAINT "ConversationFieldValue_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FilterCondition" ADD CONSTRAINT "FilterCondition_filterId_fkey" FOREIGN KEY ("filterId") REFERENCES "Filter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FilterCondition" ADD CONSTRAINT "FilterCondition_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- From prisma/sql/conversation-list.sql
-- The inbox list: live conversations in order of last reply (the default) or last activity, with the
-- id as tie-breaker, so a page is read straight off the index (forwards or backwards).
CREATE INDEX "Conversation_live_lastRepliedTime_idx" ON "Conversation" ("lastRepliedTime", "id") WHERE "deletedTime" IS NULL;
CREATE INDEX "Conversation_live_lastActivityTime_idx" ON "Conversation" ("lastActivityTime", "id") WHERE "deletedTime" IS NULL;

-- From prisma/sql/custom-fields.sql
-- Custom field values: lookups by value (the condition engine "is" on a custom field) go through
-- this expression index. A plain btree on "value" would fail on long textarea values.
CREATE INDEX "ConversationFieldValue_fieldId_value_prefix_idx" ON "ConversationFieldValue" ("fieldId", left("value", 200));

-- Field names are unique regardless of case (conditions may name a field instead of giving its id).
CREATE UNIQUE INDEX "Field_name_lower_key" ON "Field" (lower("name"));

-- The system fields: conversation columns that conditions test like any field. Fixed ids so that
-- stored conditions can refer to them. src/engine/conditions/system-fields.ts must agree (a test checks it).
INSERT INTO "Field" ("id", "type", "name", "systemKey", "isSystemField", "orderIndex") VALUES
  ('00000000-0000-4000-8000-000000000001', 'text', 'Subject', 'subject', true, 1),
  ('00000000-0000-4000-8000-000000000002', 'dropdownList', 'Status', 'status', true, 2),
  ('00000000-0000-4000-8000-000000000003', 'dropdownList', 'Priority', 'priority', true, 3),
  ('00000000-0000-4000-8000-000000000004', 'text', 'Channel', 'channel', true, 4),
  ('00000000-0000-4000-8000-000000000005', 'operator', 'Assigned Agent', 'assignedAgent', true, 5),
  ('00000000-0000-4000-8000-000000000006', 'department', 'Assigned Department', 'assignedDepartment', true, 6),
  ('00000000-0000-4000-8000-000000000007', 'link', 'Contact', 'contact', true, 7),
  ('00000000-0000-4000-8000-000000000008', 'checkboxList', 'Tags', 'tags', true, 8),
  ('00000000-0000-4000-8000-000000000009', 'date', 'Created Time', 'createdTime', true, 9),
  ('00000000-0000-4000-8000-000000000010', 'date', 'Last Reply Time', 'lastReplyTime', true, 10),
  ('00000000-0000-4000-8000-000000000011', 'date', 'Last Activity Time', 'lastActivityTime', true, 11),
  ('00000000-0000-4000-8000-000000000012', 'date', 'Last Status Change Time', 'lastStatusChangeTime', true, 12);

INSERT INTO "FieldOption" ("id", "fieldId", "name", "value", "order") VALUES
  ('00000000-0000-4000-8000-000000000101', '00000000-0000-4000-8000-000000000002', 'New', 'new', 0),
  ('00000000-0000-4000-8000-000000000102', '00000000-0000-4000-8000-000000000002', 'Pending Internal', 'pendingInternal', 1),
  ('00000000-0000-4000-8000-000000000103', '00000000-0000-4000-8000-000000000002', 'Pending External', 'pendingExternal', 2),
  ('00000000-0000-4000-8000-000000000104', '00000000-0000-4000-8000-000000000002', 'On Hold', 'onHold', 3),
  ('00000000-0000-4000-8000-000000000105', '00000000-0000-4000-8000-000000000002', 'Closed', 'closed', 4),
  ('00000000-0000-4000-8000-000000000201', '00000000-0000-4000-8000-000000000003', 'Urgent', 'urgent', 0),
  ('00000000-0000-4000-8000-000000000202', '00000000-0000-4000-8000-000000000003', 'High', 'high', 1),
  ('00000000-0000-4000-8000-000000000203', '00000000-0000-4000-8000-000000000003', 'Normal', 'normal', 2),
  ('00000000-0000-4000-8000-000000000204', '00000000-0000-4000-8000-000000000003', 'Low', 'low', 3);

-- From prisma/sql/fulltext.sql
-- Full-text search indexes (Prisma's schema cannot express expression indexes).
-- The 'simple' configuration keeps search language-neutral, and queries must use the same expression.
CREATE INDEX "Conversation_subject_fts_idx" ON "Conversation" USING GIN (to_tsvector('simple', "subject"));
CREATE INDEX "Message_plainText_fts_idx" ON "Message" USING GIN (to_tsvector('simple', "plainText"));
