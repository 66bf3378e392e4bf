/**
 * IMAP fetching (issue #14): the third way into the one inbound pipeline (receiveEmail). For each
 * email account with IMAP settings (`imap.host`), its mailbox (`imap.mailbox`, default INBOX) is
 * searched for UNSEEN mail every IMAP_POLL_SECONDS with `imapflow`; each mail goes through
 * receiveEmail and is then marked \Seen.
 *
 *  - Taken in (new or a duplicate) → \Seen. A permanent refusal (a 4xx AppError: cannot be parsed,
 *    a rejected sender; ./outcome.ts) → recorded by the pipeline, skipped and \Seen, so it is not
 *    fetched again forever. A mail larger than INBOUND_EMAIL_MAX_BYTES → an InboundFailure, \Seen.
 *    A temporary failure (the database) → left unseen for the next round; the round records it.
 *    Fetching reads with BODY.PEEK (imapflow), so nothing is seen before it was taken in.
 *  - Re-fetching creates nothing: the pipeline dedupes by Message-ID per account, so a mail whose
 *    \Seen was cleared (or a crash between taking it in and the \Seen) is a duplicate.
 *  - One process at a time per mailbox, across processes: each account's fetch is a graphile-worker
 *    job `email.imapFetch` in the named queue `imap:<accountId>` (a queue runs one job at a time,
 *    whichever process picks it) with the job key `imap-fetch:<accountId>` (at most one waiting).
 *    Why a job and not a timer per process: N gateways would fetch the same mailbox N times at once
 *    and race on \Seen; a job queue gives the exclusion, restarts and retries for free, on the
 *    same PostgreSQL. Each run re-arms the next one IMAP_POLL_SECONDS later (at once when it left
 *    mail behind: at most 200 mails per round). Saving an account's IMAP settings (create or
 *    update) arms a round at once; the `email.imapArm` schedule (every minute) arms accounts that
 *    have no fetch job (settings written another way, a job that failed for good).
 *  - Errors of the server (sign-in refused, unreachable, no such mailbox) never crash anything and
 *    are not retried early: the round is recorded in "MailFetchState" (lastError, lastErrorTime)
 *    and shown to admins as `IntegrationAccount.imapFetch`; the next round comes at the interval.
 *  - Fetch now: `fetchIntegrationAccountMail(id)` (GraphQL) and `POST
 *    /api/v3/anytime/integrationAccounts/{id}/fetch` move the account's job to now and wait (up to
 *    30 s) for it to finish, then answer the account's fetch status.
 */
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { defineJob, defineSchedule, type JobContext } from '../../engine/jobs/index.js';
import type { Tx } from '../../engine/write.js';
import type { IntegrationAccount, MailFetchState, PrismaClient } from '../../generated/prisma/client.js';
import { invalidField, notFound } from '../../graphql/errors.js';
import { intId } from '../../graphql/ids.js';
import { EMAIL_CHANNEL } from '../integration-accounts/service.js';
import { armImapFetch, imapJobKeyOf } from './imap-jobs.js';
import { permanentStatusOf } from './outcome.js';
import { receiveEmail, type InboundContext } from './service.js';

/** Most mails one round takes in; the rest come in the next round, which then starts at once. */
export const IMAP_MAX_PER_ROUND = 200;
const FETCH_NOW_WAIT_MS = 30_000;

const jobKeyOf = imapJobKeyOf;

export interface FetchRound {
  /** Mails taken in as new. */
  created: number;
  /** Mails taken in before (their \Seen had been cleared, or a crash came before it). */
  duplicates: number;
  /** Mails refused for good (cannot be parsed, rejected sender, too large): skipped, marked seen. */
  skipped: number;
  /** Mails left unseen after a temporary failure. */
  deferred: number;
  /** Unseen mails left for the next round (beyond IMAP_MAX_PER_ROUND). */
  remaining: number;
  error: string | null;
}

const hasImap = (account: IntegrationAccount) => account.channelId === EMAIL_CHANNEL && Boolean(account.imapHost);

