/**
 * Attachments end to end: REST multipart upload and GraphQL multipart upload (real clients:
 * fetch + FormData/Blob), type detection, limits refused while streaming, downloads (signed links
 * and viewers), availability, delete, and every bad input leaving neither file nor row behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/gateway-process.js';
import { contactToken, createContact, PNG, storedFiles, uploadGraphQL, uploadRest } from './helpers.js';

let gw: TestGateway;
const MAX_FILE = 64 * 1024;

beforeAll(async () => {
  gw = await startTestGateway({ attachmentMaxFileBytes: MAX_FILE });
});
afterAll(async () => {
  await gw?.stop();
});

const rowCount = async () => Number((await gw.sql('SELECT count(*)::int AS n FROM "Attachment"'))[0].n);

/** A state snapshot: nothing may change when an upload is refused. */
async function snapshot() {
  return { rows: await rowCount(), files: storedFiles(gw).length };
}

describe('REST upload (POST /api/v3/anytime/attachments, multipart/form-data)', () => {
  it('stores the file, detects the mimetype from the content and answers the documented attachment', async () => {
    const response = await uploadRest(gw, PNG, 'pixel.png', adminAuthHeader());
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ['id', 'messageId', 'type', 'mimetype', 'originalId', 'originalLink', 'text', 'fileName', 'url', 'previewUrl', 'size', 'scale', 'isAvailable'].sort(),
    );
    expect(response.body).toMatchObject({
      messageId: null,
      type: 'image',
      mimetype: 'image/png', // the client said text/plain
      fileName: 'pixel.png',
      size: PNG.length,
      isAvailable: true,
    });
    expect(response.body.url).toMatch(new RegExp(`^/api/v3/anytime/attachments/${response.body.id}/download\\?expires=\\d+&signature=`));
    expect(response.body.previewUrl).toMatch(/\/preview\?/);
    const [row] = await gw.sql('SELECT * FROM "Attachment" WHERE id = $1', [response.body.id]);
    expect(row).toMatchObject({ size: PNG.length, uploadedByType: 'agent', messageId: null, conversationId: null });
    expect(storedFiles(gw).some((path) => path.endsWith(response.body.id))).toBe(true);

    // The signed link works without credentials and returns the same bytes.
    const download = await fetch(`${gw.url}${response.body.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="pixel.png"');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    const preview = await fetch(`${gw.url}${response.body.previewUrl}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-disposition')).toMatch(/^inline/);
  });

  it('detects text and keeps non-ASCII file names', async () => {
    const response = await uploadRest(gw, 'a,b\n1,2\n', 'données été.csv', adminAuthHeader(), 'image/png');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ mimetype: 'text/csv', type: 'file', fileName: 'données été.csv', previewUrl: null });
    const download = await fetch(`${gw.url}${response.body.url}`);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''donn%C3%A9es%20%C3%A9t%C3%A9.csv");
    expect(await download.text()).toBe('a,b\n1,2\n');
  });

  it('refuses bad uploads with a clear 4xx and leaves nothing behind', async () => {
    const before = await snapshot();

    // no credentials
    expect((await uploadRest(gw, 'x', 'a.txt', null)).status).toBe(401);

    // JSON instead of multipart
    const json = await gw.rest('POST', '/api/v3/anytime/attachments', { file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);

    // no `file` part
    const form = new FormData();
    form.append('other', 'value');
    const missing = await fetch(`${gw.url}/api/v3/anytime/attachments`, { method: 'POST', headers: { authorization: adminAuthHeader() }, body: form });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/part named "file"/);

    // malformed multipart (no boundary)
    const malformed = await gw.rest('POST', '/api/v3/anytime/attachments', 'garbage', undefined, { 'content-type': 'multipart/form-data' });
    expect(malformed.status).toBe(400);

    // empty file
    const empty = await uploadRest(gw, Buffer.alloc(0), 'empty.txt', adminAuthHeader());
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/file is empty/);

    // path traversal in the file name
    const traversal = await uploadRest(gw, 'secret', '../../etc/passwd', adminAuthHeader());
    expect(traversal.status).toBe(400);
    expect(traversal.body.message).toMatch(/must not contain a path/);
    const windows = await uploadRest(gw, 'secret', '..\\..\\boot.ini', adminAuthHeader());
    expect(windows.status).toBe(400);

    // over the per-file limit (Content-Length tells before any byte is read)
    const big = await uploadRest(gw, Buffer.alloc(MAX_FILE * 3, 1), 'big.bin', adminAuthHeader());
    expect(big.status).toBe(413);

    // just over the limit: caught while streaming
    const slightly = await uploadRest(gw, Buffer.alloc(MAX_FILE + 1, 65), 'slightly.txt', adminAuthHeader());
    expect(slightly.status).toBe(413);
    expect(slightly.body.message).toMatch(/larger than the 65536 byte limit/);

    // blocked types: by extension, and by content whatever the name
    const exe = await uploadRest(gw, 'harmless text', 'setup.exe', adminAuthHeader());
    expect(exe.status).toBe(415);
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]);
    const disguised = await uploadRest(gw, pe, 'invoice.pdf', adminAuthHeader());
    expect(disguised.status).toBe(415);
    const script = await uploadRest(gw, '#!/bin/sh\nrm -rf /\n', 'notes.txt', adminAuthHeader());
    expect(script.status).toBe(415);

    expect(await snapshot()).toEqual(before);
  });

  it('checks the size while streaming a body without Content-Length (chunked), and keeps nothing', async () => {
    const before = await snapshot();
    const boundary = '----anytime-test-boundary';
    const chunk = Buffer.alloc(16 * 1024, 66);
    let sent = 0;
    const total = MAX_FILE * 4;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.txt"\r\nContent-Type: text/plain\r\n\r\n`),
        );
      },
      pull(controller) {
        if (sent >= total) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${gw.url}/api/v3/anytime/attachments`, {
      method: 'POST',
      headers: { authorization: adminAuthHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });
});

describe('GraphQL upload (graphql-multipart-request-spec, graphql-upload-ts)', () => {
  it('uploads through the uploadAttachment mutation', async () => {
    const response = await uploadGraphQL(gw, PNG, 'gql.png', adminAuthHeader());
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.uploadAttachment).toMatchObject({ fileName: 'gql.png', mimetype: 'image/png', size: PNG.length, type: 'image', isAvailable: true });
    const download = await fetch(`${gw.url}${response.body.data.uploadAttachment.url}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('accepts apollo-require-preflight as the CSRF header too', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($file: Upload!) { uploadAttachment(file: $file) { fileName } }', variables: { file: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob(['hello']), 'hello.txt');
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { authorization: adminAuthHeader(), 'apollo-require-preflight': 'true' },
      body: form,
    });
    expect(((await response.json()) as { data: { uploadAttachment: { fileName: string } } }).data.uploadAttachment.fileName).toBe('hello.txt');
  });

  it('requires a CSRF header, credentials, a well-formed request, and applies the same limits', async () => {
    const before = await snapshot();
    const noCsrf = await uploadGraphQL(gw, PNG, 'a.png', adminAuthHeader(), { csrf: false });
    expect(noCsrf.status).toBe(400);
    expect(noCsrf.body.message).toMatch(/x-graphql-csrf/);

    const anonymous = await uploadGraphQL(gw, PNG, 'a.png', null);
    expect(anonymous.status).toBe(401);

    const form = new FormData();
    form.append('operations', '{not json');
    form.append('map', '{}');
    const badJson = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { authorization: adminAuthHeader(), 'x-graphql-csrf': '1' }, body: form });
    expect(badJson.status).toBe(400);

    const tooBig = await uploadGraphQL(gw, Buffer.alloc(MAX_FILE + 10, 65), 'big.txt', adminAuthHeader());
    expect(tooBig.body.errors?.[0]?.extensions?.code ?? tooBig.status).toSatisfy((v: unknown) => v === 'PAYLOAD_TOO_LARGE' || v === 413);

    const blocked = await uploadGraphQL(gw, 'x', 'run.bat', adminAuthHeader());
    expect(blocked.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    // graphql-upload-ts's parser keeps only the base name of a path: stored as "passwd", never as a path.
    const traversal = await uploadGraphQL(gw, 'x', '../../etc/passwd', adminAuthHeader());
    expect(traversal.body.data.uploadAttachment.fileName).toBe('passwd');
    expect(storedFiles(gw).every((path) => path.startsWith(`${gw.gateway.deps.config.dataDir}/attachments/`))).toBe(true);
    await gw.rest('DELETE', `/api/v3/anytime/attachments/${traversal.body.data.uploadAttachment.id}`);

    const empty = await uploadGraphQL(gw, Buffer.alloc(0), 'empty.txt', adminAuthHeader());
    expect(empty.body.errors[0].message).toMatch(/file is empty/);

    // A JSON request cannot pass a file
    const json = await gw.gql('mutation($f: Upload!) { uploadAttachment(file: $f) { id } }', { f: 'not a file' });
    expect(json.errors?.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe('downloads, availability and delete', () => {
  it('serves downloads to signed links and to viewers who may see the attachment', async () => {
    const uploaded = (await uploadRest(gw, 'hello', 'hello.txt', adminAuthHeader())).body;
    const path = `/api/v3/anytime/attachments/${uploaded.id}/download`;

    // without signature: credentials needed
    expect((await fetch(`${gw.url}${path}`)).status).toBe(401);
    const agent = await gw.createAgent();
    expect((await fetch(`${gw.url}${path}`, { headers: { authorization: agent.auth } })).status).toBe(200);
    // a contact who did not upload it (and has no conversation with it) does not see it
    const contactAuth = await contactToken(gw, await createContact(gw));
    expect((await fetch(`${gw.url}${path}`, { headers: { authorization: contactAuth } })).status).toBe(404);
    expect((await gw.gql('query($id: String!) { attachment(id: $id) { id } }', { id: uploaded.id }, contactAuth)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // tampered or expired signatures are refused
    expect((await fetch(`${gw.url}${uploaded.url.replace(/signature=./, 'signature=x')}`)).status).toBe(403);
    expect((await fetch(`${gw.url}${uploaded.url.replace(/expires=\d+/, 'expires=1000')}`)).status).toBe(403);
    // a signature of one attachment does not open another
    const other = (await uploadRest(gw, 'other', 'other.txt', adminAuthHeader())).body;
    const query = uploaded.url.split('?')[1];
    expect((await fetch(`${gw.url}/api/v3/anytime/attachments/${other.id}/download?${query}`)).status).toBe(403);

    // no preview for non-images; unknown guids
    expect((await fetch(`${gw.url}${uploaded.url.replace('/download', '/preview')}`)).status).toBe(404);
    expect((await fetch(`${gw.url}/api/v3/anytime/attachments/00000000-0000-4000-8000-000000000000/download`, { headers: { authorization: agent.auth } })).status).toBe(404);

    // The contact that uploads a file may read it back
    const own = await uploadRest(gw, 'mine', 'mine.txt', contactAuth);
    expect(own.status).toBe(200);
    expect((await gw.rest('GET', `/api/v3/anytime/attachments/${own.body.id}`, undefined, contactAuth)).body.fileName).toBe('mine.txt');
  });

  it('PUT isAvailable (v2 documented path and v3 path): unavailable downloads answer 410', async () => {
    const uploaded = (await uploadRest(gw, 'bytes', 'a.txt', adminAuthHeader())).body;
    const off = await gw.rest('PUT', `/api/v2/livechat/attachments/${uploaded.id}`, { isAvailable: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: uploaded.id, isAvailable: false, fileName: 'a.txt' });
    expect((await fetch(`${gw.url}${uploaded.url}`)).status).toBe(410);
    const on = await gw.rest('PUT', `/api/v3/anytime/attachments/${uploaded.id}`, { isAvailable: true });
    expect(on.body.isAvailable).toBe(true);
    expect((await fetch(`${gw.url}${uploaded.url}`)).status).toBe(200);

    expect((await gw.rest('PUT', `/api/v3/anytime/attachments/${uploaded.id}`, {})).status).toBe(400);
    expect((await gw.rest('PUT', `/api/v3/anytime/attachments/${uploaded.id}`, { isAvailable: 'no' })).status).toBe(400);
    expect((await gw.rest('PUT', '/api/v3/anytime/attachments/00000000-0000-4000-8000-000000000000', { isAvailable: false })).status).toBe(404);
    expect((await gw.rest('PUT', '/api/v3/anytime/attachments/not-a-guid', { isAvailable: false })).status).toBe(404);
    const contactAuth = await contactToken(gw, await createContact(gw));
    expect((await gw.rest('PUT', `/api/v3/anytime/attachments/${uploaded.id}`, { isAvailable: false }, contactAuth)).status).toBe(404);
    const [row] = await gw.sql('SELECT "isAvailable" FROM "Attachment" WHERE id = $1', [uploaded.id]);
    expect(row.isAvailable).toBe(true);
  });

  it('DELETE removes the record and the stored file', async () => {
    const uploaded = (await uploadRest(gw, 'bytes', 'gone.txt', adminAuthHeader())).body;
    const contactAuth = await contactToken(gw, await createContact(gw));
    expect((await gw.rest('DELETE', `/api/v3/anytime/attachments/${uploaded.id}`, undefined, contactAuth)).status).toBe(404);
    const deleted = await gw.rest('DELETE', `/api/v3/anytime/attachments/${uploaded.id}`);
    expect(deleted.status).toBe(204);
    expect(await gw.sql('SELECT id FROM "Attachment" WHERE id = $1', [uploaded.id])).toEqual([]);
    // The file goes through the attachments.deleteFiles job its delete committed with.
    expect(await waitFor(() => !storedFiles(gw).some((path) => path.endsWith(uploaded.id)))).toBe(true);
    expect((await fetch(`${gw.url}${uploaded.url}`)).status).toBe(404);
    expect((await gw.rest('DELETE', `/api/v3/anytime/attachments/${uploaded.id}`)).status).toBe(404);
  });
});

function adminAuthHeader(): string {
  return `Basic ${Buffer.from('admin@test.local:atk_test_admin_key_0123456789').toString('base64')}`;
}
