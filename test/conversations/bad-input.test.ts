/** Bad input and refused writes: clear 4xx naming the field, and nothing half-written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, clientAuth, createContact, snapshot, submit } from './helpers.js';

let gw: TestGateway;
let live: any;
let deleted: any;

beforeAll(async () => {
  gw = await startTestGateway();
  live = await submit(gw);
  deleted = await submit(gw);
  await gw.rest('DELETE', `${BASE}/conversations/${deleted.id}`);
});
afterAll(() => gw?.stop());

/** Runs `call`, expects `status` with a message matching `pattern`, and that the database did not change. */
async function refused(call: () => Promise<{ status: number; body: any }>, status: number, pattern?: RegExp) {
  const before = await snapshot(gw);
  const response = await call();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  if (pattern) expect(response.body.message).toMatch(pattern);
  expect(await snapshot(gw)).toEqual(before);
  return response;
}

const message = { type: 'email', text: { content: 'hi' } };

describe('submit', () => {
  it('400 naming the missing or invalid field', async () => {
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { channel: 'email', message }), 400, /subject/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: '  ', channel: 'email', message }), 400, /subject/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', message }), 400, /channel/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email' }), 400, /message/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, priority: 'asap' }), 400, /priority/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, status: 'open' }), 400, /status/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { text: { content: 'x' } } }), 400, /type/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { type: 'fax', text: { content: 'x' } } }), 400, /type/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { type: 'email' } }), 400, /message\.text/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { type: 'email', text: { format: 'rtf', content: 'x' } } }), 400, /format/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, relatedType: 'robot', relatedId: '1' }), 400, /relatedType/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, assignedAgentId: 'abc' }), 400, /assignedAgentId/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { ...message, mentionedAgentIds: [1] } }), 400, /mentionedAgentIds/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { ...message, attachments: ['not-a-guid'] } }), 400, /attachments/);
  });

  it('404 for ids of things that do not exist, and nothing is written', async () => {
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, assignedAgentId: 999999 }), 404, /agent/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, assignedDepartmentId: 999999 }), 404, /department/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, relatedType: 'contact', relatedId: '999999' }), 404, /contact/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message, tagIds: [999999] }), 404, /tag/);
    await refused(
      () => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { type: 'note', text: { content: 'x' }, mentionedAgentIds: [999999] } }),
      404,
      /agent/,
    );
    await refused(
      () => gw.rest('POST', `${BASE}/conversations`, { subject: 's', channel: 'email', message: { ...message, attachments: [{ id: '00000000-0000-4000-8000-000000000000' }] } }),
      404,
      /attachment/,
    );
  });
});

describe('update, batch, reply', () => {
  it('400 for invalid enums and fields, 404 for unknown ids', async () => {
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}`, { status: 'done' }), 400, /status/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}`, { priority: 'meh' }), 400, /priority/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}`, { subject: '' }), 400, /subject/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}`, { isRead: 'yes' }), 400, /isRead/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/999999`, { subject: 'x' }), 404);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/abc`, { subject: 'x' }), 400, /id/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}`, { status: 'closed', assignedAgentId: 999999 }), 404, /agent/);
  });

  it('batch update and batch delete are all or nothing', async () => {
    const other = await submit(gw);
    await refused(() => gw.rest('PUT', `${BASE}/conversations`, { ids: [live.id, other.id, 999999], status: 'closed' }), 404, /999999/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations`, { ids: [live.id, deleted.id], status: 'closed' }), 403);
    await refused(() => gw.rest('PUT', `${BASE}/conversations`, { status: 'closed' }), 400, /ids/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations`, { ids: [], status: 'closed' }), 400, /ids/);
    await refused(() => gw.rest('PUT', `${BASE}/conversations`, { ids: [live.id], status: 'nope' }), 400, /status/);
    await refused(() => gw.rest('DELETE', `${BASE}/conversations`, { ids: [live.id, other.id, 999999] }), 404, /999999/);
    await refused(() => gw.rest('DELETE', `${BASE}/conversations`, { ids: [live.id, deleted.id] }), 409);
    await refused(() => gw.rest('DELETE', `${BASE}/conversations`, {}), 400, /ids/);
  });

  it('replying: 409 on a deleted conversation, 400 for bad messages, 404 unknown', async () => {
    await refused(() => gw.rest('POST', `${BASE}/conversations/${deleted.id}/messages`, { type: 'reply', text: { content: 'x' } }), 409);
    await refused(() => gw.rest('POST', `${BASE}/conversations/999999/messages`, { type: 'reply', text: { content: 'x' } }), 404);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { text: { content: 'x' } }), 400, /type/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { type: 'chat', text: { content: 'x' } }), 400, /type/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { type: 'reply' }), 400, /text/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { type: 'reply', text: { content: '' } }), 400, /text/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { type: 'reply', text: { content: 'x' }, attachmentIds: [] }), 400, /attachmentIds .*send attachments/);
    await refused(() => gw.rest('POST', `${BASE}/conversations`, { channel: 'email', subject: 's', message: { type: 'reply', text: { content: 'x' }, attachmentIds: [] } }), 400, /message\.attachmentIds/);
    // An agent cannot write as someone else.
    const agent = await gw.createAgent();
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/messages`, { type: 'reply', text: { content: 'x' }, sendByType: 'agent', sendById: String(agent.id) }), 403);
  });

  it('a deleted conversation is read-only: updates 403, isEditable false', async () => {
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${deleted.id}`, { subject: 'x' }), 403, /deleted/);
    expect((await gw.rest('GET', `${BASE}/conversations/${deleted.id}`)).body).toMatchObject({ isDeleted: true, isEditable: false });
    await refused(() => gw.rest('POST', `${BASE}/conversations/${deleted.id}/draft`, { type: 'reply', text: { content: 'x' } }), 409);
    await refused(() => gw.rest('POST', `${BASE}/deletedConversations/${live.id}/restore`), 404);
    await refused(() => gw.rest('DELETE', `${BASE}/conversations/${deleted.id}`), 409);
  });
});

describe('merge', () => {
  it('409 into itself, into or from a deleted conversation; 404 unknown; 400 without sourceId', async () => {
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/merge`, { sourceId: live.id }), 409, /itself/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${deleted.id}/merge`, { sourceId: live.id }), 409, /deleted/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/merge`, { sourceId: deleted.id }), 409, /deleted/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/merge`, { sourceId: 999999 }), 404);
    await refused(() => gw.rest('POST', `${BASE}/conversations/999999/merge`, { sourceId: live.id }), 404);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/merge`, {}), 400, /sourceId/);
  });
});

