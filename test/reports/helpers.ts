/** Shared by the report tests: a seeded random scenario written through the real server, and expected figures from reference rows. */
import { Temporal } from 'temporal-polyfill';
import { expect } from 'vitest';
import type { TestGateway } from '../helpers/gateway.js';
import { contactToken, createContact } from '../attachments/helpers.js';

/** mulberry32: a small seeded generator, so a failing run can be replayed with its printed seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export interface Scenario {
  agents: { id: number; auth: string }[];
  departments: number[];
  conversations: number[];
  policies: number[];
}

async function ok<T = any>(what: string, promise: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await promise;
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/**
 * Random help-desk traffic through the REST API: contacts and agents create conversations
 * (email / chat / portal, some received by an account), contact and agent messages and notes,
 * status changes (close, reopen, pause), reassignments, deletes and restores; SLA breach events as
 * the breach timer logs them (inserted into the log: the timer itself is tested in test/sla).
 */
export async function runScenario(gw: TestGateway, seed: number, steps: number): Promise<Scenario> {
  const r = random(seed);
  const contact = await createContact(gw, 'Reporter');
  const contactAuth = await contactToken(gw, contact);
  const agents = [await gw.createAgent({ name: 'Ann' }), await gw.createAgent({ name: 'Bob' }), await gw.createAgent({ name: 'Cy' })];
  const departments: number[] = [];
  for (const name of ['Sales', 'Support']) {
    const d = await ok('department', gw.rest('POST', '/api/v3/departments', { name }));
    departments.push(d.id);
  }
  const policies: number[] = [];
  for (const value of ['email', 'chat', 'portal']) {
    const p = await ok('policy', gw.rest('POST', '/api/v3/anytime/SLAPolicies', {
      enable: true, firstRespondWithin: 1, nextRespondWithin: 2, resolveRespondWithin: 8, businessHours: false,
      conditions: [{ type: 'sla', fieldId: 'channel', matchType: 'is', value }],
    }));
    policies.push(Number(p.id));
  }
  const conversations: number[] = [];
  const deleted = new Set<number>();
  const statuses = ['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'] as const;
  const live = () => conversations.filter((id) => !deleted.has(id));

  for (let step = 0; step < steps; step++) {
    const roll = r.next();
    const some = live();
    if (roll < 0.18 || some.length < 3) {
      if (r.chance(0.4)) {
        const c = await ok('portal create', gw.rest('POST', '/api/v3/anytime/portalConversations', { subject: `p${step}`, message: { text: { content: 'help' } } }, contactAuth));
        conversations.push(c.id);
      } else {
        const agent = r.pick(agents);
        const channel = r.pick(['email', 'chat', 'email']);
        const body: Record<string, unknown> = {
          subject: `c${step}`, channel, relatedType: 'contact', relatedId: String(contact),
          message: { type: channel === 'email' ? 'email' : 'reply', text: { format: 'plaintext', content: 'hello' } },
          ...(r.chance(0.5) ? { receivedBy: String(r.pick([7, 8])) } : {}),
          ...(r.chance(0.4) ? { assignedAgentId: r.pick(agents).id } : {}),
          ...(r.chance(0.4) ? { assignedDepartmentId: r.pick(departments) } : {}),
          ...(r.chance(0.2) ? { status: r.pick(statuses) } : {}),
          ...(r.chance(0.3) ? { priority: r.pick(['urgent', 'high', 'low']) } : {}),
        };
        // An agent or the admin (an agent too) or an integration-less system creation: agents here.
        const c = await ok('create', gw.rest('POST', '/api/v3/anytime/conversations', body, r.chance(0.5) ? agent.auth : undefined));
        conversations.push(c.id);
      }
      continue;
    }
    const id = r.pick(some);
    if (roll < 0.38) {
      await gw.rest('POST', `/api/v3/anytime/portalConversations/${id}/messages`, { text: { content: 'more' } }, contactAuth); // not the contact's: 404, fine
      if (r.chance(0.5)) {
        // The contact writes through the console too (sendByType contact), so every conversation gets contact messages.
        await gw.rest('POST', `/api/v3/anytime/conversations/${id}/messages`, { type: 'email', text: { format: 'plaintext', content: 'from contact' }, sendByType: 'contact', sendById: String(contact) });
      }
    } else if (roll < 0.6) {
      const type = r.pick(['reply', 'email', 'note', 'reply']);
      await ok('reply', gw.rest('POST', `/api/v3/anytime/conversations/${id}/messages`, { type, text: { format: 'plaintext', content: 'answer' } }, r.pick(agents).auth));
    } else if (roll < 0.75) {
      await ok('status', gw.rest('PUT', `/api/v3/anytime/conversations/${id}`, { status: r.pick(statuses) }));
    } else if (roll < 0.85) {
      const body = r.chance(0.5) ? { assignedAgentId: r.chance(0.8) ? r.pick(agents).id : null } : { assignedDepartmentId: r.chance(0.8) ? r.pick(departments) : null };
      await ok('assign', gw.rest('PUT', `/api/v3/anytime/conversations/${id}`, body));
    } else if (roll < 0.9) {
      await ok('delete', gw.rest('DELETE', `/api/v3/anytime/conversations/${id}`));
      deleted.add(id);
      if (r.chance(0.5)) {
        await ok('restore', gw.rest('POST', `/api/v3/anytime/deletedConversations/${id}/restore`));
        deleted.delete(id);
      }
    } else if (roll < 0.93) {
      await ok('priority', gw.rest('PUT', `/api/v3/anytime/conversations/${id}`, { priority: r.pick(['urgent', 'high', 'normal', 'low']) }));
    } else {
      // The breach timer's event, as src/modules/sla-policies/breach.ts logs it.
      const target = r.pick(['firstRespond', 'nextRespond', 'resolve']);
      await gw.sql(
        `INSERT INTO "DomainEvent" ("type", "conversationId", "actorType", "actorId", "payload")
         SELECT 'sla.breached', c.id, 'automation', 'sla', jsonb_build_object('target', $2::text, 'policyId', c."slaPolicyId", 'breachAt', now())
         FROM "Conversation" c WHERE c.id = $1 AND c."slaPolicyId" IS NOT NULL`,
        [id, target],
      );
    }
  }
  return { agents, departments, conversations, policies };
}

