import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Metric } from 'prom-client';
import { newRequestId } from '../domain/random-pool.js';
import { registerAuth } from './auth.js';
import { type ConcurrencyLimiter, InProcessConcurrencyLimiter } from './concurrency.js';
import type { ApiContext } from './context.js';
import { dashboardRoutes } from './dashboard.js';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandlers } from './error-handler.js';
import { registerIdempotency } from './idempotency.js';
import { registerMetrics } from './metrics.js';
import { registerOpenApiConventions, swaggerConventions } from './openapi.js';
import { registerPublicRateLimit } from './public-rate-limit.js';
import type { RateCounter } from './rate-counter.js';
import { registerJsonParser } from './raw-body.js';
import { agreementRoutes } from './routes/agreements.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { appSettingsRoutes } from './routes/app-settings.js';
import { balanceRoutes } from './routes/balance.js';
import { channelConfigRoutes } from './routes/channel-configs.js';
import { channelNotificationRoutes } from './routes/channel-notifications.js';
import { chargeRoutes } from './routes/charges.js';
import { EmulatorScenariosSchema, emulatorScenarioRoutes } from './routes/emulator-scenarios.js';
import { errorRoutes } from './routes/errors.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { refundRoutes } from './routes/refunds.js';
import { reportRoutes, SummarySchema } from './routes/reports.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { SessionSchema, sessionRoutes } from './routes/sessions.js';
import { terminalRoutes } from './routes/terminals.js';
import { testHelperRoutes } from './routes/test-helpers.js';
import { transferRoutes } from './routes/transfers.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';
import { AGREEMENT_SCHEMAS } from './schemas/agreements.js';
import { ErrorEnvelopeSchema } from './schemas/common.js';
import { PAYOUT_SCHEMAS } from './schemas/transfers.js';
import { registerSigning } from './signing.js';
import { registerTextGuard } from './text-guard.js';
import { registerValidators } from './validators.js';

export interface BuildAppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  readonly bodyLimit?: number;
  readonly limiter?: ConcurrencyLimiter;
  /** Fastify's trustProxy: false (default), true, a hop count, or addresses/CIDRs of trusted proxies. */
  readonly trustProxy?: boolean | number | string;
  /** Metrics of other parts of the process (the job runner) to serve on /metrics. */
  readonly metrics?: readonly Metric[];
  /** Bearer token /metrics requires; without one /metrics is refused (it shows platform-wide volumes). */
  readonly metricsToken?: string | undefined;
  /** Requests per minute per client IP on unauthenticated routes (default 0: no limit). */
  readonly publicRateLimit?: number;
  /** Where the public rate limit counts (default: in this process; Redis makes it cluster-wide). */
  readonly rateCounter?: RateCounter;
  /** A request must be received completely within this time (default 30 s; 0: no limit). */
  readonly requestTimeoutMs?: number;
  /** A connection idle this long is closed (default 60 s; 0: never). */
  readonly connectionTimeoutMs?: number;
  /** How often the server checks requests against `requestTimeoutMs` (Node's default: 30 s). */
  readonly timeoutCheckIntervalMs?: number;
  /** The built dashboard served at /dashboard/ (default: dist/dashboard when it exists). */
  readonly dashboardDir?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Parsed IP allow-lists, one per app, bounded (see auth.ts). */
    ipAllowLists: { readonly size: number; readonly capacity: number };
  }
}

export const API_VERSION = '1.0.0';

