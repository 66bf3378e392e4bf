/**
 * README's shell examples run verbatim against a fresh install: a gateway on an empty database
 * whose first start created admin@localhost and wrote .data/admin-credentials. Each ```sh block
 * (except the install block) runs with bash in a directory whose `.data` is that gateway's data
 * directory; only the documented address 127.0.0.1:4000 is replaced by the test server's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const run = promisify(execFile);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((block) => !block.includes('npm install'));

/** What each example must show, keyed by a line it contains. */
const expectations: Array<[string, RegExp[]]> = [
  ['/api/v3/agents/$AGENT_ID/apiKeys', [/"email":"alex@example.com"/, /"apiKey":"atk_/, /"revokedTime":"\d{4}-/]],
  ['/oauth/token', [/"token_type":"Bearer"/, /"contacts":\[/]],
  ['/api/v3/anytime/conversations', [/"subject":"Printer on fire"/, /"totalCount":1/, /"plainText":"It smokes."/]],
];

let gw: TestGateway;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'anytime-readme-'));
  // No ADMIN_EMAIL/ADMIN_API_KEY: the first-run path a new user takes.
  gw = await startTestGateway({ adminEmail: undefined, adminApiKey: undefined, dataDir: join(home, '.data') });
});
afterAll(async () => {
  await gw?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

it('README has the documented examples', () => {
  expect(shellBlocks.length).toBe(expectations.length);
  for (const [marker] of expectations) expect(shellBlocks.filter((block) => block.includes(marker))).toHaveLength(1);
});

it.each(expectations)('the example with %s runs verbatim and answers data', async (marker, patterns) => {
  const block = shellBlocks.find((candidate) => candidate.includes(marker))!;
  expect(block).toContain('127.0.0.1:4000');
  const address = new URL(gw.url).host;
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', block.replaceAll('127.0.0.1:4000', address)], { cwd: home, timeout: 60_000 });
  expect(stdout).not.toMatch(/"errors"|"code":"/);
  for (const pattern of patterns) expect(stdout).toMatch(pattern);
});
