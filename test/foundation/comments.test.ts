/**
 * Comments that name files name files that exist (issue #10 item 10: system-fields.ts named a seed
 * file and a test that were gone). Every path in a comment of src/, test/, scripts/ and bench/
 * (repo-rooted like `prisma/migrations/…`, or relative to the commented file), every bare file name
 * (`messages-service.ts`) and every repo path in README.md must exist. Cheap: reads text only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const ROOTED = /^(src|test|prisma|scripts|bench)\//;
/** Not file names, though they look like one (`Prisma.sql` tagged templates). */
const NOT_FILES = new Set(['Prisma.sql']);

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === 'generated' || name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const files = ['src', 'test', 'scripts', 'bench'].flatMap(sources);
const known = new Set(files.map((file) => basename(file)));
const exists = (path: string) => existsSync(join(root, path)) || (path.endsWith('.js') && existsSync(join(root, path.replace(/\.js$/, '.ts'))));
const FILE_NAME = /(?<![\w./-])((?:\.{1,2}\/)?[\w./-]*[\w-]\.(?:ts|js|mjs|md|sql|prisma|json|toml))\b/g;

it('every file a source comment names exists', () => {
  const missing: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const comments = [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((match) => match[0]).join('\n');
    for (const [, ref] of comments.matchAll(FILE_NAME)) {
      if (NOT_FILES.has(ref!)) continue;
      const ok = ROOTED.test(ref!)
        ? exists(ref!)
        : ref!.startsWith('.')
          ? exists(relative(root, join(root, dirname(file), ref!)))
          : ref!.includes('/') || known.has(ref!) || known.has(ref!.replace(/\.js$/, '.ts')) || exists(ref!);
      if (!ok) missing.push(`${file}: ${ref}`);
    }
  }
  expect(missing).toEqual([]);
});

it('every repository path README.md names exists', () => {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const missing = [...text.matchAll(/(?<![\w./-])((?:src|test|prisma|scripts|bench)\/[\w./-]*[\w-])/g)].map((match) => match[1]!).filter((path) => !exists(path));
  expect(missing).toEqual([]);
});
