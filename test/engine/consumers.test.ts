/**
 * Durable event consumers (src/engine/consumers) against the real gateway and database: every
 * committed event reaches each consumer in log order, a failing handler's writes and cursor roll
 * back together, a consumer picks up events committed while it was not running, and two gateways
 * on one database handle each event once per consumer.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { defineConsumer } from '../../src/engine/consumers/index.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { submit } from '../conversations/helpers.js';

/** Cursors in the order the recorder's successful batches saw them (across every gateway of this file). */
const recorded: string[] = [];
/** Every batch the recorder was handed, failed ones included. */
const attempts: string[][] = [];
const messageTypes: string[] = [];
let failuresToInject = 0;

// The handler writes into the database inside the consumer's transaction: the table shows which
// batches committed (a failed one must leave no row behind).
defineConsumer({
  name: 'test.recorder',
  async handle(events, tx) {
    attempts.push(events.map((e) => e.cursor));
    await tx.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS consumer_effects (cursor bigint NOT NULL)`);
    for (const event of events) await tx.$executeRaw`INSERT INTO consumer_effects (cursor) VALUES (${BigInt(event.cursor)})`;
    if (failuresToInject > 0) {
      failuresToInject -= 1;
      throw new Error('handler fails on purpose');
    }
    recorded.push(...events.map((e) => e.cursor));
  },
});

defineConsumer({
  name: 'test.messages',
  eventTypes: ['message.added'],
  async handle(events) {
    messageTypes.push(...events.map((e) => e.type));
  },
});

let gw: TestGateway;
const others: TestGateway[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ consumerPollMs: 50 });
});
afterEach(async () => {
  while (others.length) await others.pop()!.stop();
});
afterAll(async () => {
  await gw?.stop();
});

const eventIdsAfter = async (position: string) =>
  (await gw.sql<{ id: string }>(`SELECT e.id::text AS id FROM "DomainEvent" e WHERE e.id > $1 ORDER BY e.id`, [position])).map((r) => r.id);
const positionOf = async (name: string) =>
  (await gw.sql<{ position: string }>(`SELECT position::text FROM "ConsumerCursor" WHERE name = $1`, [name]))[0]!.position;
const duplicatedEffects = async () =>
  gw.sql(`SELECT cursor, count(*) FROM consumer_effects GROUP BY cursor HAVING count(*) > 1`);

it('hands every committed event to each consumer once, in log order, filtered by type, and moves its stored position', async () => {
  const start = await positionOf('test.recorder');
  recorded.length = 0;
  messageTypes.length = 0;
  for (let i = 0; i < 3; i += 1) await submit(gw, { subject: `order ${i}` });
  await gw.gateway.consumers!.drain();

  const committed = await eventIdsAfter(start);
  expect(committed.length).toBeGreaterThanOrEqual(6); // each conversation: created + message.added at least
  expect(recorded).toEqual(committed);
  expect(await positionOf('test.recorder')).toBe(committed.at(-1));
  expect(await positionOf('test.messages')).toBe(committed.at(-1));
  const added = await gw.sql(`SELECT count(*)::int AS n FROM "DomainEvent" WHERE id > $1 AND type = 'message.added'`, [start]);
  expect(messageTypes).toEqual(Array(added[0].n).fill('message.added'));
  expect(await duplicatedEffects()).toEqual([]);
});

it('rolls back a failing batch together with its writes; the same events come again and take effect once', async () => {
  const start = await positionOf('test.recorder');
  recorded.length = 0;
  attempts.length = 0;
  failuresToInject = 1;
  await submit(gw, { subject: 'fails once' });
  await gw.gateway.consumers!.drain();

  const committed = await eventIdsAfter(start);
  expect(failuresToInject).toBe(0);
  // The first attempt failed; a later one saw the same first events again.
  expect(attempts.length).toBeGreaterThanOrEqual(2);
  expect(attempts[1]![0]).toBe(attempts[0]![0]);
  expect(recorded).toEqual(committed);
  const effects = await gw.sql<{ cursor: string }>(`SELECT f.cursor::text AS cursor FROM consumer_effects f WHERE f.cursor > $1 ORDER BY f.cursor`, [start]);
  expect(effects.map((r) => r.cursor)).toEqual(committed);
});

it('handles events committed while no consumer was running, from the stored position, after a restart', async () => {
  const start = await positionOf('test.recorder');
  recorded.length = 0;
  // This process's consumers go away (as a process that died right after its commits would)...
  const writer = await startTestGateway({ databaseUrl: gw.databaseUrl, consumersEnabled: false });
  others.push(writer);
  await gw.gateway.consumers!.stop();
  for (let i = 0; i < 3; i += 1) await submit(writer, { subject: `while down ${i}` });
  expect(recorded).toEqual([]);
  expect(await positionOf('test.recorder')).toBe(start);

  // ...and a new process starts on the same database: it catches up from the stored position.
  const restarted = await startTestGateway({ databaseUrl: gw.databaseUrl, consumerPollMs: 50 });
  others.push(restarted);
  await restarted.gateway.consumers!.drain();
  expect(recorded).toEqual(await eventIdsAfter(start));
  expect(await duplicatedEffects()).toEqual([]);
});

it('with two gateways on one database, each event is handled once per consumer, in order', async () => {
  const a = await startTestGateway({ databaseUrl: gw.databaseUrl, consumerPollMs: 50 });
  const b = await startTestGateway({ databaseUrl: gw.databaseUrl, consumerPollMs: 50 });
  others.push(a, b);
  const start = await positionOf('test.recorder');
  recorded.length = 0;
  await Promise.all(Array.from({ length: 20 }, (_, i) => submit(i % 2 ? a : b, { subject: `concurrent ${i}` })));
  await Promise.all([a.gateway.consumers!.drain(), b.gateway.consumers!.drain()]);

  const committed = await eventIdsAfter(start);
  expect(committed.length).toBeGreaterThanOrEqual(40);
  expect(recorded).toEqual(committed); // no duplicates, no gaps, ascending
  expect(await duplicatedEffects()).toEqual([]);
});
