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
