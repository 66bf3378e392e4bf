/**
 * First-run credentials.
 *  - ADMIN_EMAIL + ADMIN_API_KEY: that admin exists and that key works (idempotent).
 *  - Neither, and no agent at all: create admin@localhost with a random key, print it once and
 *    write it to DATA_DIR/admin-credentials (mode 600).
 * Also provides the HS256 secret for issued tokens: JWT_SECRET, or one generated into DATA_DIR.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { generateSecret, hashSecret, verifySecret } from './secrets.js';

/** Arbitrary constant naming "the bootstrap lock" among advisory locks. */
const BOOTSTRAP_LOCK_KEY = 727_002;

export async function bootstrapAdmin(prisma: PrismaClient, config: Config, logger: Logger): Promise<void> {
  if (Boolean(config.adminEmail) !== Boolean(config.adminApiKey)) {
    throw new Error('ADMIN_EMAIL and ADMIN_API_KEY go together: set both or neither');
  }
  // Several gateway processes may start at once against one database: one at a time checks and
  // creates, so no process trips over another's insert (the email is unique).
  const printed = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
      if (config.adminEmail && config.adminApiKey) {
        const email = config.adminEmail.toLowerCase();
        const agent = await tx.agent.upsert({
          where: { email },
          update: { role: 'admin' },
          create: { email, name: 'Administrator', role: 'admin' },
          include: { apiKeys: { where: { revokedTime: null } } },
        });
        for (const key of agent.apiKeys) if (await verifySecret(config.adminApiKey, key.secretHash)) return null;
        await tx.apiKey.create({
          data: { agentId: agent.id, name: 'ADMIN_API_KEY', prefix: config.adminApiKey.slice(0, 8), secretHash: await hashSecret(config.adminApiKey) },
        });
        logger.info('bootstrap admin ensured', { email });
        return null;
      }
      if ((await tx.agent.count()) > 0) return null;
      const email = 'admin@localhost';
      const key = generateSecret('atk');
      await tx.agent.create({
        data: {
          email,
          name: 'Administrator',
          role: 'admin',
          apiKeys: { create: { name: 'bootstrap', prefix: key.slice(0, 8), secretHash: await hashSecret(key) } },
        },
      });
      return { email, key };
    },
    { timeout: 30_000 },
  );
  if (!printed) return;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'admin-credentials');
  writeFileSync(file, `email=${printed.email}\napiKey=${printed.key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  // Logged once, on purpose (a JSON line like every other, at info): besides the file, this is how a
  // first-time user learns the key. The only log line that ever holds a secret.
  logger.info(`Created admin ${printed.email} with API key ${printed.key} (also written to ${file}, mode 600)`, {
    email: printed.email,
    apiKey: printed.key,
    credentialsFile: file,
  });
}

export function resolveJwtSecret(config: Config): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
