/**
 * The built-in SMTP listener (issue #14): the second way into the one inbound pipeline
 * (receiveEmail in ./service.ts), with the npm `smtp-server` package. Off unless SMTP_INBOUND_PORT
 * is set; binds SMTP_INBOUND_HOST (default 127.0.0.1). Plain SMTP without AUTH or STARTTLS: it is
 * meant to sit behind the MX (Postfix, a provider's relay) or on a private network, like the
 * inbound HTTP endpoint; put TLS in front of it if it faces the internet.
 *
 *  - RCPT TO: accepted only for the address of an email integration account (case-insensitive),
 *    else 550. Several recipients in one transaction: the mail is taken in once per account.
 *  - Size: SIZE is announced (INBOUND_EMAIL_MAX_BYTES); a larger MAIL FROM SIZE= or DATA is 552.
 *  - The answer to DATA follows receiveEmail's outcome: taken in (new or a duplicate) → 250; an
 *    AppError with a 4xx HTTP status (httpStatusOf) is permanent → 5xx with its message (413 →
 *    552, a mail that cannot be parsed, 422 → 554, anything else, e.g. a rejected sender → 550);
 *    429 and any other error (the database) are temporary → 451, and the sending server retries
 *    later (the retry is safe: dedupe by Message-ID per account).
 *  - With several recipient accounts: any temporary failure → 451 (accounts that took the mail in
 *    answer the retry as a duplicate); else 250 when at least one account took it in; else the
 *    first permanent answer.
 *  - stop() closes the port, lets sessions end (SHUTDOWN_GRACE_MS, then they are cut) and waits
 *    for the mails being taken in, so the gateway closes the database only after them.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../logger.js';
import { EMAIL_CHANNEL, normalizeAddress } from '../integration-accounts/service.js';
import { assertPortFree, listenError, StartupError } from '../../startup.js';
import { permanentStatusOf } from './outcome.js';
import { receiveEmail, type InboundContext } from './service.js';

export interface SmtpListener {
  port: number;
  host: string;
  stop(): Promise<void>;
}

/** An SMTP reply: smtp-server sends `responseCode` and the message. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message.replace(/[\r\n]+/g, ' ').slice(0, 400)), { responseCode: code });
}

interface Outcome {
  ok: boolean;
  temporary: boolean;
  code: number;
  message: string;
}

/** receiveEmail's outcome as an SMTP answer (see the module comment and ./outcome.ts). */
export function smtpOutcomeOf(error: unknown): Outcome {
  const status = permanentStatusOf(error);
  if (status !== null) {
    const code = status === 413 ? 552 : status === 422 ? 554 : 550;
    return { ok: false, temporary: false, code, message: (error as Error).message };
  }
  return { ok: false, temporary: true, code: 451, message: 'Temporary failure taking the message in, try again later' };
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** listenError's line, naming the SMTP variables. */
const smtpListenError = (error: NodeJS.ErrnoException, host: string, port: number) =>
  new StartupError(listenError(error, host, port).message.replace(/\bPORT\b/g, 'SMTP_INBOUND_PORT').replace(/\bHOST\b/g, 'SMTP_INBOUND_HOST'));

/** Before anything is created (as for PORT): a busy SMTP_INBOUND_PORT is one line and exit 1. */
export async function assertSmtpPortFree(config: InboundContext['config']): Promise<void> {
  if (config.smtpInboundPort === undefined) return;
  try {
    await assertPortFree(config.smtpInboundHost, config.smtpInboundPort);
  } catch (error) {
    throw new StartupError((error as Error).message.replace(/\bPORT\b/g, 'SMTP_INBOUND_PORT').replace(/\bHOST\b/g, 'SMTP_INBOUND_HOST'));
  }
}

export async function startSmtpListener(deps: InboundContext, logger: Logger): Promise<SmtpListener | undefined> {
  const { config } = deps;
  if (config.smtpInboundPort === undefined) return undefined;
  const inFlight = new Set<Promise<unknown>>();
  const accountsOf = new WeakMap<SMTPServerSession, Set<number>>();

  const server = new SMTPServer({
    name: 'anytime-gateway',
    banner: 'Anytime Gateway inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: config.inboundEmailMaxBytes,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: config.shutdownGraceMs,
    onRcptTo(address, session, callback) {
      const wanted = normalizeAddress(address.address);
      const found = deps.prisma.integrationAccount
        .findFirst({ where: { address: wanted, channelId: EMAIL_CHANNEL }, select: { id: true } })
        .then((account) => {
          if (!account) return callback(smtpError(550, `No mailbox here by that name: ${wanted}`));
          let accounts = accountsOf.get(session);
          if (!accounts) accountsOf.set(session, (accounts = new Set()));
          accounts.add(account.id);
          callback();
        })
        .catch((error: unknown) => {
          logger.warn('smtp listener: recipient lookup failed', { error: (error as Error).message });
          callback(smtpError(451, 'Temporary failure, try again later'));
        });
      inFlight.add(found);
      void found.finally(() => inFlight.delete(found));
    },
    onData(stream, session, callback) {
      const work = (async () => {
        const raw = await readAll(stream);
        if (stream.sizeExceeded) return callback(smtpError(552, `Message exceeds the ${config.inboundEmailMaxBytes} byte limit`));
        const accounts = [...(accountsOf.get(session) ?? [])];
        // The recipients of this transaction only: the next MAIL FROM on the session starts afresh.
        accountsOf.delete(session);
        const outcomes: Outcome[] = [];
        for (const accountId of accounts) {
          try {
            await receiveEmail(deps, String(accountId), raw);
            outcomes.push({ ok: true, temporary: false, code: 250, message: 'OK' });
          } catch (error) {
            const outcome = smtpOutcomeOf(error);
            if (outcome.temporary) logger.error('smtp listener: taking a message in failed', { accountId, error: (error as Error).stack ?? String(error) });
            outcomes.push(outcome);
          }
        }
        const temporary = outcomes.find((o) => o.temporary);
        if (temporary) return callback(smtpError(temporary.code, temporary.message));
        if (outcomes.some((o) => o.ok) || !outcomes.length) return callback(null, 'Message accepted');
        callback(smtpError(outcomes[0]!.code, outcomes[0]!.message));
      })().catch((error: unknown) => {
        logger.error('smtp listener: reading a message failed', { error: (error as Error).message });
        callback(smtpError(451, 'Temporary failure, try again later'));
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  });
  // A client that misbehaves (a reset socket, a protocol error) is logged, never a crash.
  server.on('error', (error) => logger.warn('smtp listener: connection error', { error: error.message }));

  const host = config.smtpInboundHost;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(smtpListenError(error, host, config.smtpInboundPort!));
    server.server.once('error', onError);
    server.listen(config.smtpInboundPort, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info('smtp listener ready', { host, port, maxBytes: config.inboundEmailMaxBytes });

  let stopping: Promise<void> | undefined;
  return {
    port,
    host,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...inFlight]);
      })()),
  };
}
