-- Cache invalidation across processes (src/db/invalidation.ts): after any write to a table that a
-- cached answer was computed from, PostgreSQL notifies every gateway process on the channel
-- "anytime_invalidation" with the topic. NOTIFY is delivered at commit (never for a rollback) and
-- folds duplicates within a transaction, so a statement-level trigger costs one cheap call per
-- statement, and no write path in the code can forget it.
CREATE FUNCTION anytime_notify_invalidation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('anytime_invalidation', TG_ARGV[0]);
  RETURN NULL;
END $$;

-- "conversations": every table a conversation list's WHERE can read (list.ts, filters, conditions):
-- cached total counts.
CREATE TRIGGER "Conversation_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Conversation"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');
CREATE TRIGGER "ConversationTag_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ConversationTag"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');
CREATE TRIGGER "ConversationFieldValue_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ConversationFieldValue"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');
CREATE TRIGGER "ConversationAgentState_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ConversationAgentState"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');
CREATE TRIGGER "Mention_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Mention"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');
CREATE TRIGGER "Message_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('conversations');

-- "credentials": what turns an Authorization header into a viewer: cached viewers.
CREATE TRIGGER "ApiKey_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('credentials');
CREATE TRIGGER "Agent_invalidate" AFTER UPDATE OR DELETE OR TRUNCATE ON "Agent"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('credentials');
CREATE TRIGGER "OAuthClient_invalidate" AFTER UPDATE OR DELETE OR TRUNCATE ON "OAuthClient"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('credentials');
CREATE TRIGGER "Contact_invalidate" AFTER DELETE OR TRUNCATE ON "Contact"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('credentials');

-- "filters": what a stored filter compiles from: cached filter SQL.
CREATE TRIGGER "Filter_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Filter"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('filters');
CREATE TRIGGER "Condition_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Condition"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('filters');
CREATE TRIGGER "Field_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Field"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('filters');
CREATE TRIGGER "FieldOption_invalidate" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "FieldOption"
  FOR EACH STATEMENT EXECUTE FUNCTION anytime_notify_invalidation('filters');