/**
 * Spreads the log over `days` days ending now: event times increasing with the id (bar a few seconds
 * here and there), with random gaps (some hours, days and a DST change apart), as if the traffic had
 * happened over weeks.
 */
export async function spreadEventTimes(gw: TestGateway, seed: number, days: number): Promise<void> {
  const r = random(seed + 1);
  const ids = (await gw.sql<{ id: string }>(`SELECT e.id::text AS id FROM "DomainEvent" e ORDER BY e.id`)).map((row) => row.id);
  const gaps = ids.map(() => (r.chance(0.1) ? r.next() * 2 : r.next() * 0.2) + 0.0001);
  const total = gaps.reduce((a, b) => a + b, 0);
  const span = days * 86_400_000;
  const end = Date.now() - 60_000;
  let t = end - span;
  // Mostly increasing with the id, but as in a real log not strictly: an event's time is its
  // transaction's start, its id its commit, so 1 in 20 is a few seconds older than the one before.
  const times = gaps.map((g) => (t += Math.round((g / total) * span))).map((ms) => (r.chance(0.05) ? ms - r.int(5000) : ms));
  await gw.sql(`UPDATE "DomainEvent" e SET time = u.t FROM unnest($1::bigint[], $2::timestamp[]) AS u(id, t) WHERE e.id = u.id`, [
    ids,
    times.map((ms) => new Date(ms).toISOString().replace('Z', '')),
  ]);
}

// ─── Expected figures from hourly reference rows ────────────────────────────

export type Unit = 'hour' | 'day' | 'week' | 'month';

export interface HourRow {
  hour: Date;
  agentId: number;
  departmentId: number;
  channel: string;
  accountId: number;
  slaPolicyId: number;
  [counter: string]: unknown;
}

/** Start of the bucket holding `ms`, and the next one's, in `zone` (IANA) or at a fixed offset (minutes). */
export function bucketOf(ms: number, unit: Unit, zone: string | number): [number, number] {
  if (unit === 'hour') {
    const h = Math.floor(ms / 3_600_000) * 3_600_000;
    return [h, h + 3_600_000];
  }
  const tz = typeof zone === 'number' ? `${zone < 0 ? '-' : '+'}${String(Math.floor(Math.abs(zone) / 60)).padStart(2, '0')}:${String(Math.abs(zone) % 60).padStart(2, '0')}` : zone;
  const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  let start = local.startOfDay();
  if (unit === 'week') start = start.subtract({ days: start.dayOfWeek - 1 }).startOfDay();
  if (unit === 'month') start = start.with({ day: 1 }).startOfDay();
  const next = start.add(unit === 'day' ? { days: 1 } : unit === 'week' ? { weeks: 1 } : { months: 1 }).startOfDay();
  return [start.epochMilliseconds, next.epochMilliseconds];
}

export const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) / 100 : 0);
export function hms(ms: number, count: number): string {
  if (!count || ms <= 0) return '00:00:00';
  const s = Math.round(ms / count / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}

const N = (v: unknown) => Number(v ?? 0);

export interface ExpectedBucket {
  start: number;
  end: number;
  d: number | string;
  sums: Record<string, number>;
  /** Open at the bucket's end (all history up to it). */
  open: number;
}

/**
 * Rows a report answers, from hourly rows: per bucket of [start, end) (clipped) × dimension value
 * (`dim` null: one row per bucket, all of them), sums of each counter, open at each bucket's end.
 */
export function expectedBuckets(rows: HourRow[], opts: { start: number; end: number; unit: Unit; zone: string | number; dim: keyof HourRow | null; where?: (r: HourRow) => boolean }): ExpectedBucket[] {
  const where = opts.where ?? (() => true);
  const kept = rows.filter(where);
  const buckets: [number, number][] = [];
  for (let [s, e] = bucketOf(opts.start, opts.unit, opts.zone); s < opts.end; [s, e] = bucketOf(e, opts.unit, opts.zone)) buckets.push([s, e]);
  const dims = new Set<number | string>();
  if (opts.dim === null) dims.add(0);
  else for (const row of kept) if (row.hour.getTime() < opts.end) dims.add(row[opts.dim] as number | string);
  const out: ExpectedBucket[] = [];
  // The reports' order: bucket, then id (none first).
  const sorted = [...dims].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  for (const [s, e] of buckets) {
    for (const d of sorted) {
      const mine = kept.filter((row) => opts.dim === null || row[opts.dim] === d);
      const inside = mine.filter((row) => row.hour.getTime() >= Math.max(s, opts.start) && row.hour.getTime() < Math.min(e, opts.end));
      const sums: Record<string, number> = {};
      for (const row of inside) for (const [k, v] of Object.entries(row)) if (!['hour', 'agentId', 'departmentId', 'channel', 'accountId', 'slaPolicyId'].includes(k)) sums[k] = (sums[k] ?? 0) + N(v);
      const open = mine.filter((row) => row.hour.getTime() < Math.min(e, opts.end)).reduce((a, row) => a + N(row.openDelta), 0);
      out.push({ start: Math.max(s, opts.start), end: Math.min(e, opts.end), d, sums, open });
    }
  }
  return out;
}
