/**
 * A clean install: every package in the lock file accepts every Node version that package.json's
 * `engines` admits, so `npm ci` on the project's Node prints no EBADENGINE warning and `engines`
 * tells the truth. (.ci/run also fails when `npm ci` prints EBADENGINE.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('engines', () => {
  it('package.json engines admits the Node running the tests', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });

  it('every locked package accepts every Node version package.json engines admits', () => {
    const narrower = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!range || semver.subset(manifest.engines.node, range)) return [];
        return [`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${range}`];
      });
    expect(narrower).toEqual([]);
  });
});
