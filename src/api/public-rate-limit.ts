import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import { BoundedCache } from './bounded-cache.js';

/** Client addresses whose window is tracked; beyond that the least recently seen is forgotten. */
const TRACKED_CLIENTS = 10_000;
const WINDOW_MS = 60_000;
/** Probes of orchestrators must never be refused. */
const EXEMPT = new Set(['/healthz', '/readyz']);

interface Window {
  start: number;
  count: number;
}

/**
 * Limits requests per client IP on routes that need no API key (catalog, documents, metrics, unknown
 * paths): a fixed one-minute window from the client's first request. Authenticated routes are limited
 * per app instead (concurrency limit). In process: with several processes each allows the limit.
 */
export function registerPublicRateLimit(
  app: FastifyInstance,
  perMinute: number,
  now: () => number = Date.now,
): void {
  if (perMinute <= 0) return;
  const windows = new BoundedCache<string, Window>(TRACKED_CLIENTS);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.auth === 'secret') return;
    if (EXEMPT.has(request.routeOptions.url ?? '')) return;
    const at = now();
    let window = windows.get(request.ip);
    if (!window || at - window.start >= WINDOW_MS) {
      window = { start: at, count: 0 };
      windows.set(request.ip, window);
    }
    window.count += 1;
    if (window.count > perMinute) {
      const retryAfterMs = window.start + WINDOW_MS - at;
      reply.header('x-ratelimit-limit', String(perMinute));
      throw new PolypayError('rate_limit_exceeded', { retryAfterMs });
    }
  });
}
