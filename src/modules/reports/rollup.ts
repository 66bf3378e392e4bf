/**
 * The report rollups' durable consumer (`reports.rollups`): folds each batch of the event log into
 * ReportHour (hour × agent × department × channel × account × SLA policy), ReportOpenTotal and
 * its per-conversation view ReportConversation, all on the batch transaction that moves the
 * consumer's cursor (src/engine/consumers). A crash before that commit rolls all of it back and
 * the batch comes again: every event is counted exactly once. Definitions: README "Reports".
 *
 * The fold is pure (`foldEvents`); the handler only loads the conversations' views, folds, and
 * writes the sums back in three statements whatever the batch size.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { defineConsumer } from '../../engine/consumers/index.js';
import type { DomainEvent, DomainEventType } from '../../engine/events.js';
import type { Tx } from '../../engine/write.js';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../../engine/calendar/index.js';
import { RESPONSE_TYPES } from '../sla-policies/clocks.js';

export const ROLLUP_CONSUMER = 'reports.rollups';
const HOUR_MS = 3_600_000;

export const ROLLUP_EVENTS: readonly DomainEventType[] = [
  'conversation.created',
  'conversation.assigneeChanged',
  'conversation.statusChanged',
  'conversation.deleted',
  'conversation.restored',
  'conversation.purged',
  'message.added',
  'sla.breached',
];

/** ReportConversation as the fold uses it (times in epoch ms). */
export interface ConversationView {
  conversationId: number;
  agentId: number;
  departmentId: number;
  channel: string;
  accountId: number;
  slaPolicyId: number;
  createdAt: number;
  status: string;
  deleted: boolean;
  inOpen: boolean;
  waitingSince: number | null;
  responded: boolean;
  contactMessages: number;
  agentMessages: number;
  firstBreached: boolean;
  nextBreached: boolean;
  resolveDecided: boolean;
  everBreached: boolean;
}

