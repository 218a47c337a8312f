import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, type Metric, Registry } from 'prom-client';
import { PolypayError } from '../errors/polypay-error.js';

/** Prometheus metrics of one API instance; a registry per instance keeps tests independent. */
export function registerMetrics(
  app: FastifyInstance,
  extra: readonly Metric[] = [],
  token?: string,
): Registry {
  const registry = new Registry();
  for (const metric of extra) registry.registerMetric(metric);
  collectDefaultMetrics({ register: registry, prefix: 'polypay_' });
  const requests = new Counter({
    name: 'polypay_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'polypay_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  // Platform-wide volumes are the operator's business: /metrics wants the operator's token.
  const expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  app.get('/metrics', { config: { auth: 'none' }, schema: { hide: true } }, async (request, reply) => {
    if (expected === undefined) {
      throw new PolypayError('permission_denied', {
        message: '/metrics is off: the operator sets POLYPAY_METRICS_TOKEN to turn it on.',
        messageZh: '/metrics 未开启：需由运营方设置 POLYPAY_METRICS_TOKEN',
      });
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    const digest = createHash('sha256')
      .update(given ?? '')
      .digest();
    if (given === undefined || !timingSafeEqual(digest, expected)) {
      throw new PolypayError('invalid_api_key', {
        param: 'Authorization',
        message: '/metrics wants "Authorization: Bearer <POLYPAY_METRICS_TOKEN>".',
        messageZh: '/metrics 须带 "Authorization: Bearer <POLYPAY_METRICS_TOKEN>"',
      });
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