/** Builds the HTTP API around an open store. The caller owns the store and closes it after the app. */
export async function buildApp(ctx: ApiContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    trustProxy: trustProxyOption(options.trustProxy),
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    // While closing, requests already on open connections are answered, not refused with 503: a
    // graceful stop answers every request it accepted.
    return503OnClosing: false,
    // Every answer is an envelope, even those given before routing or before a request exists.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // A client trickling its request (or holding an idle socket) is cut off (408 / closed). Node
    // applies the request timeout only when it is given to the server's constructor (`http`).
    requestTimeout: requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs ?? 60_000,
    http: {
      requestTimeout: requestTimeoutMs,
      ...(options.timeoutCheckIntervalMs !== undefined
        ? { connectionsCheckingInterval: options.timeoutCheckIntervalMs }
        : {}),
    },
  });

  // Every /v1 route is authenticated unless it opts out; health and docs routes opt out.
  app.addHook('onRoute', (route) => {
    route.config = { auth: route.url.startsWith('/v1/') ? 'secret' : 'none', ...route.config };
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  closeConnectionsWhenClosing(app);

  registerPublicRateLimit(app, options.publicRateLimit ?? 0, options.rateCounter);
  registerValidators(app);
  registerJsonParser(app);
  registerErrorHandlers(app);
  app.addSchema(ErrorEnvelopeSchema);
  for (const schema of PAYOUT_SCHEMAS) app.addSchema(schema);
  for (const schema of AGREEMENT_SCHEMAS) app.addSchema(schema);
  app.addSchema(SessionSchema);
  app.addSchema(SummarySchema);
  app.addSchema(EmulatorScenariosSchema);

  registerOpenApiConventions(app);
  await app.register(swagger, {
    ...swaggerConventions,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'polypay API',
        version: API_VERSION,
        description:
          'One API and one error model over many payment channels. Every response is ' +
          '`{"code": 0, "message": "success", "data": …}` or an error envelope with a unified code.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'sk_test_… or sk_live_… (secret key); rk_test_… or rk_live_… (restricted key: GET only, ' +
              'anything else is 403 permission_denied)',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'polypay_session',
            description:
              'The dashboard: a cookie from POST /v1/sessions, accepted when no Authorization header is ' +
              'sent; every write must also send the session’s csrf_token as X-CSRF-Token',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  // The document is the same for the life of the process: serialised once, on first request.
  let openapi: string | undefined;
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => {
    openapi ??= JSON.stringify(app.swagger());
    return reply.type('application/json; charset=utf-8').send(openapi);
  });

  registerMetrics(app, options.metrics, options.metricsToken);
  app.decorate('ipAllowLists', registerAuth(app, ctx, options.limiter ?? new InProcessConcurrencyLimiter()));
  registerSigning(app, ctx);
  registerTextGuard(app);
  registerIdempotency(app, ctx);

  await app.register(healthRoutes, ctx);
  await app.register(errorRoutes);
  await app.register(appSettingsRoutes, ctx);
  await app.register(apiKeyRoutes, ctx);
  // Resource routes: one plugin per resource file.
  await app.register(webhookEndpointRoutes, ctx);
  await app.register(eventRoutes, ctx);
  await app.register(chargeRoutes, ctx);
  await app.register(refundRoutes, ctx);
  await app.register(transferRoutes, ctx);
  await app.register(balanceRoutes, ctx);
  await app.register(sandboxRoutes, ctx);
  await app.register(testHelperRoutes, ctx);
  await app.register(terminalRoutes, ctx);
  await app.register(channelConfigRoutes, ctx);
  await app.register(channelNotificationRoutes, ctx);
  await app.register(agreementRoutes, ctx);
  await app.register(sessionRoutes, ctx);
  await app.register(reportRoutes, ctx);
  await app.register(emulatorScenarioRoutes);
  await app.register(dashboardRoutes, { root: options.dashboardDir });
  return app;
}

/**
 * A graceful close waits for every open connection. Once closing, each answer also closes its
 * connection (keep-alive clients move to another process), and connections that fall idle after the
 * close began are closed too: Node closes only those idle at the moment it is asked.
 */
function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
    sweeper.unref();
  });
  app.addHook('onClose', async () => {
    if (sweeper) clearInterval(sweeper);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}

/** A hop count becomes the function Fastify's types accept (its runtime also takes the number). */
export function trustProxyOption(
  value: boolean | number | string | undefined,
): FastifyServerOptions['trustProxy'] {
  if (typeof value !== 'number') return value ?? false;
  return (_address: string, hop: number) => hop < value;
}
