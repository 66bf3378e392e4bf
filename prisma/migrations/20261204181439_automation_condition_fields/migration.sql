-- Added by hand (no schema change): the automation-only system fields of the condition engine
-- (src/engine/conditions/system-fields.ts, ids 13-17): the message an event is about and what the
-- event changed. Routing rules and triggers test them; the conversation list and filters cannot.
--
-- Field names are unique regardless of case and may not shadow a system key: a custom field that
-- already has one of these names (or keys) keeps its id, values and conditions and is renamed
-- "<name> (custom)", so the migration never fails on existing data.
UPDATE "Field" SET "name" = "name" || ' (custom)'
WHERE NOT "isSystemField"
  AND lower("name") IN ('message type', 'message text', 'message sender type', 'changed fields', 'previous status',
                        'messagetype', 'messagetext', 'messagesendertype', 'changedfields', 'previousstatus');

INSERT INTO "Field" ("id", "type", "name", "systemKey", "isSystemField", "orderIndex") VALUES
  ('00000000-0000-4000-8000-000000000013', 'dropdownList', 'Message Type', 'messageType', true, 13),
  ('00000000-0000-4000-8000-000000000014', 'textarea', 'Message Text', 'messageText', true, 14),
  ('00000000-0000-4000-8000-000000000015', 'dropdownList', 'Message Sender Type', 'messageSenderType', true, 15),
  ('00000000-0000-4000-8000-000000000016', 'checkboxList', 'Changed Fields', 'changedFields', true, 16),
  ('00000000-0000-4000-8000-000000000017', 'dropdownList', 'Previous Status', 'previousStatus', true, 17);

INSERT INTO "FieldOption" ("id", "fieldId", "name", "value", "order") VALUES
  ('00000000-0000-4000-8000-000000001301', '00000000-0000-4000-8000-000000000013', 'Note', 'note', 0),
  ('00000000-0000-4000-8000-000000001302', '00000000-0000-4000-8000-000000000013', 'Email', 'email', 1),
  ('00000000-0000-4000-8000-000000001303', '00000000-0000-4000-8000-000000000013', 'Reply', 'reply', 2),
  ('00000000-0000-4000-8000-000000001304', '00000000-0000-4000-8000-000000000013', 'Social Message', 'socialMessage', 3),
  ('00000000-0000-4000-8000-000000001305', '00000000-0000-4000-8000-000000000013', 'Chat', 'chat', 4),
  ('00000000-0000-4000-8000-000000001306', '00000000-0000-4000-8000-000000000013', 'Offline Message', 'offlineMessage', 5),
  ('00000000-0000-4000-8000-000000001501', '00000000-0000-4000-8000-000000000015', 'Agent', 'agent', 0),
  ('00000000-0000-4000-8000-000000001502', '00000000-0000-4000-8000-000000000015', 'Contact', 'contact', 1),
  ('00000000-0000-4000-8000-000000001503', '00000000-0000-4000-8000-000000000015', 'System', 'system', 2),
  ('00000000-0000-4000-8000-000000001601', '00000000-0000-4000-8000-000000000016', 'Subject', 'subject', 0),
  ('00000000-0000-4000-8000-000000001602', '00000000-0000-4000-8000-000000000016', 'Status', 'status', 1),
  ('00000000-0000-4000-8000-000000001603', '00000000-0000-4000-8000-000000000016', 'Priority', 'priority', 2),
  ('00000000-0000-4000-8000-000000001604', '00000000-0000-4000-8000-000000000016', 'Assigned Agent', 'assignedAgent', 3),
  ('00000000-0000-4000-8000-000000001605', '00000000-0000-4000-8000-000000000016', 'Assigned Department', 'assignedDepartment', 4),
  ('00000000-0000-4000-8000-000000001701', '00000000-0000-4000-8000-000000000017', 'New', 'new', 0),
  ('00000000-0000-4000-8000-000000001702', '00000000-0000-4000-8000-000000000017', 'Pending Internal', 'pendingInternal', 1),
  ('00000000-0000-4000-8000-000000001703', '00000000-0000-4000-8000-000000000017', 'Pending External', 'pendingExternal', 2),
  ('00000000-0000-4000-8000-000000001704', '00000000-0000-4000-8000-000000000017', 'On Hold', 'onHold', 3),
  ('00000000-0000-4000-8000-000000001705', '00000000-0000-4000-8000-000000000017', 'Closed', 'closed', 4);
