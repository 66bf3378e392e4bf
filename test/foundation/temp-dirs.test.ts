/**
 * A test run removes every temporary directory it made, also when a test fails (issue #10 item 10),
 * and says which file left one behind (test/setup/temp-root.ts, test/setup/file-temp-dir.ts).
 * Checked on a small vitest run of fixture files (test/setup/fixtures/, no database) under a TMPDIR
 * of its own: one cleans up, one leaks a directory, one fails before its cleanup, one writes into
 * the run root past its TMPDIR; a root left by a killed run is waiting to be swept.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { processInfo } from '../../src/db/data-dir-lock.js';

const root = join(import.meta.dirname, '..', '..');
const sandbox = mkdtempSync(join(tmpdir(), 'temp-dirs-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

it('fails the files that leave something, removes everything, and sweeps roots of dead runs', () => {
  // Roots of other runs: a dead one (its owner's start time is not this process's), a live one (this
  // process), and one without an owner file (an older harness, or a run just starting): only the first goes.
  const me = processInfo(process.pid)!;
  for (const [name, owner] of [
    ['anytime-test-run-1-dead', { pid: process.pid, start: 'not-this-process' }],
    ['anytime-test-run-2-alive', { pid: process.pid, start: me.start }],
    ['anytime-test-run-3-unknown', null],
  ] as const) {
    mkdirSync(join(sandbox, name, 'file-x'), { recursive: true });
    if (owner) writeFileSync(join(sandbox, name, 'owner'), JSON.stringify(owner));
  }
  const run = fixtureRun();
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(1);
  // The tidy file passes; the leaking one fails although its test passed; the failing one fails.
  expect(output).toMatch(/✓ clean\.fixture\.ts > makes a directory and removes it in afterAll/);
  expect(output).toMatch(/This test file left "leaky-\w+" in its temp directory \(removed now\)/);
  expect(output).toMatch(/This test file left "abandoned-\w+" in its temp directory \(removed now\)/);
  expect(output).not.toMatch(/left "tidy-/);
  // Writing past TMPDIR into the run root fails the run at teardown.
  expect(output).toMatch(/The test run left "written-past-tmpdir" in its temp root .*anytime-test-run-\d+-\w+ \(removed now\)/);
  // Nothing of the run is left; the dead run's root is gone, the others are untouched.
  expect(readdirSync(sandbox).sort()).toEqual(['anytime-test-run-2-alive', 'anytime-test-run-3-unknown']);
}, 150_000);

it('a run whose tests all pass still fails when something was written past TMPDIR', () => {
  const run = fixtureRun('past-tmpdir');
  const output = `${run.stdout}\n${run.stderr}`;
  expect(output).toMatch(/Tests +1 passed \(1\)/);
  expect(output).toMatch(/The test run left "written-past-tmpdir"/);
  expect(run.status, output).toBe(1);
  expect(readdirSync(sandbox).sort()).toEqual(['anytime-test-run-2-alive', 'anytime-test-run-3-unknown']);
}, 150_000);

/** vitest on the fixture files (those matching `filter`, or all), with the sandbox as TMPDIR and nothing of this run's environment. */
function fixtureRun(filter?: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: sandbox, NO_COLOR: '1' };
  return spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/setup/fixtures/vitest.config.ts', ...(filter ? [filter] : [])], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}