export const COUNTERS = [
  'created',
  'closed',
  'reopened',
  'replied',
  'openDelta',
  'firstResponses',
  'firstResponseMs',
  'responseMs',
  'conversationMs',
  'closedContactMessages',
  'closedAgentMessages',
  'slaFirstAchieved',
  'slaFirstBreached',
  'slaNextAchieved',
  'slaNextBreached',
  'slaResolveAchieved',
  'slaResolveBreached',
  'slaBreachedTickets',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;
const BIGINT_COUNTERS: ReadonlySet<Counter> = new Set(['firstResponseMs', 'responseMs', 'conversationMs']);

export interface HourKey {
  hour: number;
  agentId: number;
  departmentId: number;
  channel: string;
  accountId: number;
  slaPolicyId: number;
}

export interface FoldResult {
  hours: Map<string, HourKey & { counters: Counters }>;
  /** Open-set deltas per dimension (no hour): ReportOpenTotal. */
  open: Map<string, Omit<HourKey, 'hour'> & { delta: number }>;
  views: Map<number, ConversationView>;
}

/** What the fold needs of the live row for a conversation it first meets (or whose policy moved). */
export interface ConversationFacts {
  accountId: number;
  slaPolicyId: number;
}

/** `receivedBy` holds the integration account's id as text; anything else is no account. */
export function accountIdOf(receivedBy: string | null | undefined): number {
  return receivedBy && /^[1-9]\d{0,9}$/.test(receivedBy) && Number(receivedBy) <= 2_147_483_647 ? Number(receivedBy) : 0;
}

export function policyIdOf(slaPolicyId: string | null | undefined): number {
  return accountIdOf(slaPolicyId);
}

const zero = (): Counters => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;

/**
 * Folds events (log order) into hourly counter deltas and the conversations' new views. `views`
 * holds the stored views of the batch's conversations (mutated copies are returned), `facts` the
 * live account and policy of each.
 */
export function foldEvents(events: readonly DomainEvent[], stored: ReadonlyMap<number, ConversationView>, facts: ReadonlyMap<number, ConversationFacts>): FoldResult {
  const views = new Map<number, ConversationView>();
  for (const [id, view] of stored) views.set(id, { ...view });
  const hours: FoldResult['hours'] = new Map();
  const open: FoldResult['open'] = new Map();

  for (const event of events) {
    const id = event.conversationId;
    if (id === null) continue;
    const t = event.time.getTime();
    let view = views.get(id);
    if (event.type === 'conversation.created') {
      if (view) continue; // already folded (cannot happen with one cursor; cheap to guard)
      const p = event.payload;
      view = {
        conversationId: id,
        agentId: p.assignedAgentId ?? 0,
        departmentId: p.assignedDepartmentId ?? 0,
        channel: p.channel ?? '',
        accountId: facts.get(id)?.accountId ?? 0,
        slaPolicyId: facts.get(id)?.slaPolicyId ?? 0,
        createdAt: t,
        status: p.status,
        deleted: false,
        inOpen: p.status !== 'closed',
        waitingSince: p.createdByType === 'agent' ? null : t,
        responded: false,
        contactMessages: 0,
        agentMessages: 0,
        firstBreached: false,
        nextBreached: false,
        resolveDecided: false,
        everBreached: false,
      };
      views.set(id, view);
      const c = countersAt(hours, view, t);
      c.created += 1;
      if (view.inOpen) moveOpen(c, open, view, 1);
      continue;
    }
    // Events of conversations the log never showed created (written around the services) are not counted.
    if (!view) continue;
    const policy = facts.get(id)?.slaPolicyId;
    if (policy !== undefined && policy !== view.slaPolicyId) moveDimensions(hours, open, view, t, { slaPolicyId: policy });

    switch (event.type) {
      case 'conversation.assigneeChanged': {
        moveDimensions(hours, open, view, t, { agentId: event.payload.to.agentId ?? 0, departmentId: event.payload.to.departmentId ?? 0 });
        break;
      }
      case 'conversation.statusChanged': {
        const { from, to } = event.payload;
        if (from === to) break;
        const c = countersAt(hours, view, t);
        if (to === 'closed') {
          c.closed += 1;
          c.conversationMs += t - view.createdAt;
          c.closedContactMessages += view.contactMessages;
          c.closedAgentMessages += view.agentMessages;
          if (view.inOpen) moveOpen(c, open, view, -1);
          if (view.slaPolicyId && !view.resolveDecided) {
            c.slaResolveAchieved += 1;
            view.resolveDecided = true;
          }
        } else if (from === 'closed') {
          c.reopened += 1;
          if (!view.deleted && !view.inOpen) moveOpen(c, open, view, 1);
        }
        view.status = to;
        break;
      }
      case 'conversation.deleted':
      case 'conversation.purged': {
        if (view.inOpen) moveOpen(countersAt(hours, view, t), open, view, -1);
        view.deleted = true;
        break;
      }
      case 'conversation.restored': {
        view.deleted = false;
        if (!view.inOpen && view.status !== 'closed') moveOpen(countersAt(hours, view, t), open, view, 1);
        break;
      }
      case 'message.added': {
        const { senderType, type } = event.payload;
        if (senderType === 'contact') {
          view.contactMessages += 1;
          if (view.waitingSince === null) view.waitingSince = t;
        } else if (senderType === 'agent' && RESPONSE_TYPES.includes(type)) {
          view.agentMessages += 1;
          if (view.waitingSince !== null) {
            const c = countersAt(hours, view, t);
            const took = t - view.waitingSince;
            c.replied += 1;
            c.responseMs += took;
            if (!view.responded) {
              c.firstResponses += 1;
              c.firstResponseMs += took;
              if (view.slaPolicyId && !view.firstBreached) c.slaFirstAchieved += 1;
            } else if (view.slaPolicyId && !view.nextBreached) {
              c.slaNextAchieved += 1;
            }
            view.responded = true;
            view.nextBreached = false;
            view.waitingSince = null;
          }
        }
        break;
      }
      case 'sla.breached': {
        const c = countersAt(hours, view, t);
        let counted = false;
        if (event.payload.target === 'firstRespond' && !view.firstBreached && !view.responded) {
          c.slaFirstBreached += 1;
          view.firstBreached = counted = true;
        } else if (event.payload.target === 'nextRespond' && !view.nextBreached && view.responded && view.waitingSince !== null) {
          c.slaNextBreached += 1;
          view.nextBreached = counted = true;
        } else if (event.payload.target === 'resolve' && !view.resolveDecided) {
          c.slaResolveBreached += 1;
          view.resolveDecided = counted = true;
        }
        if (counted && !view.everBreached) {
          c.slaBreachedTickets += 1;
          view.everBreached = true;
        }
        break;
      }
      default:
        break;
    }
  }
  return { hours, open, views };
}

function dimensionKey(view: ConversationView): string {
  return `${view.agentId}|${view.departmentId}|${view.channel}|${view.accountId}|${view.slaPolicyId}`;
}

function countersAt(hours: FoldResult['hours'], view: ConversationView, t: number): Counters {
  const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
  const key = `${hour}|${dimensionKey(view)}`;
  let entry = hours.get(key);
  if (!entry) {
    entry = { hour, agentId: view.agentId, departmentId: view.departmentId, channel: view.channel, accountId: view.accountId, slaPolicyId: view.slaPolicyId, counters: zero() };
    hours.set(key, entry);
  }
  return entry.counters;
}

/**
 * A conversation's dimensions change (reassigned, another SLA policy): an open one leaves the old
 * dimensions' open set and enters the new one's, so "open at the end" per agent is the
 * conversations open *with that agent* then.
 */
function moveDimensions(hours: FoldResult['hours'], open: FoldResult['open'], view: ConversationView, t: number, to: Partial<Pick<ConversationView, 'agentId' | 'departmentId' | 'slaPolicyId'>>): void {
  const wasOpen = view.inOpen;
  if (wasOpen) moveOpen(countersAt(hours, view, t), open, view, -1);
  Object.assign(view, to);
  if (wasOpen) moveOpen(countersAt(hours, view, t), open, view, 1);
}

function moveOpen(c: Counters, open: FoldResult['open'], view: ConversationView, delta: 1 | -1): void {
  c.openDelta += delta;
  view.inOpen = delta === 1;
  const key = dimensionKey(view);
  const entry = open.get(key) ?? { agentId: view.agentId, departmentId: view.departmentId, channel: view.channel, accountId: view.accountId, slaPolicyId: view.slaPolicyId, delta: 0 };
  entry.delta += delta;
  open.set(key, entry);
}

// ─── Database side ───────────────────────────────────────────────────────

interface ViewRow {
  conversationId: number;
  agentId: number;
  departmentId: number;
  channel: string;
  accountId: number;
  slaPolicyId: number;
  createdAt: Date;
  status: string;
  deleted: boolean;
  inOpen: boolean;
  waitingSince: Date | null;
  responded: boolean;
  contactMessages: number;
  agentMessages: number;
  firstBreached: boolean;
  nextBreached: boolean;
  resolveDecided: boolean;
  everBreached: boolean;
}

/**
 * Folds one batch on the consumer's transaction in three statements whatever its size: read the
 * views, the live facts and the day zone (in parallel), fold in memory, write every sum at once
 * (one statement of data-modifying CTEs: hours, days, open totals, views).
 */
export async function applyRollupBatch(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  const ids = [...new Set(events.map((e) => e.conversationId).filter((id): id is number => id !== null))];
  if (!ids.length) return;
  const [rows, live, zone] = await Promise.all([
    tx.$queryRaw<ViewRow[]>`SELECT * FROM "ReportConversation" WHERE "conversationId" = ANY(${ids}::int[])`,
    tx.$queryRaw<{ id: number; receivedBy: string | null; slaPolicyId: string | null }[]>`
      SELECT "id", "receivedBy", "slaPolicyId" FROM "Conversation" WHERE "id" = ANY(${ids}::int[])`,
    dayZoneFor(tx),
  ]);
  const stored = new Map<number, ConversationView>();
  for (const row of rows) {
    stored.set(row.conversationId, { ...row, createdAt: row.createdAt.getTime(), waitingSince: row.waitingSince?.getTime() ?? null });
  }
  const facts = new Map<number, ConversationFacts>();
  for (const row of live) facts.set(row.id, { accountId: accountIdOf(row.receivedBy), slaPolicyId: policyIdOf(row.slaPolicyId) });

  const { hours, open, views } = foldEvents(events, stored, facts);

  const hourRows: Record<string, unknown>[] = [];
  const days = new Map<string, Record<string, unknown>>();
  for (const h of hours.values()) {
    if (!COUNTERS.some((c) => h.counters[c] !== 0)) continue;
    hourRows.push({ hour: new Date(h.hour).toISOString(), agentId: h.agentId, departmentId: h.departmentId, channel: h.channel, accountId: h.accountId, slaPolicyId: h.slaPolicyId, ...h.counters });
    const day = localDateOfHour(zone, h.hour);
    const key = `${day}|${h.agentId}|${h.departmentId}|${h.channel}|${h.accountId}|${h.slaPolicyId}`;
    let row = days.get(key);
    if (!row) {
      row = { day, agentId: h.agentId, departmentId: h.departmentId, channel: h.channel, accountId: h.accountId, slaPolicyId: h.slaPolicyId, ...zero() };
      days.set(key, row);
    }
    for (const c of COUNTERS) row[c] = (row[c] as number) + h.counters[c];
  }
  const dayRows = [...days.values()].filter((d) => COUNTERS.some((c) => d[c] !== 0));
  const openRows = [...open.values()].filter((o) => o.delta !== 0);
  const viewRows = [...views.values()].map((v) => ({
    ...v,
    createdAt: new Date(v.createdAt).toISOString(),
    waitingSince: v.waitingSince === null ? null : new Date(v.waitingSince).toISOString(),
  }));
  const columns = Prisma.join(COUNTERS.map((c) => Prisma.raw(`"${c}"`)));
  const types = Prisma.join(COUNTERS.map((c) => Prisma.raw(`"${c}" ${BIGINT_COUNTERS.has(c) ? 'bigint' : 'int'}`)));
  const sums = (table: string) => Prisma.join(COUNTERS.map((c) => Prisma.raw(`"${c}" = "${table}"."${c}" + EXCLUDED."${c}"`)));
  await tx.$executeRaw`
    WITH hours AS (
      INSERT INTO "ReportHour" ("hour", "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${columns})
      SELECT "hour", "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${columns}
      FROM jsonb_to_recordset(${JSON.stringify(hourRows)}::jsonb)
        AS r("hour" timestamp(3), "agentId" int, "departmentId" int, "channel" text, "accountId" int, "slaPolicyId" int, ${types})
      ON CONFLICT ("hour", "agentId", "departmentId", "channel", "accountId", "slaPolicyId") DO UPDATE SET ${sums('ReportHour')}
      RETURNING 1
    ), days AS (
      INSERT INTO "ReportDay" ("day", "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${columns})
      SELECT "day", "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${columns}
      FROM jsonb_to_recordset(${JSON.stringify(dayRows)}::jsonb)
        AS r("day" date, "agentId" int, "departmentId" int, "channel" text, "accountId" int, "slaPolicyId" int, ${types})
      ON CONFLICT ("day", "agentId", "departmentId", "channel", "accountId", "slaPolicyId") DO UPDATE SET ${sums('ReportDay')}
      RETURNING 1
    ), totals AS (
      INSERT INTO "ReportOpenTotal" ("agentId", "departmentId", "channel", "accountId", "slaPolicyId", "open")
      SELECT "agentId", "departmentId", "channel", "accountId", "slaPolicyId", "delta"
      FROM jsonb_to_recordset(${JSON.stringify(openRows)}::jsonb)
        AS r("agentId" int, "departmentId" int, "channel" text, "accountId" int, "slaPolicyId" int, "delta" int)
      ON CONFLICT ("agentId", "departmentId", "channel", "accountId", "slaPolicyId") DO UPDATE SET "open" = "ReportOpenTotal"."open" + EXCLUDED."open"
      RETURNING 1
    )
    INSERT INTO "ReportConversation" AS v
    SELECT * FROM jsonb_populate_recordset(NULL::"ReportConversation", ${JSON.stringify(viewRows)}::jsonb)
    ON CONFLICT ("conversationId") DO UPDATE SET
      "agentId" = EXCLUDED."agentId", "departmentId" = EXCLUDED."departmentId", "channel" = EXCLUDED."channel",
      "accountId" = EXCLUDED."accountId", "slaPolicyId" = EXCLUDED."slaPolicyId", "createdAt" = EXCLUDED."createdAt",
      "status" = EXCLUDED."status", "deleted" = EXCLUDED."deleted", "inOpen" = EXCLUDED."inOpen",
      "waitingSince" = EXCLUDED."waitingSince", "responded" = EXCLUDED."responded",
      "contactMessages" = EXCLUDED."contactMessages", "agentMessages" = EXCLUDED."agentMessages",
      "firstBreached" = EXCLUDED."firstBreached", "nextBreached" = EXCLUDED."nextBreached",
      "resolveDecided" = EXCLUDED."resolveDecided", "everBreached" = EXCLUDED."everBreached"`;
}

/** The local date (YYYY-MM-DD) of an hour's start in `timeZone`. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
export function localDateOfHour(timeZone: string, hourMs: number): string {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter.format(hourMs);
}

const sumColumns = () => COUNTERS.map((c) => Prisma.raw(`sum("${c}")`));

/**
 * ReportDay from ReportHour, cut in `zone` (the site zone changed, or the first batch): each hour
 * row goes to the local date its hour starts on, as the incremental path does.
 */
export async function rebuildReportDays(tx: Tx, zone: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM "ReportDay"`;
  await tx.$executeRaw`
    INSERT INTO "ReportDay" ("day", "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${Prisma.join(COUNTERS.map((c) => Prisma.raw(`"${c}"`)))})
    SELECT ("hour" AT TIME ZONE 'UTC' AT TIME ZONE ${zone}::text)::date, "agentId", "departmentId", "channel", "accountId", "slaPolicyId", ${Prisma.join(sumColumns())}
    FROM "ReportHour" GROUP BY 1, 2, 3, 4, 5, 6`;
  await tx.$executeRaw`
    INSERT INTO "ReportSetting" ("id", "dayZone") VALUES (1, ${zone}) ON CONFLICT ("id") DO UPDATE SET "dayZone" = EXCLUDED."dayZone"`;
}

/** The zone ReportDay is in, rebuilt first when the site zone moved (so day rows and hour rows agree). */
async function dayZoneFor(tx: Tx): Promise<string> {
  const [row] = await tx.$queryRaw<{ site: string | null; days: string | null }[]>`
    SELECT (SELECT "timeZone" FROM "WorkingTimeSetting" WHERE "id" = 1) AS site, (SELECT "dayZone" FROM "ReportSetting" WHERE "id" = 1) AS days`;
  const site = (row?.site && canonicalTimeZone(row.site)) || DEFAULT_TIME_ZONE;
  if (row?.days !== site) await rebuildReportDays(tx, site);
  return site;
}

export const rollupConsumer = defineConsumer({
  name: ROLLUP_CONSUMER,
  eventTypes: ROLLUP_EVENTS,
  async handle(events, tx) {
    await applyRollupBatch(tx, events);
  },
});
