import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import { findActiveKey, hashApiKey } from '../store/index.js';
import type { ConcurrencyLimiter } from './concurrency.js';
import type { ApiContext, AuthContext } from './context.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function extractKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw new PolypayError('missing_api_key', { param: 'Authorization' });
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) {
    throw new PolypayError('invalid_api_key', {
      param: 'Authorization',
      message: 'The Authorization header must be "Bearer <secret key>".',
    });
  }
  return match[1];
}

const allowlists = new Map<string, BlockList>();

/** Entries are single addresses or CIDR ranges, IPv4 or IPv6. */
export function buildBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    if (!address) continue;
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family) continue;
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function ipAllowed(ip: string, entries: readonly string[]): boolean {
  const cacheKey = entries.join(',');
  let list = allowlists.get(cacheKey);
  if (!list) {
    list = buildBlockList(entries);
    allowlists.set(cacheKey, list);
  }
  // IPv4 clients on a dual-stack socket show up as ::ffff:a.b.c.d.
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/**
 * Authenticates every route whose config says `auth: 'secret'` (the default under /v1): API key, then
 * the app's IP allow-list, then its concurrency limit. Signatures are checked later, once the body is
 * read (see signing.ts).
 */
export function registerAuth(app: FastifyInstance, ctx: ApiContext, limiter: ConcurrencyLimiter): void {
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (auth !== 'secret') return;
    const key = extractKey(request);
    const found = await findActiveKey(ctx.store.db, hashApiKey(key));
    if (!found) throw new PolypayError('invalid_api_key', { param: 'Authorization' });
    if (found.merchantStatus !== 'active') throw new PolypayError('merchant_disabled');
    const context: AuthContext = {
      keyId: found.keyId,
      kind: found.kind,
      merchantId: found.merchantId,
      appId: found.appId,
      mode: found.appMode,
      requireSignature: found.requireSignature,
      signingSecretEnc: found.signingSecretEnc,
      ipAllowlist: found.ipAllowlist,
      concurrencyLimit: found.concurrencyLimit,
      timeZone: found.timeZone,
    };
    if (
      context.ipAllowlist &&
      context.ipAllowlist.length > 0 &&
      !ipAllowed(request.ip, context.ipAllowlist)
    ) {
      throw new PolypayError('ip_not_allowed', {
        message: `Requests from ${request.ip} are not allowed for this app.`,
      });
    }
    if (context.concurrencyLimit !== null && !limiter.tryAcquire(context.appId, context.concurrencyLimit)) {
      throw new PolypayError('concurrency_limit_exceeded');
    }
    request.auth = context;
  });

  const release = async (request: FastifyRequest) => {
    const auth = request.auth;
    if (auth?.concurrencyLimit != null) {
      limiter.release(auth.appId);
      // Guard against a second release from onRequestAbort after onResponse.
      request.auth = { ...auth, concurrencyLimit: null };
    }
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
