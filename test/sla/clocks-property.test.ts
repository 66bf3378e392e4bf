/**
 * Whole SLA clocks (computeClocks: policy, site calendar, messages, status history) against a
 * simple reference: the status history becomes stops (closed, pendingExternal, onHold), each
 * target is reached by stepping minute by minute, reading the site's wall clock with
 * Intl.DateTimeFormat (not Temporal) and counting a minute when it is inside a period of a
 * non-holiday day (business hours) or always (calendar hours) and not stopped. Random split
 * shifts, days off, holidays, the three DST zones of the issue, random status histories (pauses,
 * close and reopen) and messages; equality to the millisecond.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateOf, type SiteCalendar, type WorkingPeriod } from '../../src/engine/calendar/index.js';
import { computeClocks, type ClockFacts, type ClockPolicy, type StatusSpan } from '../../src/modules/sla-policies/clocks.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
type Stop = readonly [number, number];

const formatters = new Map<string, Intl.DateTimeFormat>();
function reading(timeZone: string, at: number) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!) };
}

function working(calendar: SiteCalendar, at: number) {
  const r = reading(calendar.timeZone, at);
  return !calendar.holidays.includes(r.date) && calendar.periods.some((p) => p.dayOfWeek === r.weekday && p.startMinute <= r.minute && r.minute < p.endMinute);
}

/** The instant `amount` ms have counted from `from`; null when an open stop comes first. */
function referenceAdd(calendar: SiteCalendar | null, from: number, amount: number, stops: readonly Stop[]): number | null {
  let left = amount;
  let t = from;
  for (let step = 0; step < 200_000; step++) {
    const covering = stops.filter(([s, e]) => s <= t && t < e);
    if (covering.length) {
      const end = Math.max(...covering.map(([, e]) => e));
      if (end === Infinity) return null;
      t = end;
      continue;
    }
    let end = Math.floor(t / MINUTE) * MINUTE + MINUTE;
    for (const [s] of stops) if (s > t) end = Math.min(end, s);
    if (calendar === null || working(calendar, t)) {
      if (end - t >= left) return t + left;
      left -= end - t;
    }
    t = end;
  }
  throw new Error('reference gave up');
}

function referenceClocks(policy: ClockPolicy, calendar: SiteCalendar, facts: ClockFacts) {
  const none = { firstRespondBreachAt: null, nextRespondBreachAt: null, resolveBreachAt: null };
  if (facts.statuses[facts.statuses.length - 1]!.status === 'closed') return none;
  const stops: Stop[] = facts.statuses.filter((s) => ['closed', 'pendingExternal', 'onHold'].includes(s.status)).map((s) => [s.from, s.to ?? Infinity]);
  const cal = policy.businessHours ? calendar : null;
  const at = (n: number | null) => (n === null ? null : new Date(n));
  const responses = facts.messages.filter((m) => m.agentResponse).map((m) => m.time);
  const first = responses.length ? null : at(referenceAdd(cal, facts.createdTime, policy.firstRespondWithin * HOUR, stops));
  let next: Date | null = null;
  if (responses.length) {
    const last = Math.max(...responses);
    const waiting = facts.messages.filter((m) => m.fromContact && m.time >= last).map((m) => m.time);
    if (waiting.length) next = at(referenceAdd(cal, Math.min(...waiting), policy.nextRespondWithin * HOUR, stops));
  }
  return { firstRespondBreachAt: first, nextRespondBreachAt: next, resolveBreachAt: at(referenceAdd(cal, facts.createdTime, policy.resolveRespondWithin * HOUR, stops)) };
}

const ZONES = [
  { timeZone: 'America/New_York', around: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'] },
  { timeZone: 'Europe/London', around: ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'] },
  { timeZone: 'Australia/Lord_Howe', around: ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'] },
];

/** Split shifts: up to two non-overlapping periods of at least an hour each, or a day off. */
const dayPeriods = (dayOfWeek: number) =>
  fc.oneof(
    fc.constant([] as WorkingPeriod[]),
    fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 })).map(([start, len, gap, len2]) => {
      const periods: WorkingPeriod[] = [{ dayOfWeek, startMinute: start * 60 + 30 * (start % 2), endMinute: Math.min(1440, start * 60 + 30 * (start % 2) + len * 60) }];
      const second = periods[0]!.endMinute + gap * 60 + 30;
      if (len2 > 0 && second + 60 <= 1440) periods.push({ dayOfWeek, startMinute: second, endMinute: Math.min(1440, second + len2 * 60) });
      return periods;
    }),
  );

const STATUSES = ['new', 'pendingInternal', 'pendingExternal', 'onHold', 'closed'] as const;

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    which: fc.integer({ min: 0, max: 1 }),
    shift: fc.integer({ min: -3 * 24 * 3600, max: 2 * 24 * 3600 }).map((s) => s * 1000),
    days: fc.tuple(...[0, 1, 2, 3, 4, 5, 6].map(dayPeriods)),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -1, max: 6 }), { maxLength: 2 }),
    policy: fc.record({
      firstRespondWithin: fc.integer({ min: 1, max: 6 }),
      nextRespondWithin: fc.integer({ min: 1, max: 6 }),
      resolveRespondWithin: fc.integer({ min: 1, max: 12 }),
      businessHours: fc.boolean(),
    }),
    changes: fc.array(fc.tuple(fc.integer({ min: 1, max: 48 * 3600 }), fc.constantFrom(...STATUSES)), { maxLength: 4 }),
    messages: fc.array(fc.tuple(fc.integer({ min: 0, max: 72 * 3600 }), fc.constantFrom('agent', 'contact', 'note')), { maxLength: 5 }),
  })
  .filter((s) => s.days.filter((d) => d.length).length >= 3)
  .map((s) => {
    const created = Date.parse(s.zone.around[s.which]!) + s.shift;
    const startDay = Date.parse(localDateOf(s.zone.timeZone, created));
    const holidays = s.holidayOffsets.map((d) => new Date(startDay + d * 24 * HOUR).toISOString().slice(0, 10));
    const calendar: SiteCalendar = { timeZone: s.zone.timeZone, periods: s.days.flat(), holidays };
    const statuses: StatusSpan[] = [];
    let status = 'new';
    let from = created;
    for (const [gapSeconds, to] of s.changes) {
      if (to === status) continue;
      const at = from + gapSeconds * 1000;
      statuses.push({ status, from, to: at });
      status = to;
      from = at;
    }
    statuses.push({ status, from, to: null });
    const facts: ClockFacts = {
      createdTime: created,
      messages: [
        { time: created, agentResponse: false, fromContact: true },
        ...s.messages.map(([offset, kind]) => ({ time: created + offset * 1000, agentResponse: kind === 'agent', fromContact: kind === 'contact' })),
      ],
      statuses,
    };
    return { policy: s.policy, calendar, facts };
  });

describe('computeClocks = minute-stepping reference', () => {
  it('agrees to the millisecond over random calendars, DST zones, holidays, pauses, close/reopen and messages', () => {
    fc.assert(
      fc.property(scenario, ({ policy, calendar, facts }) => {
        expect(computeClocks(policy, calendar, facts)).toEqual(referenceClocks(policy, calendar, facts));
      }),
      { numRuns: 120 },
    );
  });
});
