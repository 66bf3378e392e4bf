/**
 * A trigger's sendEmail action (README "Triggers" → "Emails"): inside the trigger run's
 * transaction, one outbox row + `email.send` job per recipient (src/modules/email), keyed by
 * (event, trigger, recipient) so a retried batch writes each email once.
 *
 * Recipients: `sendToContacts` → the conversation contact's email identity (the first one);
 * `sendToAgents` → the agents in `toAgents`, or the assigned agent when `toAgents` is empty.
 * A recipient without an address is skipped and named in the run's detail.
 *
 * Placeholders (`{{name}}`, EMAIL_PLACEHOLDERS) are replaced by the conversation's values at the
 * time of the run; in the HTML body each value is HTML-escaped; an unset value is empty.
 * `{{agent.*}}` is the assigned agent; `{{message.text}}` the event's message (message events)
 * or the conversation's last message. The plain-text part is `plainText`, or the HTML body
 * converted to text when only HTML was given.
 *
 * At most TRIGGER_MAX_EMAILS_PER_10_MIN trigger emails per conversation per 10 minutes: a run over
 * the limit sends nothing and says so in its detail (its other actions still apply).
 *
 * An event logged by an auto-submitted inbound mail (an auto-reply or a bounce, payload
 * `autoSubmitted: true`) sends no email at all; the run's detail says so.
 *
 * showInConversationCorrespondences: the contact's email is also added to the conversation as a
 * message of type email whose sender is the system (senderType `system`, senderId null,
 * directType `send`, source `API`), with sendStatus following its delivery. Such a message fires
 * no trigger (only contacts' and agents' messages do).
 */
import { queueEmail } from '../email/index.js';
import { isAutoSubmittedEvent } from '../inbound-email/auto-submitted.js';
import type { DomainEvent } from '../../engine/events.js';
import type { Emit, ServiceContext, Tx } from '../../engine/write.js';
import { addMessage } from '../conversations/messages-service.js';
import { toPlainText } from '../conversations/text.js';
import type { TriggerRow } from './service.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderTemplate(template: string, values: Record<string, string>, html: boolean): string {
  return template.replace(/\{\{([^{}]*)\}\}/g, (_, name: string) => {
    const value = values[name.trim()] ?? '';
    return html ? escapeHtml(value) : value;
  });
}

async function placeholderValues(tx: Tx, ctx: ServiceContext, event: DomainEvent, trigger: TriggerRow, conversationId: number): Promise<Record<string, string>> {
  const conversation = await tx.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    include: {
      contact: { include: { identities: { where: { type: 'email' }, orderBy: { id: 'asc' }, take: 1 } } },
      assignedAgent: { select: { name: true, email: true } },
      assignedDepartment: { select: { name: true } },
    },
  });
  const messageId = event.type === 'message.added' ? (event.payload as { messageId?: string }).messageId : undefined;
  const message = messageId
    ? await tx.message.findUnique({ where: { id: messageId }, select: { plainText: true } })
    : await tx.message.findFirst({ where: { conversationId, senderType: { not: 'system' } }, orderBy: { time: 'desc' }, select: { plainText: true } });
  const base = ctx.config.publicUrl;
  return {
    'conversation.id': String(conversation.id),
    'conversation.subject': conversation.subject,
    'conversation.status': conversation.status,
    'conversation.priority': conversation.priority,
    'conversation.channel': conversation.channel,
    'conversation.link': base ? `${base}/conversations/${conversation.id}` : '',
    'contact.name': conversation.contact?.name ?? '',
    'contact.email': conversation.contact?.identities[0]?.value ?? '',
    'agent.name': conversation.assignedAgent?.name ?? '',
    'agent.email': conversation.assignedAgent?.email ?? '',
    'department.name': conversation.assignedDepartment?.name ?? '',
    'message.text': message?.plainText ?? '',
    'trigger.description': trigger.description,
  };
}

/** Queues the trigger's emails inside `tx`; returns notes for the run's detail (recipients skipped). */
export async function queueTriggerEmails(tx: Tx, emit: Emit, ctx: ServiceContext, event: DomainEvent, trigger: TriggerRow, conversationId: number): Promise<string[]> {
  const notes: string[] = [];
  // An auto-reply or a bounce (src/modules/inbound-email/auto-submitted.ts) is never answered by mail.
  if (isAutoSubmittedEvent(event)) return ['no email: the event comes from an auto-submitted mail (an auto-reply or a bounce)'];
  // Loop protection: at most TRIGGER_MAX_EMAILS_PER_10_MIN trigger emails per conversation per 10
  // minutes, so two help desks whose triggers answer each other's mail cannot mail forever.
  const limit = ctx.config.triggerMaxEmailsPer10Min;
  const [recent] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "OutboundEmail"
    WHERE "conversationId" = ${conversationId} AND "triggerId" IS NOT NULL AND "createdTime" > now() - interval '10 minutes'`;
  if (recent!.n >= limit) return [`no email: ${recent!.n} trigger emails in this conversation in the last 10 minutes (TRIGGER_MAX_EMAILS_PER_10_MIN = ${limit})`];
  const values = await placeholderValues(tx, ctx, event, trigger, conversationId);
  const subject = renderTemplate(trigger.subject ?? '', values, false).replace(/[\r\n]+/g, ' ').trim();
  const html = trigger.htmlText ? renderTemplate(trigger.htmlText, values, true) : null;
  const text = trigger.plainText ? renderTemplate(trigger.plainText, values, false) : html ? toPlainText({ format: 'html', content: html }) : '';
  const common = { conversationId, triggerId: trigger.id, subject, html, text, attachmentId: trigger.attachmentId, autoSubmitted: true };
  const keyOf = (recipient: string) => `trigger:${event.cursor}:${trigger.id}:${recipient}`;

  if (trigger.sendToContacts) {
    const to = values['contact.email'];
    if (!to) notes.push('no email to the contact: it has no email identity');
    else {
      let messageId: string | null = null;
      const already = await tx.outboundEmail.findUnique({ where: { dedupeKey: keyOf(`contact:${to}`) }, select: { id: true } });
      if (!already && trigger.showInConversationCorrespondences) {
        const message = await addMessage(
          tx,
          emit,
          ctx,
          { id: conversationId },
          {
            type: 'email',
            subject,
            source: 'API',
            texts: [html ? { format: 'html', content: html } : { format: 'plaintext', content: text }],
          } as never,
          { sender: { type: 'system', id: null, directType: 'send' } },
        );
        await tx.message.update({ where: { id: message.id }, data: { sendStatus: 'sending' } });
        messageId = message.id;
      }
      if (!already) await queueEmail(tx, ctx.config, { ...common, dedupeKey: keyOf(`contact:${to}`), to, recipientType: 'contact', messageId });
    }
  }
  if (trigger.sendToAgents) {
    const agentIds = trigger.toAgents.length ? trigger.toAgents : [];
    const agents = agentIds.length
      ? await tx.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, email: true }, orderBy: { id: 'asc' } })
      : await tx.agent.findMany({ where: { assignedConversations: { some: { id: conversationId } } }, select: { id: true, email: true } });
    if (!agents.length) notes.push(agentIds.length ? 'no email to agents: the agents of toAgents no longer exist' : 'no email to agents: toAgents is empty and nobody is assigned');
    for (const agent of agents) {
      await queueEmail(tx, ctx.config, { ...common, dedupeKey: keyOf(`agent:${agent.id}`), to: agent.email, recipientType: 'agent' });
    }
  }
  return notes;
}
