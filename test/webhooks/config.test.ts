/** The webhook variables of src/config.ts: the retry schedule's syntax and Comm100 default, the private-target switch, the timeouts. */
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

it('defaults to the Comm100 schedule (now, 1 min, 10 min, 1 h, 24 h × 3), private targets refused, 5 s / 15 s timeouts', () => {
  const config = loadConfig({});
  expect(config.webhookRetryScheduleMs).toEqual([0, 60_000, 600_000, 3_600_000, 86_400_000, 86_400_000, 86_400_000]);
  expect(config.webhookAllowPrivate).toBe(false);
  expect(config.webhookConnectTimeoutMs).toBe(5_000);
  expect(config.webhookTimeoutMs).toBe(15_000);
});

it('reads WEBHOOK_RETRY_SCHEDULE in ms, s, m, h, d or bare milliseconds, and WEBHOOK_ALLOW_PRIVATE', () => {
  const config = loadConfig({ WEBHOOK_RETRY_SCHEDULE: '0, 250ms, 2s, 3m, 1h, 2d, 40', WEBHOOK_ALLOW_PRIVATE: 'true' });
  expect(config.webhookRetryScheduleMs).toEqual([0, 250, 2_000, 180_000, 3_600_000, 172_800_000, 40]);
  expect(config.webhookAllowPrivate).toBe(true);
});

it.each(['soon', '1m,,2m', '1 week', '-1s', Array(26).fill('1s').join(',')])('refuses WEBHOOK_RETRY_SCHEDULE=%s with a line naming it', (value) => {
  expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: value })).toThrow(ConfigError);
  expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: value })).toThrow(/WEBHOOK_RETRY_SCHEDULE must be a comma-separated list/);
});
