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
  | { kind: 'integration'; clientId: string; scopes: string[] };

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
    default:
      return 'anonymous';
  }
}
