/**
 * Secrets we hand out once (API keys, OAuth client secrets) and store only as bcrypt hashes.
 * Verifying bcrypt costs tens of milliseconds, so a verified credential is remembered (by the
 * SHA-256 of what was presented) for a few minutes; callers still re-read the row each request,
 * so revocation takes effect at once.
 */
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';

const BCRYPT_ROUNDS = 10;

export function generateSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export const hashSecret = (secret: string) => bcrypt.hash(secret, BCRYPT_ROUNDS);
export const verifySecret = (secret: string, hash: string) => bcrypt.compare(secret, hash);

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

/** Remembers which stored row a presented credential matched. */
export class VerifiedCredentialCache {
  private readonly entries = new Map<string, { rowId: number; expires: number }>();
  private static fingerprint(presented: string): string {
    return createHash('sha256').update(presented).digest('base64url');
  }
  get(presented: string): number | undefined {
    const key = VerifiedCredentialCache.fingerprint(presented);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.rowId;
  }
  set(presented: string, rowId: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(VerifiedCredentialCache.fingerprint(presented), { rowId, expires: Date.now() + TTL_MS });
  }
  forget(presented: string): void {
    this.entries.delete(VerifiedCredentialCache.fingerprint(presented));
  }
}