/** The server's words for a failure (imapflow puts them in responseText). */
function describeImapError(error: unknown, account: IntegrationAccount): string {
  const e = error as { message?: string; responseText?: string; authenticationFailed?: boolean; code?: string };
  const detail = [e.message, e.responseText, e.code].filter(Boolean).join(': ') || String(error);
  if (e.authenticationFailed) return `IMAP sign-in refused for ${account.imapUsername ?? account.address}: ${e.responseText ?? e.message}`;
  return `IMAP ${account.imapHost}:${account.imapPort ?? (account.imapSecure ? 993 : 143)}: ${detail}`;
}

/** One round over the account's mailbox (see the module comment). Throws only for errors of our own database. */
export async function fetchMailbox(ctx: InboundContext, account: IntegrationAccount, logger: JobContext['logger'], signal?: AbortSignal): Promise<FetchRound> {
  const round: FetchRound = { created: 0, duplicates: 0, skipped: 0, deferred: 0, remaining: 0, error: null };
  const secure = account.imapSecure ?? false;
  const client = new ImapFlow({
    host: account.imapHost!,
    port: account.imapPort ?? (secure ? 993 : 143),
    secure,
    auth: { user: account.imapUsername ?? account.address ?? '', pass: account.imapPassword ?? '' },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
  // A dropped connection is an 'error' event: without a listener it would end the process.
  client.on('error', (error: Error) => logger.debug('imap connection error', { accountId: account.id, error: error.message }));
  const onAbort = () => client.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    client.close();
    return { ...round, error: describeImapError(error, account) };
  }
  try {
    const lock = await client.getMailboxLock(account.imapMailbox || 'INBOX');
    try {
      const found = await client.search({ seen: false }, { uid: true });
      const uids = (found || []).sort((a, b) => a - b);
      round.remaining = Math.max(0, uids.length - IMAP_MAX_PER_ROUND);
      for (const uid of uids.slice(0, IMAP_MAX_PER_ROUND)) {
        if (signal?.aborted) break;
        const meta = await client.fetchOne(String(uid), { size: true }, { uid: true });
        if (!meta) continue; // expunged meanwhile
        if ((meta.size ?? 0) > ctx.config.inboundEmailMaxBytes) {
          await ctx.prisma.inboundFailure.create({
            data: { accountId: account.id, reason: `The message is larger than the ${ctx.config.inboundEmailMaxBytes} byte limit (IMAP UID ${uid}, ${meta.size} bytes): left on the server`, size: meta.size ?? 0, excerpt: '' },
          });
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          round.skipped += 1;
          continue;
        }
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        try {
          const result = await receiveEmail(ctx, String(account.id), message.source);
          if (result.duplicate) round.duplicates += 1;
          else round.created += 1;
        } catch (error) {
          if (permanentStatusOf(error) === null) {
            // Temporary: stays unseen, the next round tries again.
            round.deferred += 1;
            round.error = `A mail (IMAP UID ${uid}) could not be taken in for now: ${(error as Error).message}`;
            logger.warn('imap: taking a mail in failed, left unseen', { accountId: account.id, uid, error: (error as Error).message });
            continue;
          }
          round.skipped += 1;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
    await client.logout();
  } catch (error) {
    client.close();
    // Our database failing is for the job's retries; the server's failures are the round's outcome.
    if ((error as { clientVersion?: unknown }).clientVersion !== undefined || (error as Error).name?.startsWith('Prisma')) throw error;
    round.error = describeImapError(error, account);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return round;
}

const armFetch = armImapFetch;

async function recordRound(tx: Tx, accountId: number, round: FetchRound) {
  const now = new Date();
  const taken = round.created;
  await tx.mailFetchState.upsert({
    where: { accountId },
    create: {
      accountId, lastFetchTime: now, fetchedCount: taken,
      ...(round.error ? { lastError: round.error.slice(0, 2000), lastErrorTime: now } : { lastSuccessTime: now, lastError: null }),
    },
    update: {
      lastFetchTime: now, fetchedCount: { increment: taken },
      ...(round.error ? { lastError: round.error.slice(0, 2000), lastErrorTime: now } : { lastSuccessTime: now, lastError: null }),
    },
  });
}

defineJob({
  name: 'email.imapFetch',
  payload: z.object({ accountId: z.number().int() }),
  async handle({ accountId }, { prisma, events, config, logger, invalidations, signal }) {
    const account = await prisma.integrationAccount.findUnique({ where: { id: accountId } });
    // Deleted, or its IMAP settings removed: the chain ends here (the arm schedule restarts it when they come back).
    if (!account || !hasImap(account)) return;
    const round = await fetchMailbox({ prisma, events, config, invalidations }, account, logger, signal);
    if (round.error) logger.warn('imap fetch failed', { accountId, error: round.error });
    else logger.debug('imap fetch', { accountId, ...round });
    await prisma.$transaction(async (tx) => {
      await recordRound(tx, accountId, round);
      // The next round: at once when mail was left behind, else after the interval. preserve_run_at
      // keeps an earlier "fetch now" that arrived while this round ran.
      const next = round.remaining > 0 && !round.error ? new Date() : new Date(Date.now() + config.imapPollSeconds * 1000);
      if (!signal?.aborted) await armFetch(tx, accountId, next, 'preserve_run_at');
    });
  },
});

defineJob({
  name: 'email.imapArm',
  async handle(_payload, { prisma }) {
    const accounts = await prisma.integrationAccount.findMany({ where: { channelId: EMAIL_CHANNEL, imapHost: { not: null } }, select: { id: true } });
    if (!accounts.length) return;
    const armed = await prisma.$queryRaw<{ key: string }[]>`
      SELECT key FROM graphile_worker.jobs WHERE key = ANY(${accounts.map((a) => jobKeyOf(a.id))}::text[]) AND (locked_at IS NOT NULL OR attempts < max_attempts)`;
    const have = new Set(armed.map((row) => row.key));
    for (const account of accounts) {
      if (have.has(jobKeyOf(account.id))) continue;
      await prisma.$transaction((tx) => armFetch(tx, account.id, new Date(), 'preserve_run_at'));
    }
  },
});

defineSchedule({ name: 'email.imapArm', job: 'email.imapArm', pattern: () => '* * * * *' });

export type FetchStatus = Pick<MailFetchState, 'lastFetchTime' | 'lastSuccessTime' | 'lastError' | 'lastErrorTime' | 'fetchedCount'> & { accountId: number };

export const emptyFetchStatus = (accountId: number): FetchStatus => ({ accountId, lastFetchTime: null, lastSuccessTime: null, lastError: null, lastErrorTime: null, fetchedCount: 0 });

/**
 * Fetch now (admins): moves the account's fetch job to now (or queues one behind a running round),
 * waits up to 30 s for it to finish, and answers the account's fetch status.
 */
export async function fetchAccountMailNow(ctx: { prisma: PrismaClient; config: Config }, idRaw: string): Promise<FetchStatus> {
  const accountId = intId('IntegrationAccount', idRaw);
  const account = await ctx.prisma.integrationAccount.findUnique({ where: { id: accountId } });
  if (!account) throw notFound('integration account', idRaw);
  if (account.channelId !== EMAIL_CHANNEL) throw invalidField('id', `must be an email integration account (channelId ${EMAIL_CHANNEL}), account ${account.id} is ${account.channelId}`);
  if (!account.imapHost) throw invalidField('id', `integration account ${account.id} has no IMAP settings (imap.host)`);
  const jobId = await ctx.prisma.$transaction((tx) => armFetch(tx, accountId, new Date(), 'replace'));
  const deadline = Date.now() + FETCH_NOW_WAIT_MS;
  while (Date.now() < deadline) {
    const [job] = await ctx.prisma.$queryRaw<{ attempts: number; locked: boolean }[]>`
      SELECT attempts, locked_at IS NOT NULL AS locked FROM graphile_worker.jobs WHERE id = ${BigInt(jobId)}`;
    // Gone: the round finished. A failed attempt (our database) is as done as it gets for now.
    if (!job || (job.attempts > 0 && !job.locked)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await ctx.prisma.mailFetchState.findUnique({ where: { accountId } })) ?? emptyFetchStatus(accountId);
}
