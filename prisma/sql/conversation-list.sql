-- The inbox list: live conversations in order of last reply (the default) or last activity, with the
-- id as tie-breaker, so a page is read straight off the index (forwards or backwards).
CREATE INDEX "Conversation_live_lastRepliedTime_idx" ON "Conversation" ("lastRepliedTime", "id") WHERE "deletedTime" IS NULL;
CREATE INDEX "Conversation_live_lastActivityTime_idx" ON "Conversation" ("lastActivityTime", "id") WHERE "deletedTime" IS NULL;
