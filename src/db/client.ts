/**
 * The Prisma client, on the `pg` driver adapter (no native query engine).
 * `sqlStatements` counts every statement the client sends: tests assert on it (no N+1).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Database = PrismaClient;

export interface DatabaseHandle {
  prisma: PrismaClient;
  /** Statements sent since start; read it before and after a request to count that request's SQL. */
  readonly sqlStatements: number;
  close(): Promise<void>;
}

export function connectDatabase(
  url: string,
  options: { poolSize?: number; onPoolError?: (error: Error) => void } = {},
): DatabaseHandle {
  // onPoolError: an idle pooled connection that dies (database restart, failover) is logged, and the
  // pool replaces it on the next query; it must never crash the process.
  const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 }, { onPoolError: options.onPoolError });
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  let count = 0;
  prisma.$on('query', () => {
    count += 1;
  });
  return {
    prisma,
    get sqlStatements() {
      return count;
    },
    close: () => prisma.$disconnect(),
  };
}
