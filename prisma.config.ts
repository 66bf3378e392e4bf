// Prisma CLI configuration. Migrations run through Prisma's JS engine and the pg driver adapter,
// so no native engine binary is ever downloaded (see shared/TOOLCHAIN.md).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/**
 * adapter-pg 6.19.3 cannot deserialize PostgreSQL `name` columns (OID 19), which
 * `migrate deploy` reads from the catalog. Report them as `text` (OID 25); only the CLI uses this.
 */
class NameAsTextPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super({
      ...config,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          pg.types.getTypeParser(oid === 19 ? 25 : oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
  }
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    const fix = (res: pg.QueryResult) => {
      for (const f of res?.fields ?? []) if (f.dataTypeID === 19) f.dataTypeID = 25;
      return res;
    };
    if (result && typeof (result as Promise<pg.QueryResult>).then === 'function') {
      return (result as Promise<pg.QueryResult>).then(fix) as never;
    }
    return result as never;
  }
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaPg(new NameAsTextPool({ connectionString: process.env.DATABASE_URL }) as unknown as pg.Pool),
});
