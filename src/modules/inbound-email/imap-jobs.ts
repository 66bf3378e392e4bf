/**
 * Arming an email account's IMAP fetch job (./imap.ts): the job key and the named queue that make
 * one fetch per mailbox across processes. Its own file, without the fetching code, so the
 * integration accounts service can arm a fetch when IMAP settings are saved without importing it.
 */
import { enqueueJob } from '../../engine/jobs/index.js';
import type { Tx } from '../../engine/write.js';

export const imapJobKeyOf = (accountId: number) => `imap-fetch:${accountId}`;
export const imapQueueOf = (accountId: number) => `imap:${accountId}`;

/**
 * Arms (or moves) the account's fetch job inside `tx`; returns its id. `replace`: run at `runAt`
 * (a waiting job is moved; behind a running round a new one waits in the queue); `preserve_run_at`:
 * a waiting job keeps its time.
 */
export async function armImapFetch(tx: Tx, accountId: number, runAt: Date, mode: 'replace' | 'preserve_run_at'): Promise<string> {
  return enqueueJob(tx, 'email.imapFetch', { accountId }, { jobKey: imapJobKeyOf(accountId), jobKeyMode: mode, queueName: imapQueueOf(accountId), runAt, maxAttempts: 5 });
}
