/**
 * `prestart`: build dist/ when it is missing or older than any source (src/, tsconfig*.json).
 * Plain JavaScript so that `npm start` needs neither tsx nor a compile when nothing changed
 * (a stat walk of src/ takes a few milliseconds).
 *
 * The build emits without type checking (`--noCheck`): checking is `npm run typecheck`'s job (CI
 * runs it), it takes four times as long, and it needs the @types packages, which an install
 * without dev dependencies (`npm ci --omit=dev`) does not have. typescript itself is a runtime
 * dependency for that reason.
 *
 * It compiles into a fresh directory and then swaps it for dist/, so a file whose source was
 * deleted or renamed does not linger in dist/ (where an import could still find it), and an
 * interrupted build leaves the previous dist/ whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');

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
  const next = join(root, `dist.next-${process.pid}`);
  const previous = join(root, `dist.previous-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--noCheck', '--outDir', next], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
    if (existsSync(dist)) renameSync(dist, previous);
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'built dist/', buildMs: Date.now() - started }) + '\n');
}
