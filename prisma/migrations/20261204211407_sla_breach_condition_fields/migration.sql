-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "slaBreached" TEXT[] DEFAULT ARRAY[]::TEXT[];


-- Added by hand: the SLA system fields of the condition engine (src/engine/conditions/system-fields.ts,
-- ids 18-21), so the conversation list, filters, routing rules and triggers can test them: the
-- three breach instants (dates) and which targets are overdue now (a checkbox list over
-- "slaBreached"). As in the automation fields' migration, a custom field that already has one of
-- these names (or keys) keeps its id, values and conditions and is renamed "<name> (custom)".
UPDATE "Field" SET "name" = "name" || ' (custom)'
WHERE NOT "isSystemField"
  AND lower("name") IN ('sla breached', 'first response due', 'next response due', 'resolution due',
                        'slabreached', 'firstrespondbreachat', 'nextrespondbreachat', 'resolvebreachat');

INSERT INTO "Field" ("id", "type", "name", "systemKey", "isSystemField", "orderIndex") VALUES
  ('00000000-0000-4000-8000-000000000018', 'checkboxList', 'SLA Breached', 'slaBreached', true, 18),
  ('00000000-0000-4000-8000-000000000019', 'date', 'First Response Due', 'firstRespondBreachAt', true, 19),
  ('00000000-0000-4000-8000-000000000020', 'date', 'Next Response Due', 'nextRespondBreachAt', true, 20),
  ('00000000-0000-4000-8000-000000000021', 'date', 'Resolution Due', 'resolveBreachAt', true, 21);

INSERT INTO "FieldOption" ("id", "fieldId", "name", "value", "order") VALUES
  ('00000000-0000-4000-8000-000000001801', '00000000-0000-4000-8000-000000000018', 'First Response', 'firstRespond', 0),
  ('00000000-0000-4000-8000-000000001802', '00000000-0000-4000-8000-000000000018', 'Next Response', 'nextRespond', 1),
  ('00000000-0000-4000-8000-000000001803', '00000000-0000-4000-8000-000000000018', 'Resolution', 'resolve', 2);
