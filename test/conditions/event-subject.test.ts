/**
 * The engine's subject for automation: the event's message (type, text, sender type) and its
 * changes (conversation.updated's `changes: { field: [from, to] }`).
 *
 *  - Through a real path: routing rules test a new conversation's first message when it is created
 *    (agent console over REST, and the portal as a contact).
 *  - Through the event log: a real status change and a real reply, read back from "DomainEvent",
 *    become subjects (loadEventSubject) that "status changed to closed", "previous status" and the
 *    reply's message fields are evaluated against (the triggers that follow will do the same).
 *  - The list and filters cannot test these fields (400 naming the condition); bad values are a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactToken, createContact } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { eventFromRow, type EventRow } from '../../src/engine/events.js';
import { evaluateConditionSet, loadEventSubject, resolveConditionSet, type RawConditionSet } from '../../src/engine/conditions/index.js';
import { SYSTEM_FIELDS } from '../../src/engine/conditions/system-fields.js';

const API = '/api/v3/anytime';
const RULES = `${API}/routingRules`;
let gw: TestGateway;
let refunds: number;
let portalDesk: number;
let fallback: number;

beforeAll(async () => {
  gw = await startTestGateway();
  refunds = (await gw.rest('POST', '/api/v3/departments', { name: 'Refunds' })).body.id;
  portalDesk = (await gw.rest('POST', '/api/v3/departments', { name: 'Portal desk' })).body.id;
  fallback = (await gw.rest('POST', '/api/v3/departments', { name: 'Fallback' })).body.id;
});
afterAll(() => gw?.stop());

async function create(text: string, type = 'email') {
  const res = await gw.rest('POST', `${API}/conversations`, { subject: 'Hello', channel: 'email', message: { type, text: { format: 'plaintext', content: text } } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as number;
}
const department = async (id: number) => (await gw.sql(`SELECT "assignedDepartmentId" d FROM "Conversation" WHERE id = $1`, [id]))[0].d;

/** The events of a conversation as consumers see them (read back from the log). */
const eventsOf = async (conversationId: number, type: string) =>
  (await gw.sql<EventRow>(`SELECT * FROM "DomainEvent" WHERE "conversationId" = $1 AND type = $2 ORDER BY id`, [conversationId, type])).map(eventFromRow);

const automation = (raw: RawConditionSet) => resolveConditionSet(gw.gateway.db.prisma, raw, { automation: true });

describe('routing rules test the first message (a real path)', () => {
  it('routes by the message text and sender type; the message does not exist for the list', async () => {
    const settingId = (await gw.rest('GET', RULES)).body.routingRules[0].id;
    expect((await gw.rest('PUT', `${RULES}/${settingId}`, { enable: true, type: 'rules', matchFailedType: 'department', matchFailedToId: fallback })).status).toBe(200);
    const refund = await gw.rest('POST', `${RULES}/customRules`, {
      name: 'Refund emails', routeType: 'department', routeToId: refunds,
      conditions: { when: 'all', list: [
        { fieldId: 'messageText', matchType: 'contains', value: 'REFUND' },
        { fieldId: 'Message Type', matchType: 'is', value: 'email' },
        { fieldId: SYSTEM_FIELDS.find((f) => f.key === 'messageSenderType')!.id, matchType: 'isNot', value: 'contact' },
      ] },
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(200);
    const portal = await gw.rest('POST', `${RULES}/customRules`, {
      name: 'From contacts', routeType: 'department', routeToId: portalDesk,
      conditions: { when: 'all', list: [{ fieldId: 'messageSenderType', matchType: 'is', value: 'contact' }] },
    });
    expect(portal.status, JSON.stringify(portal.body)).toBe(200);

    expect(await department(await create('I would like a refund, please'))).toBe(refunds);
    expect(await department(await create('Where is my parcel?'))).toBe(fallback);
    // The text matches but the type does not (a note is not an email).
    expect(await department(await create('refund', 'note'))).toBe(fallback);

    const contact = await createContact(gw, 'Rita');
    const asContact = await gw.rest('POST', `${API}/portalConversations`, { subject: 'Order', message: { text: { content: 'refund?' } } }, await contactToken(gw, contact));
    expect([200, 201], JSON.stringify(asContact.body)).toContain(asContact.status);
    expect(await department(asContact.body.id)).toBe(portalDesk);

    // Routing is off again for the tests below.
    await gw.rest('PUT', `${RULES}/${settingId}`, { enable: false });
  });

  it('refuses event fields where no event is: the list, filters (400 naming the condition, nothing written)', async () => {
    const filters = Number((await gw.sql(`SELECT count(*) n FROM "Filter"`))[0].n);
    const filter = await gw.rest('POST', `${API}/filters`, { name: 'Refunds', conditions: [{ fieldId: 'status', matchType: 'is', value: 'new' }, { fieldId: 'messageText', matchType: 'contains', value: 'refund' }] });
    expect(filter.status).toBe(400);
    expect(filter.body.message).toMatch(/^conditions\[1\]\.fieldId refers to "Message Text", a field of the event/);
    expect(Number((await gw.sql(`SELECT count(*) n FROM "Filter"`))[0].n)).toBe(filters);
    const list = await gw.rest('GET', `${API}/conversations?conditions[0][field]=changedFields&conditions[0][matchType]=contains&conditions[0][value]=status`);
    expect(list.status).toBe(400);
    expect(list.body.message).toMatch(/"Changed Fields", a field of the event/);
  });

  it('bad values of event fields are a 400 naming the value', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ fieldId: 'changedFields', matchType: 'contains', value: 'channel' }, /^conditions\[0\]\.value must be one of subject, status, priority, assignedAgent, assignedDepartment/],
      [{ fieldId: 'changedFields', matchType: 'is', value: 'status' }, /^conditions\[0\]\.matchType is does not apply to field "Changed Fields"/],
      [{ fieldId: 'messageType', matchType: 'is', value: 'fax' }, /^conditions\[0\]\.value must be one of note, email/],
      [{ fieldId: 'previousStatus', matchType: 'is', value: 'done' }, /^conditions\[0\]\.value must be one of new, pendingInternal/],
      [{ fieldId: 'messageSenderType', matchType: 'contains', value: 'agent' }, /^conditions\[0\]\.matchType contains does not apply/],
    ];
    const rules = Number((await gw.sql(`SELECT count(*) n FROM "RoutingCustomRule"`))[0].n);
    for (const [condition, message] of cases) {
      const res = await gw.rest('POST', `${RULES}/customRules`, { name: 'Bad', routeType: 'department', routeToId: refunds, conditions: { when: 'all', list: [condition] } });
      expect(res.status, JSON.stringify([condition, res.body])).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect(Number((await gw.sql(`SELECT count(*) n FROM "RoutingCustomRule"`))[0].n)).toBe(rules);
  });
});

