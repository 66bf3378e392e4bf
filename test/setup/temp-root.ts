/**
 * Temporary directories of a test run (issue #10 item 10: runs left every temp directory behind).
 *
 *  - One root per run, `$TMPDIR/anytime-test-run-<pid>-XXXXXX`, with an `owner` file (pid and
 *    process start time). Every test file's processes inherit TMPDIR pointing into it, so
 *    os.tmpdir() (data dirs, uploads, spawned gateways, embedded PostgreSQL) lands inside.
 *  - Each test file gets its own directory under the root (test/setup/file-temp-dir.ts). After the
 *    file's own afterAll hooks it must be empty: anything left fails that file, naming what was
 *    left, and is removed all the same (also after a failing test that never reached its cleanup).
 *  - Teardown removes the root. Anything found in the root itself that is not this run's
 *    PostgreSQL or a tool cache (a file's directory left by a crashed worker, something written past
 *    TMPDIR) fails the run, naming it.
 *  - A run killed before its teardown (SIGKILL, a closed terminal) leaves its root: the next run
 *    removes roots whose owner process is gone, after stopping any PostgreSQL still running in one.
 *
 * Registered first in vitest.config.ts's globalSetup, so its teardown runs last (after the
 * database has stopped).
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processInfo, stopLeftoverPostmaster } from '../../src/db/data-dir-lock.js';
import { createLogger } from '../../src/logger.js';

export const RUN_ROOT_PREFIX = 'anytime-test-run-';
/** The run root, for the test files' setup (test/setup/file-temp-dir.ts) and global.ts. */
export const RUN_ROOT_ENV = 'ANYTIME_TEST_RUN_ROOT';
/** Each test file's directory under the root. */
export const FILE_DIR_PREFIX = 'file-';
/** The run's own PostgreSQL (global.ts). */
export const POSTGRES_DIR_PREFIX = 'pg-';
/**
 * Caches of the tools, not of a test: tsx's compile cache (`tsx-<uid>`), made by every spawned
 * `node --import tsx` and shared by the processes of a run. Removed with the root.
 */
export const isToolCache = (name: string) => /^tsx-\d+$/.test(name);

interface Owner {
  pid: number;
  start: string | null;
}

export default async function setup() {
  const base = tmpdir();
  await removeStaleRunRoots(base);
  const root = mkdtempSync(join(base, `${RUN_ROOT_PREFIX}${process.pid}-`));
  // As root, PostgreSQL runs as the `postgres` user, which must reach data directories inside.
  chmodSync(root, 0o755);
  const owner: Owner = { pid: process.pid, start: processInfo(process.pid)?.start ?? null };
  writeFileSync(join(root, 'owner'), JSON.stringify(owner));
  process.env[RUN_ROOT_ENV] = root;
  process.env.TMPDIR = root;
  return async () => {
    process.env.TMPDIR = base;
    const unexpected = readdirSync(root).filter((name) => name !== 'owner' && !name.startsWith(POSTGRES_DIR_PREFIX) && !isToolCache(name));
    rmSync(root, { recursive: true, force: true });
    if (unexpected.length) {
      const message =
        `The test run left ${unexpected.map((name) => JSON.stringify(name)).join(', ')} in its temp root ${root} (removed now). ` +
        `"${FILE_DIR_PREFIX}*" is a test file's directory whose afterAll never ran (its worker died); anything else was written past TMPDIR.`;
      // Not thrown: vitest would then skip the rest of its close (its own temp directory stays).
      console.error(message);
      process.exitCode = 1;
    }
  };
}

/** Roots of earlier runs whose process is gone (killed before its teardown): stop their PostgreSQL, remove them. */
export async function removeStaleRunRoots(base: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of readdirSync(base)) {
    if (!name.startsWith(RUN_ROOT_PREFIX)) continue;
    const root = join(base, name);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(join(root, 'owner'), 'utf8')) as Owner;
    } catch {
      continue; // not ours to judge: no owner file (a run of an older harness, or one starting now)
    }
    const alive = processInfo(owner.pid);
    if (alive && (owner.start === null || alive.start === owner.start)) continue;
    for (const pgDir of postgresDataDirs(root, 4)) await stopLeftoverPostmaster(pgDir, createLogger('silent'));
    rmSync(root, { recursive: true, force: true });
    removed.push(root);
  }
  return removed;
}

/** Directories under `dir` (at most `depth` levels down) that hold a postmaster.pid. */
function postgresDataDirs(dir: string, depth: number): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  if (entries.includes('postmaster.pid')) return [dir];
  if (depth === 0) return [];
  return entries.flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(path).isDirectory() ? postgresDataDirs(path, depth - 1) : [];
    } catch {
      return [];
    }
  });
}
