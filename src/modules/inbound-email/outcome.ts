/**
 * How a way in (SMTP listener, IMAP fetching) treats an error of the pipeline (receiveEmail):
 * an AppError whose HTTP status is 4xx (httpStatusOf) — a mail that cannot be parsed (422), a
 * rejected sender, bad input — is permanent: the same mail would fail again, so it is refused
 * (SMTP 5xx) or skipped (IMAP: marked seen). 429 and anything else (the database, a crash of a
 * dependency) are temporary: the sender retries (SMTP 451), the mail stays unseen for the next
 * IMAP round.
 */
import { AppError, httpStatusOf } from '../../graphql/errors.js';

/** The 4xx status of a permanent refusal, or null for a temporary failure. */
export function permanentStatusOf(error: unknown): number | null {
  if (!(error instanceof AppError)) return null;
  const status = httpStatusOf(error);
  return status >= 400 && status < 500 && status !== 429 ? status : null;
}
