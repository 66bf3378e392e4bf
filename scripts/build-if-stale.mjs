/**
 * `prestart`: build dist/ when it is missing or older than any source (src/, tsconfig*.json).
 * Plain JavaScript so that `npm start` needs neither tsx nor a compile when nothing changed
 * (a stat walk of src/ takes a few milliseconds).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
if (process.argv.includes('--force') || built < sources) {
  const started = Date.now();
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'built dist/', buildMs: Date.now() - started }) + '\n');
}
