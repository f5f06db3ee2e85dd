import ipaddr from 'ipaddr.js';
import { ClozeError } from '../../core/errors.js';

/** Every address a host name resolves to (Node: the system resolver); absent where the runtime offers none. */
export type ResolveHost = (host: string) => Promise<string[]>;

/** Where the service may send a caller-chosen URL (a webhook's `callback_url`, Slack's `response_url`). */
export interface OutboundPolicy {
  /** `CLOZE_CALLBACK_ALLOW_PRIVATE=true`: loopback and private targets allowed (tests, a private deployment). */
  allowPrivate: boolean;
  /** Resolves host names, so a public-looking name that points inside is refused too. */
  resolve?: ResolveHost;
}

/**
 * The range of an address that is not a public unicast one (loopback, private, link-local,
 * CGNAT, unique-local, the metadata address 169.254.169.254, multicast, reserved, NAT64 and
 * other IPv4-embedding forms); undefined for a public address. IPv4-mapped IPv6 addresses are
 * judged as the IPv4 address they carry.
 */
export function nonPublicRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/**
 * Throws 422 naming `field` unless `url` is an http(s) URL whose host is public: an address
 * literal is judged as it is; a name is refused when it is `localhost` or when any address it
 * resolves to is not public. Called when the request comes in, and again before each
 * delivery attempt (the name may resolve elsewhere by then: DNS rebinding).
 */
export async function checkOutboundUrl(url: string, field: string, policy: OutboundPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  const refuse = (why: string) => new ClozeError('validation_failed', `${field} must point to a public address: ${why}`, { field });
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw refuse('not a URL');
  }
  if (ipaddr.isValid(host)) {
    const range = nonPublicRange(host);
    if (range) throw refuse(`${host} is a ${range} address`);
    return;
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) throw refuse(`${host} is a loopback name`);
  if (!policy.resolve) return;
  let addresses: string[];
  try {
    addresses = await policy.resolve(name);
  } catch {
    throw refuse(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw refuse(`${host} does not resolve`);
  for (const a of addresses) {
    const range = nonPublicRange(a);
    if (range) throw refuse(`${host} resolves to ${a}, a ${range} address`);
  }
}
