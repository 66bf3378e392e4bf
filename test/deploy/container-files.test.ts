/**
 * The container files (issue #16 item 3) cannot be built here (no image registry), so this checks
 * what can be checked without Docker: docker-compose.yml parses, every variable it gives the
 * gateway and the worker is one src/config.ts reads (and its values, defaults filled in, pass
 * loadConfig), DATABASE_URL / REDIS_URL / JWT_SECRET are set; the Dockerfile is multi-stage on
 * node:20-slim, runs as a non-root user, starts dist/main.js, and its HEALTHCHECK path answers 200
 * on a real gateway.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentSchema, loadConfig } from '../../src/config.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const root = join(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: unknown; image?: string; command?: string[]; environment?: Record<string, string> }>;
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** Variables the process reads outside src/config.ts: NODE_ENV (src/production-mode.ts defaults it). */
const OUTSIDE_CONFIG = new Set(['NODE_ENV']);
const known = new Set(Object.keys(environmentSchema.shape));

/** Compose's interpolation with an empty environment: `${X:-default}` → default, `${X:?message}` → a sample value. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) =>
    kind === '-' ? (rest ?? '') : `sample-${name.toLowerCase()}-0123456789abcdef`,
  );
}

const anytimeServices = Object.entries(compose.services).filter(([, service]) => service.image === 'anytime-gateway');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

it('compose has the gateway, PostgreSQL, Redis and a worker running node dist/worker.js', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'postgres', 'redis', 'worker']);
  expect(compose.services.postgres!.image).toMatch(/^postgres:/);
  expect(compose.services.redis!.image).toMatch(/^redis:/);
  expect(anytimeServices.map(([name]) => name).sort()).toEqual(['gateway', 'worker']);
  expect(compose.services.worker!.command).toEqual(['node', 'dist/worker.js']);
  expect(existsSync(join(root, 'src', 'worker.ts'))).toBe(true);
});

it.each(['gateway', 'worker'])('every variable compose gives the %s is one src/config.ts reads, and its values load', (name) => {
  const environment = compose.services[name]!.environment ?? {};
  const unknown = Object.keys(environment).filter((key) => !known.has(key) && !OUTSIDE_CONFIG.has(key));
  expect(unknown).toEqual([]);
  for (const required of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) expect(environment[required], required).toBeTruthy();
  const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value))]));
  const config = loadConfig(env);
  expect(config.databaseUrl).toBe('postgresql://anytime:anytime@postgres:5432/anytime');
  expect(config.redisUrl).toBe('redis://redis:6379');
  if (name === 'worker') expect(config.workers).toBeGreaterThan(0);
  // The compose database service is the one the URL names.
  expect(new URL(config.databaseUrl!).hostname).toBe('postgres');
  expect(compose.services.postgres!.environment).toMatchObject({ POSTGRES_USER: 'anytime', POSTGRES_PASSWORD: 'anytime', POSTGRES_DB: 'anytime' });
});

it('the Dockerfile is multi-stage on node:20-slim, prunes dev dependencies, runs as non-root and starts dist/main.js', () => {
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => m[1]);
  expect(stages.length).toBeGreaterThanOrEqual(2);
  expect(stages.every((image) => image === 'node:20-slim')).toBe(true);
  expect(dockerfile).toMatch(/^RUN npm ci\b/m);
  expect(dockerfile).toMatch(/^RUN npm prune --omit=dev/m);
  expect(dockerfile).toMatch(/^USER (?!root)\w+/m);
  expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  expect(existsSync(join(root, 'src', 'main.ts'))).toBe(true);
  expect(JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  // Every COPY from the build context names something that exists.
  for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const source of sources!.split(/\s+/)) expect(existsSync(join(root, source)), source).toBe(true);
  }
  // ENV variables of the image are read by the config too.
  const envBlock = /^ENV ((?:.*\\\n)*.*)$/m.exec(dockerfile)![1]!;
  const names = [...envBlock.matchAll(/(\w+)=/g)].map((m) => m[1]!);
  expect(names.filter((n) => !known.has(n) && !OUTSIDE_CONFIG.has(n))).toEqual([]);
});

it("the Dockerfile's HEALTHCHECK path is served: GET it on a real gateway answers 200", async () => {
  const healthcheck = /^HEALTHCHECK\b((?:.*\\\n)*.*)$/m.exec(dockerfile)?.[1];
  expect(healthcheck).toBeDefined();
  const path = /\/[a-z]+z\b/.exec(healthcheck!)?.[0];
  expect(path).toBe('/readyz');
  const response = await fetch(`${gw.url}${path}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ready' });
});
