import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PolypayError } from '../errors/polypay-error.js';
import type { ConcurrencyLimiter, ConcurrencySlot } from './concurrency.js';
import type { RateCounter, RateWindowHit } from './rate-counter.js';

/**
 * Acquire: drop the app's expired leases, then add one if fewer than the limit remain. Leases are members
 * of a sorted set scored by their expiry on Redis's own clock, so the processes' clocks do not matter and
 * the slots of a process that died are freed when their leases run out.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1`;

/** Renew: push the expiry of leases still held (ZADD XX never brings back a lease already dropped). */
const RENEW = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1`;

/** Count one request in a fixed window that starts with the key's first request. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1])) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1])); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

type LimitRedis = Redis & {
  polypayAcquire(key: string, limit: number, leaseMs: number, id: string): Promise<number>;
  polypayRenew(key: string, leaseMs: number, ...ids: string[]): Promise<number>;
  polypayHit(key: string, windowMs: number): Promise<[number, number]>;
};

export interface RedisLimitsOptions {
  /** Prefix of every key (env POLYPAY_REDIS_PREFIX, default `polypay:`): several gateways may share one Redis. */
  readonly keyPrefix?: string;
  /** How long a lease outlives its last renewal: the delay before a dead process's slots are free again. */
  readonly leaseMs?: number;
}

/**
 * The per-app concurrency limit and the rate limits of every gateway process sharing one Redis. A Redis
 * that does not answer makes the request fail with 503 service_unavailable: a limit is never skipped.
 */
export class RedisLimits {
  readonly redis: LimitRedis;
  readonly leaseMs: number;
  readonly #held = new Map<string, Set<string>>();
  readonly #renewal: NodeJS.Timeout;

  constructor(url: string, options: RedisLimitsOptions = {}) {
    this.leaseMs = options.leaseMs ?? 30_000;
    const redis = new Redis(url, {
      keyPrefix: options.keyPrefix ?? 'polypay:',
      maxRetriesPerRequest: 1,
      // A Redis that stops answering fails the request (503) rather than holding it.
      commandTimeout: 2_000,
      lazyConnect: true,
    });
    redis.defineCommand('polypayAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('polypayRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('polypayHit', { numberOfKeys: 1, lua: HIT });
    // Errors reach the commands that fail; a dropped connection is retried by ioredis.
    redis.on('error', () => {});
    this.redis = redis as LimitRedis;
    this.#renewal = setInterval(() => void this.#renew(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.#renewal.unref();
  }

  /** Connects and proves Redis answers (at start, so that a wrong URL stops the process). */
  async connect(): Promise<void> {
    await this.redis.connect();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.#renewal);
    // Slots still held are given back, so that the other processes need not wait for their leases.
    await Promise.allSettled([...this.#held].map(([key, ids]) => this.redis.zrem(key, ...ids)));
    this.#held.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  readonly concurrency: ConcurrencyLimiter = {
    acquire: async (appId, limit): Promise<ConcurrencySlot | undefined> => {
      const key = `concurrency:${appId}`;
      const id = randomBytes(9).toString('base64url');
      const acquired = await unavailableOnError(() =>
        this.redis.polypayAcquire(key, limit, this.leaseMs, id),
      );
      if (acquired !== 1) return undefined;
      const ids = this.#held.get(key) ?? new Set<string>();
      ids.add(id);
      this.#held.set(key, ids);
      return {
        release: () => {
          const held = this.#held.get(key);
          if (!held?.delete(id)) return;
          if (held.size === 0) this.#held.delete(key);
          // A release that does not reach Redis is a lease that runs out by itself.
          this.redis.zrem(key, id).catch(() => {});
        },
      };
    },
  };

  readonly rate: RateCounter = {
    hit: async (key, windowMs): Promise<RateWindowHit> => {
      const [count, resetInMs] = await unavailableOnError(() =>
        this.redis.polypayHit(`rate:${key}`, windowMs),
      );
      return { count, resetInMs };
    },
  };

  async #renew(): Promise<void> {
    await Promise.allSettled(
      [...this.#held].map(([key, ids]) => this.redis.polypayRenew(key, this.leaseMs, ...ids)),
    );
  }
}

async function unavailableOnError<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw new PolypayError('service_unavailable', {
      message: 'The shared limit store (Redis) did not answer; retry shortly.',
      messageZh: '共享限流存储（Redis）无响应，请稍后重试',
      cause: error,
    });
  }
}
