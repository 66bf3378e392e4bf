/**
 * Auto-replies and bounces (issue #14 item 3): stored like any mail, but they fire no trigger
 * emails, so two help desks (or a help desk and an out-of-office robot) cannot mail each other
 * forever, and a bounce is not answered with another mail to the address that bounced.
 *
 * A mail is auto-submitted when it has (RFC 3834 and the de-facto headers):
 *  - `Auto-Submitted` with any value other than `no`;
 *  - `X-Autoreply` or `X-Autorespond` (any value);
 *  - `Precedence: bulk`, `junk` or `list`;
 *  - a From of `mailer-daemon@…` or `postmaster@…`;
 *  - `Content-Type: multipart/report` (delivery status notifications, read receipts).
 *
 * The flag travels on the events: every event the mail's transaction logs (conversation.created,
 * message.added, a reopening statusChanged, allocation's assigneeChanged, ...) carries
 * `autoSubmitted: true` in its payload, durable in the event log, and the triggers' sendEmail action
 * (src/modules/triggers/email.ts) sends nothing for such an event (its other actions still apply).
 * Timed triggers that start from such an event (a status that lasted N minutes) send nothing either.
 */
import type { ParsedMail } from 'mailparser';
import type { DomainEvent, PendingEvent } from '../../engine/events.js';
import type { Emit } from '../../engine/write.js';

const headerText = (mail: ParsedMail, name: string): string | null => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && 'value' in value && typeof (value as { value: unknown }).value === 'string') return ((value as { value: string }).value).trim();
  return String(value).trim();
};

/** Why the mail is an auto-reply or a bounce (the header that says so), or null for a normal mail. */
export function autoSubmittedReason(mail: ParsedMail, fromAddress: string | null): string | null {
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.split(';')[0]!.trim().toLowerCase() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  for (const name of ['x-autoreply', 'x-autorespond']) if (headerText(mail, name) !== null) return `${name} header`;
  const precedence = headerText(mail, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  const local = fromAddress?.slice(0, fromAddress.lastIndexOf('@')).toLowerCase();
  if (local === 'mailer-daemon' || local === 'postmaster') return `From ${fromAddress}`;
  if (headerText(mail, 'content-type')?.toLowerCase() === 'multipart/report') return 'Content-Type: multipart/report';
  return null;
}

/** The emit of an auto-submitted mail's transaction: each event it logs carries `autoSubmitted: true`. */
export function markAutoSubmitted(emit: Emit): Emit {
  return (event: PendingEvent) => emit({ ...event, payload: { ...event.payload, autoSubmitted: true } } as PendingEvent);
}

/** Whether an event was logged by an auto-submitted mail's transaction. */
export const isAutoSubmittedEvent = (event: Pick<DomainEvent, 'payload'>): boolean =>
  (event.payload as { autoSubmitted?: unknown } | null)?.autoSubmitted === true;
