/**
 * Each test file's own temp directory (see test/setup/temp-root.ts): TMPDIR points into it while
 * the file runs, so os.tmpdir() there is the file's. Registered as a setupFile, so this afterAll
 * is registered before the file's own and, hooks running as a stack, runs after them: by then the
 * file must have removed what it made. Whatever is left fails the file, naming it, and is removed.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FILE_DIR_PREFIX, isToolCache, RUN_ROOT_ENV } from './temp-root.js';

const parent = process.env[RUN_ROOT_ENV] ?? tmpdir();
const dir = mkdtempSync(join(parent, FILE_DIR_PREFIX));
// As root, PostgreSQL runs as the `postgres` user, which must reach data directories inside.
chmodSync(dir, 0o755);
process.env.TMPDIR = dir;

afterAll(() => {
  process.env.TMPDIR = parent;
  const left = readdirSync(dir).filter((name) => !isToolCache(name));
  rmSync(dir, { recursive: true, force: true });
  if (left.length) {
    throw new Error(
      `This test file left ${left.map((name) => JSON.stringify(name)).join(', ')} in its temp directory (removed now): ` +
        'remove what a test makes in its afterAll or finally (TestGateway.stop() removes the data dir it made, ProcessTestContext.cleanUp() its directory).',
    );
  }
});
