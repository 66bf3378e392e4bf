/**
 * Per-request DataLoaders. A module defines a loader once (`defineLoader`) next to the type that
 * uses it; `ctx.loader(def)` hands out that request's instance, so every relation is fetched in
 * one batch per tick instead of one query per parent row.
 */
import DataLoader from 'dataloader';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';

export interface LoaderEnv {
  prisma: PrismaClient;
  viewer: Viewer;
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
