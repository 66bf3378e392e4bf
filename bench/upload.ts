/**
 * `npm run bench:upload`: uploads a 20 MB file (multipart, REST) to a gateway process and records
 * that process's resident memory before and after, and its peak (VmHWM). Uploads are streamed to
 * storage, so the peak should grow by far less than the file size.
 *   BENCH_UPLOAD_MB (default 20), BENCH_UPLOADS (sequential uploads, default 3)
 */
import { randomBytes } from 'node:crypto';
import { adminAuth, machine, spawnGateway, startBenchDatabase } from './harness.js';

const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 20);
const uploads = Number(process.env.BENCH_UPLOADS ?? 3);

const database = await startBenchDatabase();
const gateway = await spawnGateway(database.url, {
  ATTACHMENT_MAX_FILE_BYTES: String((megabytes + 1) * 1024 * 1024),
  ATTACHMENT_MAX_CONVERSATION_BYTES: String((megabytes + 1) * 1024 * 1024 * uploads),
});

// Warm up: one small upload, so code paths are loaded before the baseline is taken.
const small = new FormData();
small.append('file', new Blob([randomBytes(1024)]), 'warmup.bin');
const warm = await fetch(`${gateway.url}/api/v3/anytime/attachments`, { method: 'POST', body: small, headers: { authorization: adminAuth } });
if (warm.status !== 200 && warm.status !== 201) throw new Error(`warm-up upload failed: ${warm.status} ${await warm.text()}`);
const baseline = gateway.memory();

const payload = randomBytes(megabytes * 1024 * 1024);
const rows: string[] = [];
for (let i = 1; i <= uploads; i += 1) {
  const form = new FormData();
  form.append('file', new Blob([payload]), `big-${i}.bin`);
  const started = performance.now();
  const response = await fetch(`${gateway.url}/api/v3/anytime/attachments`, { method: 'POST', body: form, headers: { authorization: adminAuth } });
  const body = (await response.json()) as { size?: number };
  const seconds = (performance.now() - started) / 1000;
  if (body.size !== payload.length) throw new Error(`upload ${i} failed: ${response.status} ${JSON.stringify(body)}`);
  const after = gateway.memory();
  rows.push(`| ${i} | ${megabytes} | ${seconds.toFixed(2)} | ${after.rssMiB.toFixed(1)} | ${after.peakMiB.toFixed(1)} | ${(after.peakMiB - baseline.peakMiB).toFixed(1)} |`);
}
await gateway.stop();
await database.stop();

console.log(`\nMachine: ${machine()}`);
console.log(`Gateway process before the large uploads: RSS ${baseline.rssMiB.toFixed(1)} MiB, peak ${baseline.peakMiB.toFixed(1)} MiB\n`);
console.log('| upload | MB | seconds | RSS after (MiB) | peak RSS (MiB) | peak growth over baseline (MiB) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(rows.join('\n'));
