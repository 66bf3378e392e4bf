/**
 * The hub hands events on in cursor order even when they arrive out of order (two commits racing
 * to publish, several processes through Redis): an event that skips ahead waits briefly for the
 * missing cursor. Exercised on a real EventBus → EventFeed → hub; no subscriber needs the database.
 */
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { EventBus, type DomainEvent } from '../../src/engine/events.js';
import { EventFeed } from '../../src/engine/pubsub/feed.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { createLogger } from '../../src/logger.js';
import { SubscriptionHub } from '../../src/modules/subscriptions/hub.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function pipeline() {
  const bus = new EventBus();
  const logger = createLogger('silent');
  const feed = await EventFeed.start(bus, logger, undefined);
  // Nobody subscribes, so the hub never reaches the database.
  const hub = new SubscriptionHub({} as PrismaClient, loadConfig({}), logger, bus, feed);
  const seen: string[] = [];
  const drained: (() => void)[] = [];
  hub.onBatch((events) => {
    seen.push(...events.map((e) => e.cursor));
    drained.splice(0).forEach((resolve) => resolve());
  });
  stops.push(async () => {
    await hub.stop();
    await feed.stop();
  });
  const until = async (count: number) => {
    while (seen.length < count) await new Promise<void>((resolve) => drained.push(resolve));
  };
  return { bus, seen, until };
}

const event = (cursor: number): DomainEvent => ({
  cursor: String(cursor),
  type: 'conversation.updated',
  conversationId: 1,
  actorType: null,
  actorId: null,
  time: new Date(),
  payload: { fields: [], changes: {} },
});

it('holds an event that arrives ahead of the previous cursor until that one comes', async () => {
  const { bus, seen, until } = await pipeline();
  bus.publish([event(1)]);
  await until(1);
  bus.publish([event(3)]);
  bus.publish([event(4)]);
  bus.publish([event(2)]);
  await until(4);
  expect(seen).toEqual(['1', '2', '3', '4']);
});

it('gives up on a cursor that never comes, and keeps the order of what waited', async () => {
  const { bus, seen, until } = await pipeline();
  bus.publish([event(10)]);
  await until(1);
  bus.publish([event(13)]);
  bus.publish([event(12)]);
  await until(3);
  expect(seen).toEqual(['10', '12', '13']);
  // After the gap, the sequence goes on normally.
  bus.publish([event(14)]);
  await until(4);
  expect(seen).toEqual(['10', '12', '13', '14']);
});