describe('subjects of logged events (changes and messages)', () => {
  it('"status changed to closed" and "previous status" hold for the status change, not for other changes', async () => {
    const id = await create('hello');
    expect((await gw.rest('PUT', `${API}/conversations/${id}`, { priority: 'high' })).status).toBe(200);
    expect((await gw.rest('PUT', `${API}/conversations/${id}`, { status: 'closed' })).status).toBe(200);
    const [priorityChange, statusChange] = await eventsOf(id, 'conversation.updated');
    expect(statusChange!.type === 'conversation.updated' && statusChange!.payload.changes.status).toEqual(['new', 'closed']);

    const changedToClosed = await automation({ when: 'all', conditions: [
      { fieldId: 'changedFields', matchType: 'contains', value: 'Status' },
      { fieldId: 'status', matchType: 'is', value: 'closed' },
    ] });
    const fromNew = await automation({ when: 'all', conditions: [{ fieldId: 'previousStatus', matchType: 'is', value: 'new' }] });
    const statusUntouched = await automation({ when: 'all', conditions: [{ fieldId: 'changedFields', matchType: 'notContains', value: 'status' }] });
    const priorityChanged = await automation({ when: 'all', conditions: [{ fieldId: 'changedFields', matchType: 'contains', value: 'priority' }] });

    const onStatus = (await loadEventSubject(gw.gateway.db.prisma, statusChange!))!;
    expect(onStatus.changes).toEqual({ status: ['new', 'closed'] });
    expect(onStatus.message).toBeNull();
    expect(evaluateConditionSet(changedToClosed, onStatus)).toBe(true);
    expect(evaluateConditionSet(fromNew, onStatus)).toBe(true);
    expect(evaluateConditionSet(statusUntouched, onStatus)).toBe(false);
    expect(evaluateConditionSet(priorityChanged, onStatus)).toBe(false);

    // The priority change: the conversation is closed now, but its status did not change in that event.
    const onPriority = (await loadEventSubject(gw.gateway.db.prisma, priorityChange!))!;
    expect(onPriority.status).toBe('closed');
    expect(evaluateConditionSet(changedToClosed, onPriority)).toBe(false);
    expect(evaluateConditionSet(fromNew, onPriority)).toBe(false);
    expect(evaluateConditionSet(statusUntouched, onPriority)).toBe(true);
    expect(evaluateConditionSet(priorityChanged, onPriority)).toBe(true);
    const previousIsNot = await automation({ when: 'all', conditions: [{ fieldId: 'previousStatus', matchType: 'isNot', value: 'new' }] });
    expect(evaluateConditionSet(previousIsNot, onPriority)).toBe(true);
  });

  it('a reply’s message fields: type, text and sender type of message.added', async () => {
    const id = await create('first');
    const reply = await gw.rest('POST', `${API}/conversations/${id}/messages`, { type: 'note', text: { format: 'html', content: '<p>Customer wants a <b>Refund</b></p>' } });
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    const added = await eventsOf(id, 'message.added');
    expect(added).toHaveLength(2);
    const subject = (await loadEventSubject(gw.gateway.db.prisma, added[1]!))!;
    expect(subject.message).toEqual({ type: 'note', text: expect.stringContaining('wants a Refund'), senderType: 'agent' });
    expect(subject.changes).toBeNull();

    const refundNote = await automation({ when: 'logicalExpression', logicalExpression: '1 and (2 or 3)', conditions: [
      { fieldId: 'messageText', matchType: 'contains', value: 'refund' },
      { fieldId: 'messageType', matchType: 'is', value: 'note' },
      { fieldId: 'messageSenderType', matchType: 'is', value: 'contact' },
    ] });
    expect(evaluateConditionSet(refundNote, subject)).toBe(true);
    const first = (await loadEventSubject(gw.gateway.db.prisma, added[0]!))!;
    expect(first.message).toEqual({ type: 'email', text: 'first', senderType: 'agent' });
    expect(evaluateConditionSet(refundNote, first)).toBe(false);
    // Without a message (a status event), message conditions are false, their negations true.
    const noMessage = { ...first, message: null };
    expect(evaluateConditionSet(await automation({ when: 'all', conditions: [{ fieldId: 'messageText', matchType: 'notContains', value: 'x' }] }), noMessage)).toBe(true);
    expect(evaluateConditionSet(await automation({ when: 'all', conditions: [{ fieldId: 'messageType', matchType: 'is', value: 'email' }] }), noMessage)).toBe(false);
  });
});
