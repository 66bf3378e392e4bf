/**
 * A trigger's life beyond its runs (issue #12 leftovers), on a real gateway and PostgreSQL:
 *  - a trigger enabled mid-period does not fire for what happened before it was enabled: an event
 *    logged before (even when the trigger consumer reaches it only afterwards, its cursor rewound
 *    as after a lag or a restart), a status period that began before (timed triggers: no timer is
 *    armed, and a timer armed before a disable / enable does nothing), while the next event or
 *    status period fires it;
 *  - TriggerRun rows older than TRIGGER_RUN_RETENTION_DAYS are deleted by the triggers.pruneRuns
 *    job (rows backdated in the database), younger ones stay; the schedule is registered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/engine/jobs/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { BASE as API, submit } from '../conversations/helpers.js';

const BASE = `${API}/triggers`;
const UNIT_MS = 100; // a statusDuration "minute" is 100 ms here
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ consumerPollMs: 50, workers: 2, workerPollMs: 100, triggerStatusDurationUnitMs: UNIT_MS, triggerRunRetentionDays: 30 });
});
afterAll(() => gw?.stop());
beforeEach(async () => {
  await gw.sql(`DELETE FROM "Trigger"`);
});

const drain = () => gw.gateway.consumers!.drain();
const createTrigger = async (body: Record<string, unknown>) => {
  const res = await gw.rest('POST', BASE, { setValue: true, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string };
};
const setEnabled = async (id: string, enable: boolean) => {
  const res = await gw.rest('PUT', `${BASE}/${id}`, { enable });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const runsOf = (triggerId: string) => gw.sql(`SELECT "eventId"::text, "conversationId", outcome FROM "TriggerRun" WHERE "triggerId" = $1 ORDER BY "eventId"`, [Number(triggerId)]);
const priorityOf = async (id: number) => (await gw.sql(`SELECT priority FROM "Conversation" WHERE id = $1`, [id]))[0].priority;
const timerOf = async (conversationId: number, triggerId: string) =>
  (await gw.sql(`SELECT payload FROM graphile_worker._private_jobs WHERE key = $1`, [`trigger-status:${conversationId}:${triggerId}`]))[0];
async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** The trigger consumer's position, and setting it back (as if it lagged behind, or restarted from an older cursor). */
const cursor = async () => (await gw.sql(`SELECT position::text FROM "ConsumerCursor" WHERE name = 'triggers'`))[0]?.position ?? '0';
const rewind = (position: string) => gw.sql(`UPDATE "ConsumerCursor" SET position = $1 WHERE name = 'triggers'`, [position]);

