/** validateMessageInput: the error for an unknown message type lists every accepted type. */
import { expect, it } from 'vitest';
import { MESSAGE_TYPES, validateMessageInput } from '../../src/modules/conversations/messages-service.js';

it('an unknown type is refused naming every message type (chat and offlineMessage included)', () => {
  let error: { message?: string; extensions?: { code?: string } } | undefined;
  try {
    validateMessageInput({ type: 'fax', text: { content: 'x' } } as never);
  } catch (caught) {
    error = caught as typeof error;
  }
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error?.message).toContain(MESSAGE_TYPES.join(', '));
  expect(error?.message).toContain('offlineMessage');
  expect(() => validateMessageInput({ type: 'chat', text: { content: 'x' } } as never)).not.toThrow();
});
