/** The per-request GraphQL context: who is asking, data access, loaders, the event bus. */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import type { EventBus } from '../engine/events.js';
import type { ServiceContext } from '../engine/write.js';
import type { Logger } from '../logger.js';
import type { Invalidations } from '../db/invalidation.js';
import { ReadBatch, type SqlReader } from '../db/read.js';
import { createLoaderRegistry, type LoaderFor } from './loaders.js';

/** Long-lived things every request shares. */
export interface AppDeps {
  prisma: PrismaClient;
  events: EventBus;
  config: Config;
  logger: Logger;
  /** Hot reads without Prisma's engine (src/db/read.ts). */
  reader: SqlReader;
  /** Generations for exact caches across processes (src/db/invalidation.ts). */
  invalidations: Invalidations;
}

export interface GraphQLContext extends ServiceContext {
  requestId: string;
  loader: LoaderFor;
  logger: Logger;
  /** This request's reads: everything issued in one tick is one statement. */
  read: ReadBatch;
  invalidations: Invalidations;
}

export function createContext(deps: AppDeps, viewer: Viewer, requestId: string): GraphQLContext {
  const read = new ReadBatch(deps.reader);
  return {
    read,
    invalidations: deps.invalidations,
    prisma: deps.prisma,
    events: deps.events,
    config: deps.config,
    logger: deps.logger,
    viewer,
    requestId,
    loader: createLoaderRegistry({ prisma: deps.prisma, viewer, read }),
  };
}
