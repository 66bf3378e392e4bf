// Bisect helper for /api/docs rendering: serves variants of /tmp/docsfix-openapi.json (dump of /api/v3/openapi.json) to Chromium via playwright-core and counts rendered .opblock-tag. Usage: node scripts/openapi-docs-bisect.mjs [bisect|pair|size|strip]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const dir = require.resolve('swagger-ui-dist/package.json').replace(/package.json$/, '');
const full = JSON.parse(readFileSync('/tmp/docsfix-openapi.json', 'utf8'));
let current = full;
const html = `<html><head><link rel="stylesheet" href="/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="/swagger-ui-bundle.js"></script><script>window.ui=SwaggerUIBundle({url:'/spec.json',dom_id:'#swagger-ui',validatorUrl:null,presets:[SwaggerUIBundle.presets.apis],layout:'BaseLayout'})</script></body></html>`;
const server = http.createServer((req, res) => {
  if (req.url === '/') { res.setHeader('content-type','text/html; charset=utf-8'); return res.end(html); }
  if (req.url === '/spec.json') { res.setHeader('content-type','application/json'); return res.end(JSON.stringify(current)); }
  try { res.setHeader('content-type', req.url.endsWith('.js')?'text/javascript; charset=utf-8':'text/css; charset=utf-8'); res.end(readFileSync(dir + req.url.slice(1))); } catch { res.statusCode = 404; res.end(); }
});
await new Promise((r) => server.listen(0, r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
async function tagsRendered(doc) {
  current = doc;
  const page = await browser.newPage();
  const errs = [];
  page.on('console', (m) => { errs.push(m.type()+': '+m.text().slice(0,300)); });
  page.on('pageerror', (e) => errs.push(e.message));
  await page.goto(url);
  await page.locator('.opblock-tag').first().waitFor({ timeout: 20000 }).catch(() => {});
  let n = 0; for (let i = 0; i < Number(process.env.POLLS ?? 40); i++) { n = await page.locator('.opblock-tag').count(); if (n >= doc.tags.length) break; await page.waitForTimeout(250); if (process.env.POLLS && i % 20 === 0) console.log('t', i/4, n, await page.locator('.opblock').count()); }
  const ops = await page.locator('.opblock').count(); errs.push('ops=' + ops); if (process.env.DUMP) errs.push((await page.locator('#swagger-ui').innerText()).slice(0, 3000));
  await page.close();
  return { n, errs };
}
const tagsOf = (doc) => new Set(Object.values(doc.paths).flatMap((p) => Object.values(p).flatMap((o) => o?.tags ?? [])));
const want = (doc) => doc.tags.length;
const ok = async (doc) => { const r = await tagsRendered(doc); return { ok: r.n === want(doc), ...r, want: want(doc) }; };
console.log('full', await ok(full));
const mode = process.argv[2];
if (mode === 'bisect') {
  // find minimal set of paths (from the new modules) whose presence breaks
  let keys = Object.keys(full.paths);
  const sub = (ks) => ({ ...full, paths: Object.fromEntries(ks.map((k) => [k, full.paths[k]])) });
  // remove paths one by one chunk: binary search for the first path whose inclusion breaks
  let lo = 0, hi = keys.length; // prefix of length hi breaks
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; const r = await ok(sub(keys.slice(0, mid))); console.log(mid, r.ok, r.n, r.want); if (r.ok) lo = mid; else hi = mid; }
  console.log('culprit path', keys[hi - 1]);
  const only = await ok(sub([keys[0], keys[hi-1]])); console.log('first+culprit', only);
}
if (mode === 'pair') {
  const keys = Object.keys(full.paths);
  const sub = (ks) => ({ ...full, paths: Object.fromEntries(ks.map((k) => [k, full.paths[k]])) });
  const base = keys.slice(0, 74);
  const cands = base.filter((k) => /block|junk/i.test(k));
  const without = await ok(sub(base.filter((k) => !cands.includes(k)))); console.log('base minus new', without.ok, without.n);
  for (const c of cands) { const r = await ok(sub(base.filter((k) => k !== c))); console.log('minus', c, r.ok, r.n); }
  for (const c of cands) { const r = await ok(sub(['/api/v3/departments', c])); console.log('dept+', c, r.ok, r.n); }
}
if (mode === 'size') {
  const keys = Object.keys(full.paths);
  const sub = (ks) => ({ ...full, paths: Object.fromEntries(ks.map((k) => [k, full.paths[k]])) });
  const nonew = keys.filter((k) => !/block|junk/i.test(k));
  let r = await ok(sub(nonew)); console.log('full minus new', nonew.length, r.ok, r.n);
  r = await ok(sub(nonew.slice(0, 73))); console.log('nonew first 73', r.ok, r.n);
  r = await ok(sub(keys.slice(5))); console.log('drop first 5 of full', r.ok, r.n);
  r = await ok(sub(keys.slice(6))); console.log('drop first 6 of full', r.ok, r.n);
}
if (mode === 'strip') {
  const strip = (v) => Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'description' || typeof v[k] !== 'string').map(([k, x]) => [k, strip(x)])) : v;
  const d = strip(full); d.info.description = 'x'; for (const [p, o] of Object.entries(d.paths)) for (const op of Object.values(o)) if (op.responses) for (const r of Object.values(op.responses)) if (!r.$ref) r.description = 'ok';
  console.log('bytes', JSON.stringify(d).length); const r = await ok(d); console.log('stripped', r.ok, r.n);
  const d2 = { ...full, components: { ...full.components, schemas: {} } }; // no shared schemas
}
await browser.close(); server.close();
