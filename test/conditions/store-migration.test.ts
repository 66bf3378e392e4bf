/**
 * The migration into the one condition store loses nothing: a database at the schema before it
 * (filters' conditions in "FilterCondition") gets every condition copied into "Condition" with its
 * id, owner, field, match type, value and order; the old table goes. The owner type is the spec's
 * `condition.type` (view, routingRule, trigger, sla) and nothing else. Seeding the automation-only
 * system fields later renames a custom field that already has one of their names instead of failing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { committedMigrations, projectRoot } from '../../src/db/migrate.js';
import { SYSTEM_FIELDS } from '../../src/engine/conditions/system-fields.js';

const STORE_MIGRATION = '20261202220048_routing_and_allocation';
const name = `store_mig_${randomBytes(5).toString('hex')}`;
let maintenance: pg.Client;
let db: pg.Client;

const applyMigration = (migration: string) => db.query(readFileSync(join(projectRoot, 'prisma', 'migrations', migration, 'migration.sql'), 'utf8'));

beforeAll(async () => {
  maintenance = new pg.Client({ connectionString: inject('postgresMaintenanceUrl') });
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  db = new pg.Client({ connectionString: inject('postgresMaintenanceUrl').replace(/\/postgres$/, `/${name}`) });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await maintenance?.query(`DROP DATABASE IF EXISTS ${name}`);
  await maintenance?.end();
});

describe('moving filters’ conditions into the one store', () => {
  it('copies every row with its id, owner, field, match type, value and order; drops the old table', async () => {
    const all = committedMigrations();
    expect(all).toContain(STORE_MIGRATION);
    const before = all.filter((m) => m < STORE_MIGRATION);
    for (const migration of before) await applyMigration(migration);

    // Data as the old schema held it: two filters, one with three conditions (system and custom fields).
    const status = SYSTEM_FIELDS.find((f) => f.key === 'status')!.id;
    const subject = SYSTEM_FIELDS.find((f) => f.key === 'subject')!.id;
    const custom = (await db.query(`INSERT INTO "Field" (id, type, name) VALUES (gen_random_uuid(), 'text', 'Region') RETURNING id`)).rows[0].id;
    const filters = (await db.query(
      `INSERT INTO "Filter" (id, name, "when", "logicalExpression") VALUES (gen_random_uuid(), 'Mine', 'logicalExpression', '(1 and 2) or 3'), (gen_random_uuid(), 'Other', 'all', NULL) RETURNING id, name`,
    )).rows as { id: string; name: string }[];
    const [mine, other] = [filters.find((f) => f.name === 'Mine')!.id, filters.find((f) => f.name === 'Other')!.id];
    const old = [
      [mine, status, 'is', 'new', 1],
      [mine, subject, 'contains', 'refund', 2],
      [mine, custom, 'isNot', '', 3],
      [other, custom, 'is', 'EU', 1],
    ];
    for (const [filterId, fieldId, matchType, value, orderIndex] of old) {
      await db.query(`INSERT INTO "FilterCondition" (id, "filterId", "fieldId", "matchType", value, "orderIndex") VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`, [filterId, fieldId, matchType, value, orderIndex]);
    }
    // A custom field already named like a later system field: renamed, not lost, by that migration.
    const clash = (await db.query(`INSERT INTO "Field" (id, type, name) VALUES (gen_random_uuid(), 'text', 'message text') RETURNING id`)).rows[0].id;
    const oldRows = (await db.query(`SELECT id, "filterId", "fieldId", "matchType", value, "orderIndex" FROM "FilterCondition" ORDER BY id`)).rows;

    for (const migration of all.filter((m) => m >= STORE_MIGRATION)) await applyMigration(migration);

    const moved = (await db.query(`SELECT id, "ownerType", "filterId", "customRuleId", "fieldId", "matchType", value, "orderIndex" FROM "Condition" ORDER BY id`)).rows;
    expect(moved).toEqual(oldRows.map((row) => ({ ...row, ownerType: 'view', customRuleId: null })));
    expect((await db.query(`SELECT to_regclass('"FilterCondition"') AS t`)).rows).toEqual([{ t: null }]);
    expect((await db.query(`SELECT name, "isSystemField" FROM "Field" WHERE id = $1`, [clash])).rows).toEqual([{ name: 'message text (custom)', isSystemField: false }]);
    const system = (await db.query(`SELECT id, "systemKey", type, name FROM "Field" WHERE "isSystemField" ORDER BY "orderIndex"`)).rows;
    expect(system).toEqual(SYSTEM_FIELDS.map((f) => ({ id: f.id, systemKey: f.key, type: f.type, name: f.name })));
    for (const field of SYSTEM_FIELDS.filter((f) => f.options)) {
      const options = (await db.query(`SELECT value FROM "FieldOption" WHERE "fieldId" = $1 ORDER BY "order"`, [field.id])).rows.map((r) => r.value);
      expect(options, field.key).toEqual([...field.options!]);
    }
    // The filters keep their combination.
    expect((await db.query(`SELECT "when", "logicalExpression" FROM "Filter" WHERE id = $1`, [mine])).rows).toEqual([{ when: 'logicalExpression', logicalExpression: '(1 and 2) or 3' }]);
  });

  it('takes the spec’s owner types only, one owner per row, and keeps a used field', async () => {
    const field = (await db.query(`SELECT id FROM "Field" WHERE name = 'Region'`)).rows[0].id;
    for (const type of ['trigger', 'sla']) {
      await db.query('BEGIN');
      await db.query(`INSERT INTO "Condition" (id, "ownerType", "fieldId", "matchType", value) VALUES (gen_random_uuid(), $1, $2, 'is', 'x')`, [type, field]);
      await db.query('ROLLBACK');
    }
    await expect(db.query(`INSERT INTO "Condition" (id, "ownerType", "fieldId", "matchType", value) VALUES (gen_random_uuid(), 'report', $1, 'is', 'x')`, [field])).rejects.toThrow(/Condition_ownerType_check/);
    await expect(db.query(`DELETE FROM "Field" WHERE id = $1`, [field])).rejects.toThrow(/foreign key/);
  });
});
