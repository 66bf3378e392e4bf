/**
 * Blocked senders (spec "# BlockedSenders"): an email address or a domain, and what happens to its
 * mail. `blockEmailasJunk` / `blockDomainasJunk`: the mail is kept as junk (src/modules/junks), no
 * conversation and no contact. `rejectEmail` / `rejectDomain`: refused, nothing stored.
 *
 *  - Values are stored normalised: lower-cased, a domain (also the domain of an address) as
 *    punycode (`bücher.example` → `xn--bcher-kva.example`); a leading `@` of a domain is dropped.
 *    One rule per value: PUT with a value that has a rule changes its blockType.
 *  - The email types need a valid address, the domain types a valid domain name (400 naming
 *    `email` otherwise); any other blockType is a 400 naming `blockType`.
 *  - A domain rule covers its subdomains too (`spam.example` also blocks `a@mx.spam.example`); the
 *    most specific rule decides: an address rule before any domain rule, a longer domain before a
 *    shorter one. So `rejectDomain spam.example` with `blockEmailasJunk boss@spam.example` keeps the
 *    boss's mail as junk and refuses the rest.
 */
import { domainToASCII } from 'node:url';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { inTransaction, type ServiceContext, type Tx } from '../../engine/write.js';
import { invalidField, notFound } from '../../graphql/errors.js';

export const BLOCK_TYPES = ['blockEmailasJunk', 'rejectEmail', 'blockDomainasJunk', 'rejectDomain'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
const EMAIL_TYPES: ReadonlySet<string> = new Set(['blockEmailasJunk', 'rejectEmail']);

export type SenderVerdict = 'junk' | 'reject' | null;
const verdictOf = (blockType: string): SenderVerdict => (blockType.startsWith('reject') ? 'reject' : 'junk');

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** A domain name, lower-cased and as punycode; null when it is not one (at least two labels, no IP). */
export function normalizeDomain(raw: string): string | null {
  const trimmed = raw.trim().replace(/^@/, '').replace(/\.$/, '');
  if (!trimmed || /[\s/\\@:]/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed).toLowerCase();
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  return ascii;
}

/** An email address, lower-cased with its domain as punycode; null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || trimmed.length > 254) return null;
  const local = trimmed.slice(0, at).toLowerCase();
  const domain = normalizeDomain(trimmed.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local)) return null;
  return `${local}@${domain}`;
}

/** An address or a domain, whichever the value looks like (for DELETE and the list filter). */
const normalizeEither = (raw: string) => (raw.includes('@') && !raw.trim().startsWith('@') ? normalizeEmail(raw) : normalizeDomain(raw));

export interface BlockedSenderInput {
  email?: string | null;
  blockType?: string | null;
}

function validate(input: BlockedSenderInput): { email: string; blockType: BlockType } {
  if (input.blockType === undefined || input.blockType === null || input.blockType === '') throw invalidField('blockType', `is required (one of ${BLOCK_TYPES.join(', ')})`);
  if (!(BLOCK_TYPES as readonly string[]).includes(input.blockType)) {
    throw invalidField('blockType', `must be one of ${BLOCK_TYPES.join(', ')}, got ${JSON.stringify(input.blockType)}`);
  }
  const blockType = input.blockType as BlockType;
  if (input.email === undefined || input.email === null || !input.email.trim()) throw invalidField('email', 'is required');
  const isEmailType = EMAIL_TYPES.has(blockType);
  const email = isEmailType ? normalizeEmail(input.email) : normalizeDomain(input.email);
  if (!email) {
    throw invalidField('email', isEmailType ? `must be an email address for ${blockType}, got ${JSON.stringify(input.email)}` : `must be a domain name for ${blockType}, got ${JSON.stringify(input.email)}`);
  }
  return { email, blockType };
}

/** Adds the rule for this address or domain, or changes the blockType of the one it has. */
export async function putBlockedSender(ctx: ServiceContext, input: BlockedSenderInput) {
  const data = validate(input);
  return inTransaction(ctx, (tx) => tx.blockedSender.upsert({ where: { email: data.email }, create: data, update: { blockType: data.blockType } }));
}

/** Removes the rule of this address or domain; 404 when there is none. */
export async function deleteBlockedSender(ctx: ServiceContext, rawEmail: string | null | undefined) {
  if (rawEmail === undefined || rawEmail === null || !rawEmail.trim()) throw invalidField('email', 'is required');
  const email = normalizeEither(rawEmail) ?? rawEmail.trim().toLowerCase();
  return inTransaction(ctx, async (tx) => {
    const found = await tx.blockedSender.findUnique({ where: { email } });
    if (!found) throw notFound('blocked sender', rawEmail);
    await tx.blockedSender.delete({ where: { id: found.id } });
    return found;
  });
}

/** All rules by value; `email` keeps those whose value contains it (case-insensitive). */
export function listBlockedSenders(db: PrismaClient | Tx, emailFilter?: string | null) {
  const needle = emailFilter?.trim() ? normalizeEither(emailFilter) ?? emailFilter.trim().toLowerCase() : null;
  if (needle && needle.length > 254) throw invalidField('email', 'must be at most 254 characters');
  return db.blockedSender.findMany({ where: needle ? { email: { contains: needle } } : {}, orderBy: [{ email: 'asc' }] });
}

export async function findBlockedSender(db: PrismaClient | Tx, rawId: string) {
  const id = /^[0-9]{1,9}$/.test(rawId.trim()) ? Number(rawId) : null;
  const found = id === null ? null : await db.blockedSender.findUnique({ where: { id } });
  if (!found) throw notFound('blocked sender', rawId);
  return found;
}

/**
 * What the blocked-sender rules say about mail from this address: 'reject', 'junk' or null (not
 * blocked). Case-insensitive; the most specific rule wins (the address, then its domain, then each
 * parent domain). One indexed SELECT.
 */
export async function senderVerdict(db: PrismaClient | Tx, address: string): Promise<SenderVerdict> {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at).trim().toLowerCase();
  const domain = domainToASCII(address.slice(at + 1).trim()).toLowerCase() || address.slice(at + 1).trim().toLowerCase();
  const labels = domain.split('.');
  const candidates = [`${local}@${domain}`];
  for (let i = 0; i < labels.length - 1; i++) candidates.push(labels.slice(i).join('.'));
  const rules = await db.blockedSender.findMany({ where: { email: { in: candidates } }, select: { email: true, blockType: true } });
  if (!rules.length) return null;
  const rank = (value: string) => candidates.indexOf(value);
  const best = rules.reduce((a, b) => (rank(a.email) <= rank(b.email) ? a : b));
  return verdictOf(best.blockType);
}
