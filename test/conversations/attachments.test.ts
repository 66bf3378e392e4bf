/** Messages and drafts reference uploaded attachments by id; merge carries them along. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, uploadRest } from '../attachments/helpers.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE, snapshot, submit } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.stop());

async function upload(name = 'pixel.png') {
  const uploaded = await uploadRest(gw, PNG, name);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
  return uploaded.body.id as string;
}

describe('attachments on messages', () => {
  it('claims attachments given as objects or ids on submit and reply', async () => {
    const first = await upload();
    const conversation = await submit(gw, { message: { attachments: [{ id: first, fileName: 'ignored.png' }] } });
    const second = await upload('two.png');
    const reply = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'reply', text: { content: 'see attached' }, attachments: [second] });
    expect(reply.status).toBe(200);
    expect(reply.body.attachments).toEqual([expect.objectContaining({ id: second, fileName: 'two.png', messageId: reply.body.id, mimetype: 'image/png' })]);
    const messages = await gw.rest('GET', `${BASE}/conversations/${conversation.id}/messages`);
    expect(messages.body[0].attachments.map((a: any) => a.id)).toEqual([first]);
    // A message of only an attachment is fine.
    const third = await upload();
    const bare = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'reply', attachments: [{ id: third }] });
    expect(bare.status).toBe(200);
  });

  it('refuses an attachment already on another message (409) and writes nothing', async () => {
    const id = await upload();
    const conversation = await submit(gw, { message: { attachments: [{ id }] } });
    const before = await snapshot(gw);
    const again = await gw.rest('POST', `${BASE}/conversations/${conversation.id}/messages`, { type: 'reply', text: { content: 'x' }, attachments: [{ id }] });
    expect(again.status).toBe(409);
    expect(await snapshot(gw)).toEqual(before);
  });

  it('drafts keep attachment ids without claiming them; merge moves attachments with their messages', async () => {
    const target = await submit(gw);
    const id = await upload();
    const draft = await gw.rest('POST', `${BASE}/conversations/${target.id}/draft`, { type: 'reply', attachments: [{ id }] });
    expect(draft.status).toBe(200);
    expect(draft.body.attachments.map((a: any) => a.id)).toEqual([id]);
    expect((await gw.sql(`SELECT "messageId" FROM "Attachment" WHERE id = $1`, [id]))[0].messageId).toBeNull();

    const attachment = await upload();
    const source = await submit(gw, { message: { attachments: [{ id: attachment }] } });
    await gw.rest('POST', `${BASE}/conversations/${target.id}/merge`, { sourceId: source.id });
    const [row] = await gw.sql(`SELECT "conversationId" FROM "Attachment" WHERE id = $1`, [attachment]);
    expect(row.conversationId).toBe(target.id);
    const messages = await gw.rest('GET', `${BASE}/conversations/${target.id}/messages`);
    expect(messages.body.flatMap((m: any) => m.attachments.map((a: any) => a.id))).toEqual([attachment]);
  });
});
