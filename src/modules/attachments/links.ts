/**
 * Signed, expiring download links: `url` and `previewUrl` carry `expires` (unix seconds) and an
 * HMAC-SHA256 of `<guid>:<expires>` keyed with the gateway's JWT secret, so a browser can fetch the
 * file (an <img src>, a download button) without an Authorization header. Expiry is rounded up to
 * the minute so that one attachment's link is stable across the requests of a minute.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { resolveJwtSecret } from '../../auth/bootstrap.js';
import type { Config } from '../../config.js';

const secrets = new WeakMap<Config, Buffer>();
function secretOf(config: Config): Buffer {
  let secret = secrets.get(config);
  if (!secret) {
    secret = Buffer.from(`attachment-links:${resolveJwtSecret(config)}`);
    secrets.set(config, secret);
  }
  return secret;
}

const sign = (config: Config, guid: string, expires: number) =>
  createHmac('sha256', secretOf(config)).update(`${guid}:${expires}`).digest('base64url');

export const attachmentPath = (guid: string) => `/api/v3/anytime/attachments/${guid}`;

/** Images a browser can show inline without running anything (no SVG: it may carry scripts). */
export const isPreviewable = (mimetype: string) => /^image\/(png|jpeg|gif|webp|bmp|avif|x-icon|vnd\.microsoft\.icon|tiff|heic|heif)$/.test(mimetype);

export function attachmentLinks(config: Config, row: { id: string; mimetype: string }, now = Date.now()) {
  const expires = Math.ceil((now / 1000 + config.attachmentUrlTtlSeconds) / 60) * 60;
  const query = `expires=${expires}&signature=${sign(config, row.id, expires)}`;
  const base = `${config.publicUrl ?? ''}${attachmentPath(row.id)}`;
  return {
    url: `${base}/download?${query}`,
    previewUrl: isPreviewable(row.mimetype) ? `${base}/preview?${query}` : null,
  };
}

/** True when `signature` is ours for this guid and `expires` has not passed. */
export function verifyAttachmentLink(config: Config, guid: string, expires: string | null, signature: string | null, now = Date.now()): boolean {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 < now) return false;
  const expected = Buffer.from(sign(config, guid, Number(expires)));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