describe('a trigger enabled mid-period', () => {
  it('does not fire for events logged before it was enabled, even when the consumer reaches them afterwards; the next event fires it', async () => {
    const t = await createTrigger({ enable: false, event: 'conversationStatusChanged', autoUpdate: [{ fieldId: 'priority', value: 'urgent' }] });
    const c = await submit(gw, { subject: 'Before', type: 'note' });
    await drain();
    const before = await cursor();
    const changed = await gw.rest('PUT', `${API}/conversations/${c.id}`, { status: 'onHold' });
    expect(changed.status).toBe(200);
    await drain();
    // Enabled now; the consumer goes over the status change again (its cursor set back): nothing fires.
    await setEnabled(t.id, true);
    await rewind(before);
    await drain();
    expect(await runsOf(t.id)).toEqual([]);
    expect(await priorityOf(c.id)).toBe('normal');

    // Created enabled after the event: the same.
    const late = await createTrigger({ enable: true, event: 'conversationStatusChanged', autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    await rewind(before);
    await drain();
    expect(await runsOf(late.id)).toEqual([]);

    // The next status change fires both.
    expect((await gw.rest('PUT', `${API}/conversations/${c.id}`, { status: 'pendingExternal' })).status).toBe(200);
    await drain();
    expect((await runsOf(t.id)).map((r) => r.outcome)).toEqual(['applied']);
    expect((await runsOf(late.id)).map((r) => r.outcome)).toEqual(['applied']);
  });

  it('conversationStatusLastForCertainTime: a status period that began before the trigger was enabled is not timed; the next one is', async () => {
    const t = await createTrigger({ enable: false, event: 'conversationStatusLastForCertainTime', statusDuration: 5, autoUpdate: [{ fieldId: 'priority', value: 'urgent' }] });
    const before = await cursor();
    const c = await submit(gw, { subject: 'Waiting since before', type: 'note' });
    await drain();
    await setEnabled(t.id, true);
    // The consumer meets the creation (the period's start) again after the trigger was enabled: no timer.
    await rewind(before);
    await drain();
    expect(await timerOf(c.id, t.id)).toBeUndefined();
    // Well past the 5 "minutes" (500 ms): still nothing.
    await new Promise((r) => setTimeout(r, 8 * UNIT_MS));
    expect(await runsOf(t.id)).toEqual([]);
    expect(await priorityOf(c.id)).toBe('normal');

    // A status change begins a period the trigger was enabled for: timed, fires.
    expect((await gw.rest('PUT', `${API}/conversations/${c.id}`, { status: 'onHold' })).status).toBe(200);
    await drain();
    const [changed] = await gw.sql(`SELECT id::text FROM "DomainEvent" WHERE "conversationId" = $1 AND type = 'conversation.statusChanged'`, [c.id]);
    const runs = await waitFor(async () => {
      const r = await runsOf(t.id);
      return r.length > 0 && r;
    }, 'the timed run');
    expect(runs).toEqual([{ eventId: changed.id, conversationId: c.id, outcome: 'applied' }]);
  });

  it('a timer armed before the trigger was disabled and enabled again does nothing', async () => {
    // 1000 "minutes": far away; the deadline is moved to now by SQL after the disable / enable.
    const t = await createTrigger({ enable: true, event: 'conversationStatusLastForCertainTime', statusDuration: 1000, autoUpdate: [{ fieldId: 'priority', value: 'low' }] });
    const c = await submit(gw, { subject: 'Armed', type: 'note' });
    await drain();
    expect(await timerOf(c.id, t.id)).toBeDefined();
    await setEnabled(t.id, false);
    await setEnabled(t.id, true);
    await gw.sql(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1`, [`trigger-status:${c.id}:${t.id}`]);
    await waitFor(async () => !(await timerOf(c.id, t.id)), 'the timer done');
    expect(await runsOf(t.id)).toEqual([]);
    expect(await priorityOf(c.id)).toBe('normal');
    // Enabling an enabled trigger moves nothing: a trigger enabled all along still fires for its period.
    const kept = await createTrigger({ enable: true, event: 'conversationStatusLastForCertainTime', statusDuration: 1000, autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    const d = await submit(gw, { subject: 'Armed and kept', type: 'note' });
    await drain();
    await setEnabled(kept.id, true);
    await gw.sql(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = $1`, [`trigger-status:${d.id}:${kept.id}`]);
    await waitFor(async () => (await runsOf(kept.id)).length > 0, 'the kept trigger’s run');
    expect(await priorityOf(d.id)).toBe('high');
  });
});

describe('TriggerRun retention', () => {
  it('the prune job deletes runs older than TRIGGER_RUN_RETENTION_DAYS and keeps the younger ones; it is scheduled', async () => {
    const t = await createTrigger({ enable: true, event: 'conversationCreated', autoUpdate: [{ fieldId: 'priority', value: 'high' }] });
    for (const subject of ['one', 'two', 'three']) await submit(gw, { subject, type: 'note' });
    await drain();
    const all = await runsOf(t.id);
    expect(all).toHaveLength(3);
    // Backdated: 40 days and 31 days old go, 29 days old stays.
    await gw.sql(`UPDATE "TriggerRun" SET time = now() - interval '40 days' WHERE "eventId" = $1::bigint`, [all[0]!.eventId]);
    await gw.sql(`UPDATE "TriggerRun" SET time = now() - interval '31 days' WHERE "eventId" = $1::bigint`, [all[1]!.eventId]);
    await gw.sql(`UPDATE "TriggerRun" SET time = now() - interval '29 days' WHERE "eventId" = $1::bigint`, [all[2]!.eventId]);
    await gw.gateway.deps.prisma.$transaction((tx) => enqueueJob(tx, 'triggers.pruneRuns', {}));
    await waitFor(async () => Number((await gw.sql(`SELECT count(*) n FROM graphile_worker.jobs WHERE task_identifier = 'triggers.pruneRuns'`))[0].n) === 0, 'the prune job done');
    expect((await runsOf(t.id)).map((r) => r.eventId)).toEqual([all[2]!.eventId]);
    // The schedule graphile-worker keeps for it (the crontab is registered under its name).
    const known = await gw.sql(`SELECT identifier FROM graphile_worker._private_known_crontabs WHERE identifier = 'triggers.pruneRuns'`);
    expect(known).toEqual([{ identifier: 'triggers.pruneRuns' }]);
  });
});
