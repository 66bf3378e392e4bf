/**
 * The Prisma client, on the `pg` driver adapter (no native query engine), and the SQL reader for
 * hot reads on the same pg pool (src/db/read.ts).
 * `sqlStatements` counts every statement either sends: tests assert on it (no N+1).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { createSqlReader, type SqlReader } from './read.js';

export type Database = PrismaClient;

export interface DatabaseHandle {
  prisma: PrismaClient;
  /** Reads without Prisma's query engine, on the same pool. */
  reader: SqlReader;
  /**
   * A client on the same pool for background work (durable consumers): its statements are not in
   * `sqlStatements`, so a consumer batch running beside a request does not change that request's count.
   */
  background: PrismaClient;
  /** Statements sent since start; read it before and after a request to count that request's SQL. */
  readonly sqlStatements: number;
  /** The pg pool's connections now (for /metrics): opened, idle among them, requests waiting for one, and the most it opens. */
  readonly pool: { readonly total: number; readonly idle: number; readonly waiting: number; readonly max: number };
  close(): Promise<void>;
}

export function connectDatabase(
  url: string,
  options: { poolSize?: number; onPoolError?: (error: Error) => void } = {},
): DatabaseHandle {
  // onPoolError: an idle pooled connection that dies (database restart, failover) is logged, and the
  // pool replaces it on the next query; it must never crash the process.
  const max = options.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (error) => options.onPoolError?.(error));
  const adapter = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const reader = createSqlReader(pool, pg.types);
  const background = new PrismaClient({ adapter: new PrismaPg(pool) });
  let count = 0;
  prisma.$on('query', () => {
    count += 1;
  });
  return {
    prisma,
    reader,
    background,
    get sqlStatements() {
      return count + reader.statements;
    },
    pool: {
      get total() {
        return pool.totalCount;
      },
      get idle() {
        return pool.idleCount;
      },
      get waiting() {
        return pool.waitingCount;
      },
      max,
    },
    close: async () => {
      await background.$disconnect();
      await prisma.$disconnect();
      // The adapter ends a pool it was handed when it disconnects; end it here if it did not connect.
      if (!pool.ended) await pool.end();
    },
  };
}
