/**
 * Per-request DataLoaders. A module defines a loader once next to the type that uses it;
 * `ctx.loader(def)` hands out that request's instance, so every relation is fetched in one batch
 * per tick instead of one query per parent row.
 *
 * The pattern is `defineSqlLoader`: the batch is one SELECT (`Prisma.sql`) on the request's
 * ReadBatch, so all relations dispatched in the same tick travel in ONE statement, without
 * Prisma's query engine (see src/db/read.ts). `defineLoader` (any async batch function, e.g. Prisma
 * calls) still works for loaders that need more than one SELECT.
 */
import DataLoader from 'dataloader';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';
import { modelDecoder, type ModelName, type ReadBatch, type RowDecoder } from '../db/read.js';

export interface LoaderEnv {
  prisma: PrismaClient;
  viewer: Viewer;
  /** The request's read batch (one statement per tick). */
  read: ReadBatch;
}

export interface LoaderDef<K, V> {
  readonly name: string;
  readonly batch: (env: LoaderEnv, keys: readonly K[]) => Promise<V[]>;
  readonly cacheKey?: (key: K) => unknown;
}

export function defineLoader<K, V>(
  name: string,
  batch: (env: LoaderEnv, keys: readonly K[]) => Promise<V[]>,
  cacheKey?: (key: K) => unknown,
): LoaderDef<K, V> {
  return { name, batch, cacheKey };
}

export interface SqlLoaderOptions<K, V, R> {
  /**
   * The SELECT for a batch of keys, or null when the answer needs no database (e.g. a per-agent
   * flag asked by a non-agent). Select the model's columns (`t.*`) when resolvers expect model rows.
   */
  sql: (env: LoaderEnv, keys: readonly K[]) => Prisma.Sql | null;
  /** Rows of this model (its DateTime columns are decoded to Dates), or an explicit decoder. */
  model?: ModelName;
  decode?: RowDecoder<R>;
  /** The values for `keys`, in order, from the rows (`alignByKey` / `groupByKey`). */
  result: (keys: readonly K[], rows: R[], env: LoaderEnv) => V[];
  cacheKey?: (key: K) => unknown;
}

/** A loader whose batch is one SELECT on the request's ReadBatch: the pattern for relations. */
export function defineSqlLoader<K, V, R = any>(name: string, options: SqlLoaderOptions<K, V, R>): LoaderDef<K, V> {
  const decode = options.decode ?? (options.model ? modelDecoder<R>(options.model) : (row: Record<string, unknown>) => row as R);
  return defineLoader<K, V>(
    name,
    async (env, keys) => {
      const sql = options.sql(env, keys);
      const rows = sql ? await env.read.rows(sql, decode) : [];
      return options.result(keys, rows, env);
    },
    options.cacheKey,
  );
}

export type LoaderFor = <K, V>(def: LoaderDef<K, V>) => DataLoader<K, V, unknown>;

export function createLoaderRegistry(env: LoaderEnv): LoaderFor {
  const instances = new Map<LoaderDef<unknown, unknown>, DataLoader<unknown, unknown, unknown>>();
  return <K, V>(def: LoaderDef<K, V>) => {
    let loader = instances.get(def as LoaderDef<unknown, unknown>);
    if (!loader) {
      loader = new DataLoader<K, V, unknown>((keys) => def.batch(env, keys), { cacheKeyFn: def.cacheKey }) as DataLoader<unknown, unknown, unknown>;
      instances.set(def as LoaderDef<unknown, unknown>, loader);
    }
    return loader as unknown as DataLoader<K, V, unknown>;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The keys that can be uuids. A batch's SQL travels in one statement with every other read of its
 * tick, so a malformed key must never reach `::uuid[]` (it would fail all of them): it just finds
 * nothing.
 */
export const uuidKeys = (keys: readonly string[]): string[] => keys.filter((key) => UUID.test(key));

/** Orders `rows` to match `keys` (null where missing): the shape a by-id DataLoader returns. */
export function alignByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups `rows` under `keys` (empty list where none): the shape a one-to-many DataLoader returns. */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}