describe('drafts', () => {
  it('400 for a bad type, 404 for an unknown conversation', async () => {
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/draft`, { type: 'fax' }), 400, /type/);
    await refused(() => gw.rest('POST', `${BASE}/conversations/999999/draft`, { type: 'reply' }), 404);
    await refused(() => gw.rest('GET', `${BASE}/conversations/999999/draft`), 404);
    await refused(() => gw.rest('POST', `${BASE}/conversations/${live.id}/draft`, { mentionedAgentIds: [999999] }), 404, /agent/);
  });
});

describe('who may call', () => {
  it('contacts are refused (403), anonymous callers 401, integrations need the api scope', async () => {
    const contactId = await createContact(gw);
    const contact = await clientAuth(gw, ['portal'], contactId);
    const portalIntegration = await clientAuth(gw, ['portal']);
    const api = await clientAuth(gw, ['api']);
    const calls: [string, string, unknown?][] = [
      ['GET', `${BASE}/conversations`],
      ['GET', `${BASE}/conversations/${live.id}`],
      ['GET', `${BASE}/conversations/${live.id}/messages`],
      ['POST', `${BASE}/conversations`, { subject: 's', channel: 'portal', message }],
      ['PUT', `${BASE}/conversations/${live.id}`, { subject: 'hacked' }],
      ['POST', `${BASE}/conversations/${live.id}/messages`, { type: 'reply', text: { content: 'x' } }],
      ['DELETE', `${BASE}/conversations/${live.id}`],
      ['GET', `${BASE}/deletedConversations`],
      ['POST', `${BASE}/conversations/${live.id}/merge`, { sourceId: deleted.id }],
    ];
    for (const [method, path, body] of calls) {
      await refused(() => gw.rest(method, path, body, contact), 403);
      await refused(() => gw.rest(method, path, body, portalIntegration), 403);
      await refused(() => gw.rest(method, path, body, null), 401);
    }
    expect((await gw.rest('GET', `${BASE}/conversations/${live.id}`, undefined, api)).status).toBe(200);
    expect((await gw.rest('GET', `${BASE}/conversations/${live.id}`, undefined, api)).body.isEditable).toBe(true);
    // Read state and drafts are an agent's own.
    await refused(() => gw.rest('PUT', `${BASE}/conversations/${live.id}/read`, undefined, api), 403);
    await refused(() => gw.rest('GET', `${BASE}/conversations/${live.id}/draft`, undefined, api), 403);
    await refused(() => gw.rest('GET', `${BASE}/conversations/unreadCount?filterIds=all`, undefined, api), 403);
    const graphql = await gw.gql(`{ conversations { totalCount } }`, {}, contact);
    expect(graphql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
