-- Full-text search indexes (Prisma's schema cannot express expression indexes).
-- The 'simple' configuration keeps search language-neutral, and queries must use the same expression.
CREATE INDEX "Conversation_subject_fts_idx" ON "Conversation" USING GIN (to_tsvector('simple', "subject"));
CREATE INDEX "Message_plainText_fts_idx" ON "Message" USING GIN (to_tsvector('simple', "plainText"));
