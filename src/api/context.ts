import type { Channels } from '../channels/registry.js';
import type { Clock } from '../domain/clock.js';
import type { ChargeDeps } from '../services/charges/deps.js';
import type { WebhookTargetPolicy } from '../services/webhooks/target-policy.js';
import type { ApiKeyKind, SecretBox, Store } from '../store/index.js';

/** What every route plugin and hook of the HTTP layer is given. */
export interface ApiContext {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
  /** Allowed clock skew of signed requests, in seconds. */
  readonly signatureToleranceSeconds: number;
  readonly idempotencyTtlMs: number;
  /** How long an API key's answer (key, app, merchant) is cached (default 2 s; 0: not cached). */
  readonly readCacheTtlMs?: number;
  /** Charges, refunds and balances; their routes exist only when this is given. */
  readonly charges?: ChargeDeps;
  /** The channels, for the sandbox buyer's route. */
  readonly channels?: Channels;
  /** Which webhook targets endpoints may name (default: public addresses only). */
  readonly webhookTargets?: WebhookTargetPolicy;
}

/** The authenticated caller of a request. */
export interface AuthContext {
  readonly keyId: string;
  readonly kind: ApiKeyKind;
  readonly merchantId: string;
  readonly appId: string;
  readonly mode: 'test' | 'live';
  readonly requireSignature: boolean;
  readonly signingSecretEnc: string;
  /** A rolled-out signing secret, accepted until `previousSigningSecretExpiresAt` (epoch ms). */
  readonly previousSigningSecretEnc: string | null;
  readonly previousSigningSecretExpiresAt: number | null;
  readonly ipAllowlist: readonly string[] | null;
  readonly concurrencyLimit: number | null;
  readonly timeZone: string;
  /** Set when the caller is a dashboard session (cookie and CSRF token) rather than an API key. */
  readonly sessionId?: string;
  /** The session's token, for the routes that answer its CSRF token or end it. */
  readonly sessionToken?: string;
}

export type RouteAuth = 'secret' | 'none';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes of a JSON body, kept for request signatures and idempotency hashes. */
    rawBody?: Buffer;
    auth?: AuthContext;
  }
  interface FastifyContextConfig {
    /** Who may call the route; `secret` unless a route says otherwise. */
    auth?: RouteAuth;
    /** A write a read-only key may make too (ending its own dashboard session). */
    anyKind?: boolean;
    /**
     * The handler hands the request's writes (requestWritesOf) to a use case that joins them to its first
     * unit of work, so the idempotency claim need not commit on its own first (SQLite).
     */
    joinsRequestWrites?: boolean;
  }
}
