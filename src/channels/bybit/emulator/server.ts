import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  buildEmulator,
  callbackMangle,
  type Emulator,
  type EmulatorCall,
  EmulatorClock,
  type EmulatorFactory,
  type EmulatorKit,
  type EmulatorOptions,
  parseJsonLenient,
} from '../../kit/emulator/index.js';
import { authenticate, RateLimiter } from './auth.js';
import { type Agreement, BybitEngine, type Webhook } from './engine.js';
import { BybitRefusal, retMsgOf } from './errors.js';
import type { Body } from './fields.js';
import { BybitNotifier } from './notifier.js';
import { resultPage, signPage } from './sign-page.js';
import { createWorld, type World } from './world.js';

/**
 * The Bybit Pay recurring-payments emulator on the channel kit: the `/v5/bybitpay/agreement/*` API behind
 * X-BAPI-* signing, the buyer's sign page (`/agreement/sign/{sign_order_id}`), RSA-signed webhooks, and
 * routes of its own under `/_emulator/` (the platform suspending, resuming or the user unsigning an
 * agreement; buyers; webhook log).
 */

export const BYBIT_PATHS = {
  sign: '/v5/bybitpay/agreement/sign',
  unsign: '/v5/bybitpay/agreement/unsign',
  pay: '/v5/bybitpay/agreement/pay',
  payWithSign: '/v5/bybitpay/agreement/pay-with-sign',
  refund: '/v5/bybitpay/agreement/refund',
  query: '/v5/bybitpay/agreement/query',
  list: '/v5/bybitpay/agreement/list',
  payQuery: '/v5/bybitpay/agreement/pay/query',
  payList: '/v5/bybitpay/agreement/pay/list',
} as const;

/** Codes a scenario may ask for: the world behind Bybit failing. Every other code comes from behaviour. */
const WORLD_CODES = ['50000', '50001', '50002'];
const OPERATIONS = [
  'sign',
  'unsign',
  'pay',
  'pay_with_sign',
  'refund',
  'query',
  'list',
  'pay_query',
  'pay_list',
  'fx_convert',
];
const SETTLE_EVERY_MS = 1_000;

