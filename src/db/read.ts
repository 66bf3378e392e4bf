/**
 * The hot read path: SQL built with `Prisma.sql` (the same composable, parameterised fragments the
 * list and condition code already use), executed on the pg pool Prisma itself runs on, without
 * Prisma's query engine. A profile of the inbox page showed Prisma's runtime and query compiler at
 * about a third of the gateway's CPU; reads through here skip them. Writes, schema and migrations
 * stay with Prisma.
 *
 * `ReadBatch` (one per request) is what loaders and page queries use: every read issued in the same
 * turn of the event loop is sent as ONE statement, each read a `json_agg` sub-select of it. So a
 * page with all its relations costs one statement per level of nesting, whatever the number of
 * relations and rows (DataLoader still batches each relation; this joins the batches of one tick).
 */
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { Prisma } from '../generated/prisma/client.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';

/** pg type parsers for plain (non-JSON) reads: Prisma's `timestamp(3)` columns hold UTC wall-clock time. */
const TIMESTAMP = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);

export interface SqlReader {
  /** One statement; rows with pg's own types (timestamps as UTC Dates). */
  query<R = Record<string, unknown>>(sql: Prisma.Sql): Promise<R[]>;
  /** Statements sent through this reader since start (added to the handle's count). */
  readonly statements: number;
  /**
   * Rows of one statement through a server-side cursor, `batchSize` rows at a time, on a pooled
   * connection held until the iteration ends (constant memory: CSV exports). Breaking off early
   * closes the cursor and drops the connection.
   */
  stream<R = Record<string, unknown>>(sql: Prisma.Sql, batchSize?: number): AsyncIterable<R>;
}

/** Dates are sent as ISO strings: a `timestamp without time zone` column reads them as UTC wall-clock. */
const toParam = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export function createSqlReader(pool: pg.Pool, pgTypes: typeof pg.types): SqlReader {
  let statements = 0;
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === TIMESTAMP ? parseUtcTimestamp : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
  };
  return {
    async query<R>(sql: Prisma.Sql): Promise<R[]> {
      statements += 1;
      const result = await pool.query({ text: sql.text, values: sql.values.map(toParam), types });
      return result.rows as R[];
    },
    async *stream<R>(sql: Prisma.Sql, batchSize = 500): AsyncIterable<R> {
      statements += 1;
      const client = await pool.connect();
      const rows = client.query(new QueryStream(sql.text, sql.values.map(toParam), { batchSize, types }));
      let finished = false;
      try {
        for await (const row of rows) yield row as R;
        finished = true;
      } finally {
        if (!finished) rows.destroy();
        client.release(finished ? undefined : true);
      }
    },
    get statements() {
      return statements;
    },
  };
}

// ─── Decoding rows that travelled as JSON ─────────────────────────────────

export type ModelName = Prisma.ModelName;
export type RowDecoder<R> = (row: Record<string, unknown>) => R;

const datamodel = getDatamodel().datamodel.models as unknown as Record<string, { fields: readonly { name: string; type: string; kind: string }[] }>;
const decoders = new Map<string, RowDecoder<unknown>>();

/**
 * JSON has no dates: a model's DateTime columns come back as `2026-11-25T10:00:00.123` (UTC wall
 * clock). This decoder turns them back into Dates so rows look exactly like Prisma's.
 */
export function modelDecoder<R>(model: ModelName, extraDates: readonly string[] = []): RowDecoder<R> {
  const key = `${model}:${extraDates.join(',')}`;
  let decoder = decoders.get(key);
  if (!decoder) {
    const fields = datamodel[model]?.fields;
    if (!fields) throw new Error(`Unknown model ${model}`);
    decoder = datesDecoder([...fields.filter((f) => f.kind === 'scalar' && f.type === 'DateTime').map((f) => f.name), ...extraDates]);
    decoders.set(key, decoder);
  }
  return decoder as RowDecoder<R>;
}

/** A decoder for ad-hoc rows: the named columns become Dates. */
export function datesDecoder<R>(columns: readonly string[]): RowDecoder<R> {
  if (columns.length === 0) return (row) => row as R;
  return (row) => {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'string') row[column] = new Date(value.endsWith('Z') || /[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
    }
    return row as R;
  };
}

// ─── One statement per tick ───────────────────────────────────────────────

interface PendingRead {
  sql: Prisma.Sql;
  decode: RowDecoder<unknown>;
  resolve: (rows: unknown[]) => void;
  reject: (error: unknown) => void;
}

export class ReadBatch {
  private pending: PendingRead[] = [];
  constructor(readonly reader: SqlReader) {}

  /**
   * Rows of `sql` (any SELECT, ORDER BY honoured), decoded by `decode`. Reads issued in the same
   * event-loop turn share one statement.
   */
  rows<R>(sql: Prisma.Sql, decode: RowDecoder<R>): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ sql, decode: decode as RowDecoder<unknown>, resolve: resolve as (rows: unknown[]) => void, reject });
    });
  }

  /** `count(*)` of a FROM … WHERE … clause (e.g. Prisma.sql`"Agent" a`), in the same statement as the tick's other reads. */
  async count(fromWhere: Prisma.Sql): Promise<number> {
    const [row] = await this.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM ${fromWhere}`, (r) => r as { n: number });
    return row?.n ?? 0;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // json_agg keeps the order of its (ordered) sub-select; an empty result is [] rather than NULL.
    const columns = batch.map(
      (read, i) => Prisma.sql`(SELECT coalesce(json_agg(t), '[]'::json) FROM (${read.sql}) t) AS ${Prisma.raw(`"r${i}"`)}`,
    );
    try {
      const [row] = await this.reader.query<Record<string, Record<string, unknown>[]>>(Prisma.sql`SELECT ${Prisma.join(columns, ', ')}`);
      batch.forEach((read, i) => {
        try {
          read.resolve(row![`r${i}`]!.map(read.decode));
        } catch (error) {
          read.reject(error);
        }
      });
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }
}
