-- Data only (no schema change): the contact reading its portal conversation is now an event type of
-- its own, conversation.contactReadStateChanged { contactId, isRead }, instead of a second payload
-- shape of conversation.readStateChanged ({ isReadByContact, by: 'contact' }). Logged events are
-- rewritten so that a subscriber resuming from an old cursor, and every consumer of the log, sees
-- one shape per type (src/engine/events.ts).
UPDATE "DomainEvent" e
SET "type" = 'conversation.contactReadStateChanged',
    "payload" = jsonb_build_object('contactId', c."contactId", 'isRead', e."payload"->'isReadByContact')
FROM "Conversation" c
WHERE e."type" = 'conversation.readStateChanged' AND e."payload" ? 'isReadByContact' AND c.id = e."conversationId";

-- A purged conversation's events keep no conversation row to name the contact.
UPDATE "DomainEvent"
SET "type" = 'conversation.contactReadStateChanged',
    "payload" = jsonb_build_object('contactId', NULL, 'isRead', "payload"->'isReadByContact')
WHERE "type" = 'conversation.readStateChanged' AND "payload" ? 'isReadByContact';
