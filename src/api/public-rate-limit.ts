import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import { InProcessRateCounter, type RateCounter } from './rate-counter.js';

const WINDOW_MS = 60_000;
/** Probes of orchestrators must never be refused. */
const EXEMPT = new Set(['/healthz', '/readyz']);

/**
 * Limits requests per client IP on routes that need no API key (catalog, documents, metrics, unknown
 * paths): a fixed one-minute window from the client's first request. Authenticated routes are limited
 * per app instead (concurrency limit). The windows are per process unless `counter` is shared (Redis).
 */
export function registerPublicRateLimit(
  app: FastifyInstance,
  perMinute: number,
  counter: RateCounter = new InProcessRateCounter(),
): void {
  if (perMinute <= 0) return;
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.auth === 'secret') return;
    if (EXEMPT.has(request.routeOptions.url ?? '')) return;
    const { count, resetInMs } = await counter.hit(`public:${request.ip}`, WINDOW_MS);
    if (count > perMinute) {
      reply.header('x-ratelimit-limit', String(perMinute));
      throw new PolypayError('rate_limit_exceeded', { retryAfterMs: resetInMs });
    }
  });
}
