import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import type { AppMode } from '../../store/index.js';

/**
 * Which addresses a webhook may be sent to (SSRF defence). A merchant names the URL, so a URL must never
 * let it reach the gateway's own network: loopback, private, link-local, CGNAT, unspecified, multicast,
 * reserved and the IPv6 equivalents are refused, in every spelling (IPv4-mapped IPv6, decimal hosts, which
 * the WHATWG URL parser already turns into dotted quads). Names are resolved when a delivery is made, and
 * the connection goes to the very address that was checked (see `pinnedLookup`), so a name that resolves
 * to a public address when checked and to 127.0.0.1 when connecting (DNS rebinding) gets nowhere.
 */
export interface WebhookTargetPolicy {
  /**
   * Test-mode apps may deliver to loopback and private addresses (a receiver on the merchant's own
   * machine or network). An operator setting; off unless turned on (`npm start` turns it on for the demo).
   */
  readonly allowPrivateInTestMode: boolean;
}

export const STRICT_TARGET_POLICY: WebhookTargetPolicy = { allowPrivateInTestMode: false };

/** Ranges (ipaddr.js names) a test-mode app may reach when the operator allows private targets. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal']);

export type AddressClass = 'public' | 'private' | 'forbidden';

/** `public` (globally routable unicast), `private` (loopback, RFC 1918, CGNAT, ULA), or `forbidden`. */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return 'forbidden';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

/** Whether an app of this mode may send to this address under the policy. */
export function addressAllowed(address: string, mode: AppMode, policy: WebhookTargetPolicy): boolean {
  const kind = classifyAddress(address);
  if (kind === 'public') return true;
  return kind === 'private' && mode === 'test' && policy.allowPrivateInTestMode;
}

/** The URL's host as an IP address when it is one (brackets of IPv6 removed), else undefined. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : undefined;
}

/** Raised when a target's address is refused; its code is how delivery reports it. */
export class BlockedTargetError extends Error {
  readonly code = 'POLYPAY_BLOCKED_TARGET';
  constructor(host: string) {
    super(`${host} resolves to an address webhooks may not be sent to`);
    this.name = 'BlockedTargetError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * A `lookup` for the connections of webhook deliveries: resolves the name, refuses it unless every
 * address it resolves to is allowed (one bad answer is enough to suspect rebinding), and hands the
 * socket the first checked address, so the address checked is the address connected to.
 */
export function pinnedLookup(
  mode: AppMode,
  policy: WebhookTargetPolicy,
  resolver: Resolver = systemResolver,
) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => {
        const first = addresses[0];
        if (!first || addresses.some((a) => !addressAllowed(a.address, mode, policy))) {
          callback(new BlockedTargetError(hostname), '');
          return;
        }
        if (options.all) callback(null, [first]);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
