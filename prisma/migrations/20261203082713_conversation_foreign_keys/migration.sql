-- Added by hand: references to rows that no longer exist (written before these keys) are cleared
-- first, as deleting the agent, department or contact through the API would have done.
UPDATE "Conversation" c SET "assignedAgentId" = NULL WHERE "assignedAgentId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Agent" a WHERE a.id = c."assignedAgentId");
UPDATE "Conversation" c SET "assignedDepartmentId" = NULL WHERE "assignedDepartmentId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Department" d WHERE d.id = c."assignedDepartmentId");
UPDATE "Conversation" c SET "contactId" = NULL WHERE "contactId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Contact" k WHERE k.id = c."contactId");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_assignedAgentId_fkey" FOREIGN KEY ("assignedAgentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_assignedDepartmentId_fkey" FOREIGN KEY ("assignedDepartmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