export interface BybitEmulatorOptions extends EmulatorOptions {
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Webhook retry delays (default Bybit's 15 s … 30 min). */
  readonly webhookRetryDelaysMs?: readonly number[];
}

export interface BybitEmulator extends Emulator {
  readonly engine: BybitEngine;
  readonly notifier: BybitNotifier;
  readonly world: World;
  readonly platformPublicKey: KeyObject;
}

type Handler = (merchantId: string, body: Body, publicUrl: string) => Record<string, unknown>;

const envelope = (retCode: number, result: unknown) =>
  JSON.stringify({ retCode, retMsg: retMsgOf(retCode), result, retExtInfo: {}, time: Date.now() });

export function createBybitEmulator(options: BybitEmulatorOptions = {}): BybitEmulator {
  const clock = new EmulatorClock(options.clock);
  const world = createWorld({
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
    ...(options.apiSecret === undefined ? {} : { apiSecret: options.apiSecret }),
  });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const notifier = new BybitNotifier(privateKey, clock, options.webhookRetryDelaysMs);
  let kitRef: EmulatorKit | undefined;
  const engine = new BybitEngine(world, clock, (webhook: Webhook) =>
    notifier.send(webhook, callbackMangle(kitRef?.scenarios)),
  );
  const limiter = new RateLimiter();

  /** Rate limits of reference §6, keyed on what the body names. */
  const rateLimit = (operation: string, merchantId: string, body: Body) => {
    const now = clock.now();
    const checks: Array<[string, number, number]> = [];
    // Per merchant and user: the user is known at sign time only by merchant_user_id.
    if (operation === 'sign' && typeof body.merchant_user_id === 'string')
      checks.push([`sign:${merchantId}:${body.merchant_user_id}`, 10, 60_000]);
    if (operation === 'pay') {
      checks.push(
        [`pay:${merchantId}`, 1_000, 1_000],
        [`pay:${merchantId}:${String(body.agreement_no ?? '')}`, 10, 1_000],
      );
    }
    if (operation === 'refund') checks.push([`refund:${merchantId}`, 500, 1_000]);
    if (operation.includes('query') || operation.includes('list'))
      checks.push([`query:${merchantId}`, 5_000, 1_000]);
    for (const [key, limit, windowMs] of checks) {
      const wait = limiter.take(key, limit, windowMs, now);
      if (wait !== undefined) throw new BybitRefusal(42900, key, { retry_after: wait });
    }
  };

  const serve = (operation: string, handler: Handler) => async (call: EmulatorCall) => {
    const publicUrl = `${call.request.protocol}://${call.request.host}${prefixOf(call.request)}`;
    try {
      const key = authenticate(call.request, call.raw, world, clock);
      const body = readBody(call.request, call.raw);
      const merchantId = body.merchant_id ?? body.merchantId;
      if (typeof merchantId !== 'string' || merchantId === '')
        throw new BybitRefusal(40000, 'merchant_id is required');
      if (merchantId.length > 32) throw new BybitRefusal(40000, 'merchant_id is longer than 32');
      if (merchantId !== key.merchantId)
        throw new BybitRefusal(139006001, 'merchant_id is not linked to this key');
      rateLimit(operation, merchantId, body);
      if (call.code !== undefined) throw new BybitRefusal(Number(call.code), 'scenario');
      const result = handler(merchantId, body, publicUrl);
      return { body: envelope(20000, result), contentType: 'application/json' };
    } catch (error) {
      if (!(error instanceof BybitRefusal)) throw error;
      return {
        status: error.httpStatus,
        body: JSON.stringify({
          retCode: error.retCode,
          retMsg: error.message,
          result: error.result,
          retExtInfo: {},
          time: Date.now(),
        }),
        contentType: 'application/json',
      };
    }
  };

  const emulator = buildEmulator(
    {
      provider: 'bybit',
      operations: [...OPERATIONS, 'notify'],
      checkCode: (_operation, code) =>
        WORLD_CODES.includes(code)
          ? undefined
          : `scenarios give only the world's faults: ${WORLD_CODES.join(', ')}`,
      routes(app: FastifyInstance, kit: EmulatorKit) {
        kitRef = kit;
        kit.operation(
          BYBIT_PATHS.sign,
          'sign',
          serve('sign', (m, b, url) => engine.sign(m, b, url)),
        );
        kit.operation(
          BYBIT_PATHS.unsign,
          'unsign',
          serve('unsign', (m, b) => engine.unsign(m, b)),
        );
        kit.operation(
          BYBIT_PATHS.pay,
          'pay',
          serve('pay', (m, b) => engine.deduct(m, b)),
        );
        kit.operation(
          BYBIT_PATHS.payWithSign,
          'pay_with_sign',
          serve('pay_with_sign', (m, b, url) => engine.payWithSign(m, b, url)),
        );
        kit.operation(
          BYBIT_PATHS.refund,
          'refund',
          serve('refund', (m, b) => engine.refund(m, b)),
        );
        kit.operation(
          BYBIT_PATHS.query,
          'query',
          serve('query', (m, b) => engine.query(m, b)),
          'GET',
        );
        kit.operation(
          BYBIT_PATHS.list,
          'list',
          serve('list', (m, b) => engine.list(m, b)),
          'GET',
        );
        kit.operation(
          BYBIT_PATHS.payQuery,
          'pay_query',
          serve('pay_query', (m, b) => engine.payQuery(m, b)),
          'GET',
        );
        kit.operation(
          BYBIT_PATHS.payList,
          'pay_list',
          serve('pay_list', (m, b) => engine.payList(m, b)),
          'GET',
        );
        kit.operation(
          '/v5/bybitpay/fx/convert',
          'fx_convert',
          serve('fx_convert', (m, b) => engine.fxConvert(m, b)),
        );
        const hidden = { schema: { hide: true } };
        app.all('/v5/*', hidden, async (_request, reply) =>
          reply.code(404).type('application/json').send(envelope(40003, null)),
        );
        signRoutes(app, engine);
        app.post<{ Params: { no: string; action: string } }>(
          '/_emulator/agreements/:no/:action',
          hidden,
          async (request, reply) => {
            const action = request.params.action;
            if (action !== 'suspend' && action !== 'resume' && action !== 'user_unsign')
              return reply.code(404).send({ error: 'action is suspend, resume or user_unsign' });
            try {
              return engine.agreementView(engine.platform(request.params.no, action));
            } catch (error) {
              if (!(error instanceof BybitRefusal)) throw error;
              return reply.code(409).send({ retCode: error.retCode, retMsg: error.message });
            }
          },
        );
        app.get('/_emulator/buyers', hidden, async () => ({
          buyers: engine.buyers().map((b) => ({
            user_id: b.userId,
            name: b.name,
            balances: Object.fromEntries([...b.balances].map(([c, v]) => [c, v.toString()])),
          })),
        }));
      },
      settle: { everyMs: SETTLE_EVERY_MS, run: () => engine.settle() },
      notifications: () => notifier.deliveries(),
      reset() {
        engine.reset();
        notifier.clear();
        limiter.clear();
      },
      close: () => notifier.close(),
    },
    options,
    () => ({
      merchant_id: world.main.merchantId,
      api_key: world.main.apiKey,
      api_secret: world.main.apiSecret,
      platform_public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    }),
    clock,
  );
  return Object.assign(emulator, { engine, notifier, world, platformPublicKey: publicKey });
}

/** The buyer's sign page: HTML for a browser, the `{retCode…}` envelope for a client asking for JSON. */
function signRoutes(app: FastifyInstance, engine: BybitEngine): void {
  const hidden = { schema: { hide: true } };
  const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');
  const limits = (a: Agreement) => [
    ...(a.singleLimit === undefined
      ? []
      : [`per payment ${a.singleLimit.total} ${a.singleLimit.currency} (minimum units)`]),
    ...a.periodLimits.map((p) => `per ${p.periodType} ${p.limit.total} ${p.limit.currency} (minimum units)`),
  ];
  app.get<{ Params: { id: string } }>('/agreement/sign/:id', hidden, async (request, reply) => {
    try {
      const agreement = engine.open(request.params.id);
      if (wantsJson(request))
        return reply.type('application/json').send(envelope(20000, engine.agreementView(agreement)));
      return reply
        .type('text/html; charset=utf-8')
        .send(signPage(agreement, engine.buyers(), limits(agreement)));
    } catch (error) {
      if (!(error instanceof BybitRefusal)) throw error;
      if (wantsJson(request)) return reply.type('application/json').send(envelope(error.retCode, null));
      return reply
        .code(error.retCode === 139001001 ? 404 : 410)
        .type('text/html; charset=utf-8')
        .send(resultPage(error.message, `Bybit code ${error.retCode}. Ask the merchant for a new link.`));
    }
  });
  for (const action of ['confirm', 'decline'] as const) {
    app.post<{ Params: { id: string } }>(`/agreement/sign/:id/${action}`, hidden, async (request, reply) => {
      const form = formOf(request.body);
      try {
        const agreement =
          action === 'confirm'
            ? engine.confirm(request.params.id, form.user_id ?? 'U10001')
            : engine.decline(request.params.id);
        if (wantsJson(request))
          return reply.type('application/json').send(envelope(20000, engine.agreementView(agreement)));
        const title = action === 'confirm' ? 'Agreement signed' : 'Agreement declined';
        return reply
          .type('text/html; charset=utf-8')
          .send(resultPage(title, agreement.agreementNo, agreement.returnUrl));
      } catch (error) {
        if (!(error instanceof BybitRefusal)) throw error;
        if (wantsJson(request)) return reply.type('application/json').send(envelope(error.retCode, null));
        return reply
          .code(409)
          .type('text/html; charset=utf-8')
          .send(resultPage(error.message, `Bybit code ${error.retCode}.`));
      }
    });
  }
}

function formOf(body: unknown): Record<string, string> {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  const json = parseJsonLenient(body);
  if (json !== null && typeof json === 'object') return json as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** POST bodies are JSON objects; GET parameters come from the query string. */
function readBody(request: FastifyRequest, raw: Buffer): Body {
  if (request.method === 'GET') return { ...(request.query as Record<string, string>) };
  const parsed = raw.length === 0 ? undefined : parseJsonLenient(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new BybitRefusal(40000, 'the body must be a JSON object');
  return parsed as Body;
}

/** The prefix the emulator is mounted under (`/_emulators/bybit` in the gateway; none standalone). */
function prefixOf(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? '';
  const path = (request.raw.url ?? '').split('?')[0]!;
  const tail = route.startsWith('/') ? route.slice(route.indexOf('/v5/')) : '';
  return tail !== '' && path.endsWith(tail) ? path.slice(0, path.length - tail.length) : '';
}

export const bybitEmulatorFactory: EmulatorFactory = {
  provider: 'bybit',
  create: (options) => createBybitEmulator(options),
};
