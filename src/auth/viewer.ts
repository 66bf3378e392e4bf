/** Who is making a request. Every request has exactly one viewer. */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'agent';
      agentId: number;
      role: 'admin' | 'agent';
      email: string;
      /** The API key row the request was authenticated with (Basic auth), so nothing re-verifies it. */
      apiKeyId?: number;
    }
  | { kind: 'contact'; contactId: number; clientId: string }
  | { kind: 'integration'; clientId: string; scopes: string[] }
  /**
   * The system acting for an automation rule (routing rule, allocation, trigger, SLA policy...).
   * Never authenticated from a request: built with automationViewer() by the engine. Events a rule
   * causes record it as their actor (`automation`, `<ruleType>:<ruleId>`), so a rule can recognise
   * its own writes and stop loops.
   */
  | { kind: 'automation'; ruleType: AutomationRuleType; ruleId: string };

/** Kinds of rules that write through the automation viewer. */
export type AutomationRuleType = 'routingRule' | 'allocation' | 'trigger' | 'sla' | 'system' | (`test.${string}`);

export function automationViewer(rule: { ruleType: AutomationRuleType; ruleId: string | number }): Extract<Viewer, { kind: 'automation' }> {
  return { kind: 'automation', ruleType: rule.ruleType, ruleId: String(rule.ruleId) };
}

/** The kinds of party that can be recorded as the actor, uploader or author of something. */
export type PartyType = 'agent' | 'contact' | 'integration' | 'automation';

/** A viewer as a stored party: type and id columns (null for anonymous). */
export interface Party {
  type: PartyType | null;
  id: string | null;
}

/**
 * The one viewer → party mapping: event actors (DomainEvent.actorType/actorId), attachment
 * uploaders, subscription connection keys and conversation creators all derive from it.
 */
export function partyOf(viewer: Viewer): Party {
  switch (viewer.kind) {
    case 'agent':
      return { type: 'agent', id: String(viewer.agentId) };
    case 'contact':
      return { type: 'contact', id: String(viewer.contactId) };
    case 'integration':
      return { type: 'integration', id: viewer.clientId };
    case 'automation':
      return { type: 'automation', id: `${viewer.ruleType}:${viewer.ruleId}` };
    default:
      return { type: null, id: null };
  }
}

/** The party as one string (`agent:7`, `automation:routingRule:3`, `anonymous`). */
export function partyKey(viewer: Viewer): string {
  const party = partyOf(viewer);
  return party.type === null ? 'anonymous' : `${party.type}:${party.id}`;
}

/** Whether an event's recorded actor is the given rule (a rule recognising its own writes). */
export function isActorRule(event: { actorType: string | null; actorId: string | null }, rule: { ruleType: AutomationRuleType; ruleId: string | number }): boolean {
  return event.actorType === 'automation' && event.actorId === `${rule.ruleType}:${rule.ruleId}`;
}

export const anonymous: Viewer = { kind: 'anonymous' };

export const isAdmin = (viewer: Viewer) => viewer.kind === 'agent' && viewer.role === 'admin';

/** A short label for logs and error messages. */
export function describeViewer(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'agent':
      return `${viewer.role} ${viewer.agentId}`;
    case 'contact':
      return `contact ${viewer.contactId}`;
    case 'integration':
      return `integration ${viewer.clientId}`;
    case 'automation':
      return `automation ${viewer.ruleType} ${viewer.ruleId}`;
    default:
      return 'anonymous';
  }
}
