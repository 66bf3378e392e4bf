/**
 * Ids in arguments: GraphQL callers may pass either the Relay global id of a node or its
 * database id (what REST shows); the REST layer always passes database ids.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { invalidField } from './errors.js';

function unwrap(typename: string, value: string | number): string {
  const raw = String(value).trim();
  if (/^-?\d+$/.test(raw) || /^[0-9a-f-]{36}$/i.test(raw)) return raw;
  try {
    const decoded = decodeGlobalID(raw);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // not a global id either: reported below
  }
  return raw;
}

/** An integer database id (or a global id of `typename`); 400 naming `field` otherwise. */
export function intId(typename: string, value: string | number, field = 'id'): number {
  const raw = unwrap(typename, value);
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0 || id > 2147483647) {
    throw invalidField(field, `must be a ${typename} id (a positive integer), got ${JSON.stringify(value)}`);
  }
  return id;
}

export function optionalIntId(typename: string, value: string | number | null | undefined, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  return intId(typename, value, field);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid database id (or a global id of `typename`); 400 naming `field` otherwise. */
export function uuidId(typename: string, value: string, field = 'id'): string {
  const raw = unwrap(typename, value);
  if (!uuidPattern.test(raw)) throw invalidField(field, `must be a ${typename} id (a uuid), got ${JSON.stringify(value)}`);
  return raw.toLowerCase();
}
