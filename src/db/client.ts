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
  // A connection cut while checked out (the database stopping under a query) rejects that query;
  // the client's own 'error' event must have a listener too, or it is an uncaught exception.
  pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
  const adapter = new PrismaPg(pool);
  // maxWait: how long a transaction may wait for a pooled connection. Prisma's 2 s default turns a
  // burst of writes (more concurrent transactions than the pool's connections, say 200 creations
  // at once, serialised by the event log's and allocation's locks) into 500s "Unable to start a
  // transaction in the given time"; waiting is what a caller wants. One default for every
  // $transaction (writes, consumers, jobs' enqueue).
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }], transactionOptions: { maxWait: 30_000 } });
  const reader = createSqlReader(pool, pg.types);
  let count = 0;
  prisma.$on('query', () => {
    count += 1;
  });
  return {
    prisma,
    reader,
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
      await prisma.$disconnect();
      // The adapter ends a pool it was handed when it disconnects; end it here if it did not connect.
      if (!pool.ended) await pool.end();
    },
  };
}
