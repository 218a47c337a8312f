import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import {
  type ActiveKey,
  type ApiKeyKind,
  DEFAULT_READ_CACHE_TTL_MS,
  findActiveKey,
  findActiveSession,
  hashApiKey,
  hashSessionToken,
  ReadCache,
} from '../store/index.js';
import { BoundedCache } from './bounded-cache.js';
import type { ConcurrencyLimiter, ConcurrencySlot } from './concurrency.js';
import type { ApiContext, AuthContext } from './context.js';
import { CSRF_HEADER, csrfMatches, sessionTokenOf } from './session-cookie.js';

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
      messageZh: 'Authorization 请求头须为 "Bearer <secret key>"',
    });
  }
  return match[1];
}

/** Apps whose parsed allow-list is kept; beyond that the least recently used is parsed again. */
export const ALLOWLIST_CACHE_SIZE = 1_000;

/** An app's parsed allow-list, with the text it was parsed from (a changed list is parsed anew). */
export interface CachedAllowList {
  readonly text: string;
  readonly list: BlockList;
}

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

/** Whether `ip` (as the socket or the trusted proxy reports it) is within `entries`. */
export function listAllows(entries: readonly string[], ip: string): boolean {
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (!isIPv4(plain) && !isIPv6(plain)) return false;
  return buildBlockList(entries).check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

function ipAllowed(
  cache: BoundedCache<string, CachedAllowList>,
  appId: string,
  ip: string,
  entries: readonly string[],
): boolean {
  // Keyed by app, one entry each, bounded: a merchant changing its list again and again replaces its
  // own entry instead of adding one per version.
  const text = entries.join(',');
  let cached = cache.get(appId);
  if (cached?.text !== text) {
    cached = { text, list: buildBlockList(entries) };
    cache.set(appId, cached);
  }
  const list = cached.list;
  // IPv4 clients on a dual-stack socket show up as ::ffff:a.b.c.d.
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/**
 * The active key of a plaintext key, through a short-lived cache of the process keyed by the key's hash
 * (src/store/read-cache.ts): a revoke, a roll, a change of the app or of the merchant in this process
 * applies to the next request; one made by another process within `ctx.readCacheTtlMs`. Unknown keys are
 * not cached, and a rolled key's overlap ends at its `revoked_at` whenever its answer was cached.
 */
export function activeKeyLookup(ctx: ApiContext): (key: string) => Promise<ActiveKey | undefined> {
  const cache = new ReadCache<string, ActiveKey>({
    ttlMs: ctx.readCacheTtlMs ?? DEFAULT_READ_CACHE_TTL_MS,
    now: () => ctx.clock.now(),
  });
  return async (key) => {
    const hash = hashApiKey(key);
    const now = ctx.clock.now();
    const found = await cache.get(hash, () => findActiveKey(ctx.store.db, hash, now));
    return found && (found.revokedAt === null || found.revokedAt > now) ? found : undefined;
  };
}

/**
 * A dashboard session: used only when no Authorization header is sent (a key always wins). Every write
 * must carry the session's CSRF token; an unknown, ended or expired session is refused like a bad key.
 */
async function authenticateSession(
  ctx: ApiContext,
  request: FastifyRequest,
): Promise<{ found: ActiveKey; sessionId: string; token: string } | undefined> {
  if (request.headers.authorization !== undefined) return undefined;
  const token = sessionTokenOf(request);
  if (token === undefined) return undefined;
  const found = await findActiveSession(ctx.store.db, hashSessionToken(token), ctx.clock.now());
  if (!found) {
    throw new PolypayError('invalid_api_key', {
      param: 'Cookie',
      message: 'The session has expired or was signed out; sign in again.',
      messageZh: '会话已过期或已退出，请重新登录',
    });
  }
  if (!READ_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (!csrfMatches(token, Array.isArray(sent) ? sent[0] : sent)) {
      throw new PolypayError('permission_denied', {
        param: 'X-CSRF-Token',
        message: 'A write from a dashboard session must carry its X-CSRF-Token header.',
        messageZh: '控制台会话的写操作须带上 X-CSRF-Token 请求头',
      });
    }
  }
  return { found, sessionId: found.sessionId, token };
}

/** Methods a restricted (read-only) key may use. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * What a key's kind allows: secret keys everything of the merchant API; restricted keys (`rk_…`) only
 * reads; operator keys are for administration, not for the merchant API.
 */
function enforceKind(kind: ApiKeyKind, method: string): void {
  if (kind === 'secret') return;
  if (kind === 'restricted' && READ_METHODS.has(method)) return;
  throw new PolypayError('permission_denied', {
    param: 'Authorization',
    message:
      kind === 'restricted'
        ? 'A restricted key can only read (GET); use a secret key to change anything.'
        : 'An operator key cannot call the merchant API; use the app’s secret key.',
    messageZh:
      kind === 'restricted'
        ? '受限密钥只能读取（GET），如需修改请使用 secret 密钥'
        : '运营方密钥不能调用商户接口，请使用该应用的 secret 密钥',
  });
}

/** The request's authentication, from the active key found for it (shared with the Ping++ surface). */
export function authContextOf(found: ActiveKey): AuthContext {
  return {
    keyId: found.keyId,
    kind: found.kind,
    merchantId: found.merchantId,
    appId: found.appId,
    mode: found.appMode,
    requireSignature: found.requireSignature,
    signingSecretEnc: found.signingSecretEnc,
    previousSigningSecretEnc: found.previousSigningSecretEnc,
    previousSigningSecretExpiresAt:
      found.previousSigningSecretExpiresAt === null ? null : Number(found.previousSigningSecretExpiresAt),
    ipAllowlist: found.ipAllowlist,
    concurrencyLimit: found.concurrencyLimit,
    timeZone: found.timeZone,
  };
}

/**
 * Authenticates every route whose config says `auth: 'secret'` (the default under /v1): API key and
 * what its kind allows, then the app's IP allow-list, then its concurrency limit. Signatures are checked
 * later, once the body is read (see signing.ts). Answers the allow-list cache (bounded, per app).
 */
export function registerAuth(
  app: FastifyInstance,
  ctx: ApiContext,
  limiter: ConcurrencyLimiter,
): BoundedCache<string, CachedAllowList> {
  const allowlists = new BoundedCache<string, CachedAllowList>(ALLOWLIST_CACHE_SIZE);
  const slots = new WeakMap<FastifyRequest, ConcurrencySlot>();
  const activeKeyOf = activeKeyLookup(ctx);
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (auth !== 'secret') return;
    const session = await authenticateSession(ctx, request);
    let found: ActiveKey;
    if (session) found = session.found;
    else {
      const key = extractKey(request);
      const byKey = await activeKeyOf(key);
      if (!byKey) throw new PolypayError('invalid_api_key', { param: 'Authorization' });
      found = byKey;
    }
    if (found.merchantStatus !== 'active') throw new PolypayError('merchant_disabled');
    if (!request.routeOptions.config?.anyKind) enforceKind(found.kind, request.method);
    const context: AuthContext = {
      ...(session ? { sessionId: session.sessionId, sessionToken: session.token } : {}),
      ...authContextOf(found),
    };
    if (
      context.ipAllowlist &&
      context.ipAllowlist.length > 0 &&
      !ipAllowed(allowlists, context.appId, request.ip, context.ipAllowlist)
    ) {
      throw new PolypayError('ip_not_allowed', {
        message: `Requests from ${request.ip} are not allowed for this app.`,
        messageZh: `该应用不接受来自 ${request.ip} 的请求`,
      });
    }
    if (context.concurrencyLimit !== null) {
      const slot = await limiter.acquire(context.appId, context.concurrencyLimit);
      if (!slot) throw new PolypayError('concurrency_limit_exceeded');
      slots.set(request, slot);
    }
    request.auth = context;
  });

  // onResponse and onRequestAbort may both run for one request: the slot is released once.
  const release = async (request: FastifyRequest) => {
    slots.get(request)?.release();
    slots.delete(request);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
  return allowlists;
}
