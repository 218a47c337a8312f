import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../../src/api/app.js';
import type { ApiContext } from '../../src/api/context.js';
import { signRequest } from '../../src/api/request-signature.js';
import type { ProviderTable } from '../../src/channels/providers.js';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { ChargeSettings } from '../../src/services/charges/deps.js';
import type { WebhookTargetPolicy } from '../../src/services/webhooks/target-policy.js';
import {
  createMerchantWithApp,
  openStore,
  SecretBox,
  type StatementCounter,
  type Store,
} from '../../src/store/index.js';
import { createTestStore, type Dialect } from './stores.js';

export interface Credentials {
  readonly merchant_id: string;
  readonly app_id: string;
  readonly secret_key: string;
  readonly signing_secret: string;
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: T;
}

export interface RequestOptions {
  /** The API key to send; `null` sends no Authorization header. Default: the test merchant's. */
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
  /** A value to send as JSON, or a string sent verbatim. */
  readonly body?: unknown;
  /** Sign with the test merchant's signing secret (true), or with the given one. */
  readonly sign?: boolean | { secret?: string; timestamp?: number; nonce?: string };
  readonly contentType?: string;
}

export interface TestApi {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly box: SecretBox;
  readonly url: string;
  /** The database the store was opened from (a second instance may open it too). */
  readonly databaseUrl: string;
  readonly merchant: Credentials;
  /** Services and the job runner; tests step jobs with `runtime.jobs.runUntilIdle()`. */
  readonly runtime: Runtime;
  createMerchant(name?: string): Promise<Credentials>;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export interface TestApiOptions extends BuildAppOptions {
  readonly clock?: Clock;
  /** Called with the app before it starts listening, to add test-only routes. */
  readonly beforeListen?: (app: FastifyInstance) => void | Promise<void>;
  readonly settings?: Partial<ChargeSettings>;
  /**
   * Which webhook targets may be reached. Default: public addresses only, as in production; tests whose
   * receivers listen on 127.0.0.1 opt in with `PRIVATE_TARGETS_FOR_TESTS`.
   */
  readonly webhookTargets?: WebhookTargetPolicy;
  /** Deadline of one webhook attempt of the runtime's runner (default 10 s). */
  readonly webhookTimeoutMs?: number;
  /** The providers channel configurations may name (default: those polypay ships with). */
  readonly providers?: ProviderTable;
  /** Port to listen on (default any free one); give one with `settings.publicUrl` to receive notifications. */
  readonly port?: number;
  /** Records every statement the store sends (test/perf counts them). */
  readonly counter?: StatementCounter;
  /** Time to live of the API key and channel configuration caches (default 2 s of `clock`; 0: none). */
  readonly readCacheTtlMs?: number;
  /**
   * An existing, migrated database (another instance's `databaseUrl`) instead of a fresh one: a second
   * instance over the same database, as a second process would be. close() leaves the database in place.
   */
  readonly databaseUrl?: string;
}

/** The operator setting that lets test-mode apps reach receivers on 127.0.0.1 (as `npm start` does). */
export const PRIVATE_TARGETS_FOR_TESTS: WebhookTargetPolicy = { allowPrivateInTestMode: true };

/** Another store over a test database some instance created: closed, never dropped, by dispose(). */
async function sharedStore(url: string, options: { counter?: StatementCounter }) {
  const store = await openStore(url, options);
  return { store, url, dispose: () => store.close() };
}

/** A real polypay API on 127.0.0.1 over a fresh store of the given dialect, with one sandbox merchant. */
export async function startTestApi(dialect: Dialect, options: TestApiOptions = {}): Promise<TestApi> {
  const storeOptions = options.counter ? { counter: options.counter } : {};
  const testStore = options.databaseUrl
    ? await sharedStore(options.databaseUrl, storeOptions)
    : await createTestStore(dialect, storeOptions);
  const { store } = testStore;
  const box = SecretBox.fromKey(Buffer.alloc(32, 7));
  const clock = options.clock ?? systemClock;
  const runtime = createRuntime({
    store,
    box,
    clock,
    settings: options.settings ?? {},
    ...(options.webhookTargets ? { webhookTargets: options.webhookTargets } : {}),
    ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.readCacheTtlMs !== undefined ? { readCacheTtlMs: options.readCacheTtlMs } : {}),
  });
  const ctx: ApiContext = {
    store,
    box,
    clock,
    signatureToleranceSeconds: 300,
    idempotencyTtlMs: 86_400_000,
    charges: runtime.charges,
    channels: runtime.channels,
    ...(options.webhookTargets ? { webhookTargets: options.webhookTargets } : {}),
    ...(options.readCacheTtlMs !== undefined ? { readCacheTtlMs: options.readCacheTtlMs } : {}),
  };
  const app = await buildApp(ctx, { metrics: runtime.jobMetrics, ...options });
  await options.beforeListen?.(app);
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test API has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  const createMerchant = (name = 'Test merchant') =>
    createMerchantWithApp(store.db, box, { name, mode: 'test', now: clock.now() });
  const merchant = await createMerchant();

  async function request<T>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? merchant.secret_key : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    if (opts.sign) {
      const given = typeof opts.sign === 'object' ? opts.sign : {};
      Object.assign(
        headers,
        signRequest({
          secret: given.secret ?? merchant.signing_secret,
          method,
          path,
          body: body ?? '',
          ...(given.timestamp !== undefined ? { timestamp: given.timestamp } : {}),
          ...(given.nonce !== undefined ? { nonce: given.nonce } : {}),
        }),
      );
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON answers (metrics, docs) keep their text.
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  return {
    app,
    store,
    box,
    url,
    databaseUrl: testStore.url,
    merchant,
    runtime,
    createMerchant,
    request,
    async close() {
      await app.close();
      await testStore.dispose();
    },
  };
}
