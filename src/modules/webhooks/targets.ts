/**
 * Where a webhook may point. Refused unless WEBHOOK_ALLOW_PRIVATE=true: any address that is not
 * public unicast (loopback, private, link-local such as the cloud metadata 169.254.169.254,
 * carrier-grade NAT, unique-local IPv6, multicast, unspecified, reserved). A host name is resolved
 * and EVERY address it resolves to is checked, at registration (a 400 naming `url`) and again at
 * delivery time inside the connection's own DNS lookup (`guardedLookup`), so the address checked is
 * the address connected to: a name that re-resolves to 127.0.0.1 later (DNS rebinding) is refused.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** True for a public unicast address (IPv4-mapped IPv6 is judged as the IPv4 address it carries). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** `https://[::1]/x` → `::1`: URL keeps IPv6 literals in brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

export async function resolveAll(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))),
  );
}

/** Throws TargetRefused naming the first non-public address `url`'s host resolves to. */
export async function assertPublicTarget(url: URL): Promise<void> {
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = await resolveAll(host);
  } catch (error) {
    throw new TargetRefused(`host ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const refused = addresses.find((address) => !isPublicAddress(address));
  if (refused) throw new TargetRefused(`host ${host} resolves to ${refused}, a private, loopback or otherwise non-public address`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that refuses the connection when any address of the host is not public. */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      return callback(Object.assign(new TargetRefused(`host ${hostname} resolves to ${refused.address}, which is not a public address`), { code: 'EWEBHOOKPRIVATE' }), '');
    }
    if (options.all) return callback(null, addresses);
    const family = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0;
    const chosen = addresses.find((a) => !family || a.family === family) ?? addresses[0]!;
    callback(null, chosen.address, chosen.family);
  });
}
