/**
 * /api/docs in a real browser: Debian's chromium driven by playwright-core opens the page from a
 * running gateway and sees the operations rendered from /api/v3/openapi.json. Every request the
 * page makes goes to the gateway itself (no CDN), and the Content-Security-Policy is not violated.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_API_KEY, ADMIN_EMAIL, adminAuth, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const CHROMIUM = '/usr/bin/chromium';
let gw: TestGateway;
let browser: Browser | undefined;
beforeAll(async () => {
  gw = await startTestGateway();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

it('serves the page under a strict CSP with its assets from the gateway', async () => {
  const anonymous = await fetch(`${gw.url}/api/docs`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
  const res = await fetch(`${gw.url}/api/docs`, { headers: { authorization: adminAuth } });
  expect(res.status).toBe(200);
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  const html = await res.text();
  expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
  expect(html).not.toMatch(/https?:\/\//);
  const bundle = await fetch(`${gw.url}/api/docs/swagger-ui-bundle.js`);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  expect((await fetch(`${gw.url}/api/docs/nothing.js`)).status).toBe(404);
});

it('renders the operations in Chromium', async () => {
  const doc = await (await fetch(`${gw.url}/api/v3/openapi.json`, { headers: { authorization: adminAuth } })).json();
  const listTags = doc.paths['/api/v3/tags'].get;
  // The browser signs in as it would after the Basic prompt (INTROSPECTION=signed-in, the default).
  const context = await browser!.newContext({ httpCredentials: { username: ADMIN_EMAIL, password: ADMIN_API_KEY } });
  const page = await context.newPage();
  const origins = new Set<string>();
  const problems: string[] = [];
  page.on('request', (request) => origins.add(new URL(request.url()).origin));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${gw.url}/api/docs`);
  // Every tag of the document renders (collapsed: docExpansion none; a render that stops part-way reports no error).
  await expect.poll(() => page.locator('.opblock-tag').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(doc.tags.length);
  const rendered = await page.locator('.opblock-tag').evaluateAll((elements) => elements.map((e) => e.getAttribute('data-tag')));
  expect(rendered).toEqual(expect.arrayContaining((doc.tags as { name: string }[]).map((tag) => tag.name)));
  // Opening a tag shows its operations with method, path and summary.
  await page.locator('#operations-tag-tags').click();
  const block = page.locator('.opblock', { hasText: listTags.summary }).first();
  await block.waitFor({ state: 'visible', timeout: 20_000 });
  expect(await block.textContent()).toContain('/api/v3/tags');
  // Opening an operation shows its parameters, e.g. the include enum of the conversation list.
  await page.locator('#operations-tag-conversations').click();
  const list = page.locator('#operations-conversations-listConversations');
  await list.locator('.opblock-summary').click();
  await list.locator('.parameters').waitFor({ state: 'visible' });
  expect(await list.locator('.parameters').textContent()).toContain('include');
  expect([...origins]).toEqual([gw.url]);
  expect(problems).toEqual([]);
  await context.close();
});
