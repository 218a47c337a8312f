import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { trustProxyOption } from '../../api/app.js';
import { type ConcurrencyLimiter, InProcessConcurrencyLimiter } from '../../api/concurrency.js';
import type { ApiContext } from '../../api/context.js';
import { languageOf, toPolypayError } from '../../api/error-handler.js';
import { registerTextGuard } from '../../api/text-guard.js';
import { newRequestId } from '../../domain/random-pool.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { registerPingppAuth } from './auth.js';
import { pingppChargeRoutes } from './charges.js';
import { toPingppError } from './errors.js';
import { pingppEventRoutes } from './events.js';
import { pingppPayoutRoutes } from './payouts.js';

export interface PingppAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly bodyLimit?: number;
  readonly trustProxy?: boolean | number | string;
  /** The main API's limiter, so that an app's concurrency limit counts requests on both listeners. */
  readonly limiter?: ConcurrencyLimiter;
  /** A request must be received completely within this time (default 30 s; 0: no limit). */
  readonly requestTimeoutMs?: number;
  /** A connection idle this long is closed (default 60 s; 0: never). */
  readonly connectionTimeoutMs?: number;
}

/**
 * The Ping++-compatible API: Ping++'s paths, objects, Basic auth, request signatures and error bodies,
 * translated onto polypay's services (no behaviour of its own). It is served on a listener of its own
 * because its paths (`/v1/charges`…) are polypay's paths with another contract.
 */
export async function buildPingppApp(
  ctx: ApiContext,
  options: PingppAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    trustProxy: trustProxyOption(options.trustProxy),
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.connectionTimeoutMs ?? 60_000,
    http: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
    // The SDK writes its request on the socket's 'connect' event, which a kept-alive socket never fires
    // again: on Node 19+ (keep-alive by default) its second request would hang. One request per connection.
    reply.header('connection', 'close');
  });
  // The SDK sends JSON on POST and PUT; the exact bytes are kept for Pingplusplus-Signature.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new PolypayError('invalid_json', { message: 'The request body is not valid JSON.' }), undefined);
    }
  });
  // GET requests say form-urlencoded but carry their fields in the query string.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (request, body: Buffer, done) => {
      request.rawBody = body;
      done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    },
  );
  app.setErrorHandler((error, request, reply) => {
    const polypayError = toPolypayError(error);
    if (polypayError.code === 'internal_error') request.log.error({ err: error }, 'unexpected error');
    const { status, body } = toPingppError(polypayError, languageOf(request.headers['accept-language']));
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = toPingppError(
      new PolypayError('route_not_found', {
        message: `No such endpoint: ${request.method} ${request.url.split('?')[0]} (not in polypay's Ping++ surface).`,
      }),
    );
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  registerPingppAuth(app, ctx, options.limiter ?? new InProcessConcurrencyLimiter());
  registerTextGuard(app);
  if (ctx.charges && ctx.channels) {
    pingppChargeRoutes(app, ctx.charges);
    pingppPayoutRoutes(app, { store: ctx.charges.store, clock: ctx.charges.clock, payouts: ctx.channels });
    pingppEventRoutes(app, ctx.charges.store);
  }
  return app;
}
