import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  buildEmulator,
  callbackMangle,
  type Emulator,
  EmulatorClock,
  type EmulatorFactory,
  type EmulatorKit,
  type EmulatorOptions,
  parseJsonLenient,
} from '../../kit/emulator/index.js';
import { PAYCOOLS_PATHS } from '../protocol.js';
import { checkoutPage } from './checkout-page.js';
import { PaycoolsEngine, type PaycoolsNotification } from './engine.js';
import { SPECIAL_APPS } from './merchants.js';
import { corruptSign, PaycoolsNotifier } from './notifier.js';
import { checkScenarioCode, SCENARIO_OPERATIONS } from './rules.js';

/**
 * The PayCools v1 emulator on the channel kit: the Open API under `/api/v1/…`, the buyer's checkout page
 * (`/checkout/{transactionId}`, a real HTML form), and control routes of its own under `/_emulator/`.
 */

const ROUTES: ReadonlyArray<readonly [string, (typeof SCENARIO_OPERATIONS)[number]]> = [
  [PAYCOOLS_PATHS.payout, 'payout'],
  [PAYCOOLS_PATHS.payoutQuery, 'payout_query'],
  [PAYCOOLS_PATHS.payment, 'payment'],
  [PAYCOOLS_PATHS.paymentQuery, 'payment_query'],
  [PAYCOOLS_PATHS.refund, 'refund'],
  [PAYCOOLS_PATHS.refundQuery, 'refund_query'],
  [PAYCOOLS_PATHS.void, 'void'],
  [PAYCOOLS_PATHS.balance, 'balance'],
];

const SETTLE_EVERY_MS = 1_000;

export interface PaycoolsEmulator extends Emulator {
  readonly engine: PaycoolsEngine;
  readonly notifier: PaycoolsNotifier;
}

export function createPaycoolsEmulator(
  options: EmulatorOptions & { appId?: string; appSecret?: string } = {},
): PaycoolsEmulator {
  const clock = new EmulatorClock(options.clock);
  const appId = options.appId ?? `PCAPP${randomBytes(5).toString('hex').toUpperCase()}`;
  const appSecret = options.appSecret ?? randomBytes(16).toString('hex');
  let kitRef: EmulatorKit | undefined;
  const engine = new PaycoolsEngine({
    appId,
    secret: appSecret,
    clock,
    executionCode: () => kitRef?.scenarios.takeNamed('payout_execution')?.code,
  });
  const notifier = new PaycoolsNotifier();
  const deliver = (notifications: readonly PaycoolsNotification[]) => {
    for (const notification of notifications) notifier.send(notification, callbackMangle(kitRef?.scenarios));
  };

  const emulator = buildEmulator(
    {
      provider: 'paycools',
      operations: [...SCENARIO_OPERATIONS],
      checkCode: checkScenarioCode,
      routes(app: FastifyInstance, kit: EmulatorKit) {
        kitRef = kit;
        const publicUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}${app.prefix}`;
        for (const [path, operation] of ROUTES) {
          kit.operation(path, operation, async (call) => {
            const reply = engine.handle(path, call.raw, {
              ip: call.request.ip,
              publicUrl: publicUrl(call.request),
              ...(call.code === undefined ? {} : { injection: call.code }),
            });
            deliver(reply.notifications);
            const data = reply.body.data as Record<string, unknown> | undefined;
            const body =
              call.badSignature && data !== undefined
                ? { ...reply.body, data: { ...data, sign: corruptSign(String(data.sign ?? '')) } }
                : reply.body;
            return { body: JSON.stringify(body), contentType: 'application/json' };
          });
        }
        const hidden = { schema: { hide: true } };
        app.get<{ Params: { id: string } }>('/checkout/:id', hidden, async (request, reply) => {
          deliver(engine.settle());
          const collection = engine.collections.get(request.params.id);
          if (collection === undefined) return reply.code(404).type('text/html').send('<h1>Not found</h1>');
          return reply
            .type('text/html; charset=utf-8')
            .send(checkoutPage(collection, `${app.prefix}/checkout/${collection.transactionId}`));
        });
        app.post<{ Params: { id: string } }>('/checkout/:id', hidden, async (request, reply) => {
          const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
          const form = new URLSearchParams(raw);
          const json = raw.startsWith('{')
            ? (parseJsonLenient(Buffer.from(raw)) as { result?: unknown })
            : undefined;
          const result = json?.result ?? form.get('result') ?? 'paid';
          if (result !== 'paid' && result !== 'failed')
            return reply.code(400).send({ error: 'result is "paid" or "failed"', field: 'result' });
          const outcome = engine.buyer(request.params.id, result);
          deliver(outcome.notifications);
          const collection = engine.collections.get(request.params.id);
          if (collection === undefined) return reply.code(404).send({ error: 'no such transaction' });
          if (!outcome.ok)
            return reply.code(409).send({ error: 'not pending', transactionStatus: collection.status });
          if (json !== undefined)
            return { transactionId: collection.transactionId, transactionStatus: collection.status };
          return reply
            .type('text/html; charset=utf-8')
            .send(checkoutPage(collection, `${app.prefix}/checkout/${collection.transactionId}`));
        });
        app.get('/_emulator/merchants', hidden, async () => ({
          merchants: [...engine.merchants.values()].map((m) => ({
            app_id: m.appId,
            app_secret: m.secret,
            role: Object.entries(SPECIAL_APPS).find(([, id]) => id === m.appId)?.[0] ?? 'main',
            enabled: m.enabled,
            active: m.active,
            balance: m.balance,
          })),
        }));
        app.post<{ Params: { appId: string } }>(
          '/_emulator/merchants/:appId',
          hidden,
          async (request, reply) => {
            const merchant = engine.merchants.get(request.params.appId);
            if (merchant === undefined) return reply.code(404).send({ error: 'no such app' });
            const body = (Buffer.isBuffer(request.body) ? parseJsonLenient(request.body) : undefined) as
              | { active?: unknown; balance?: unknown }
              | undefined;
            if (typeof body?.active === 'boolean') merchant.active = body.active;
            if (Number.isInteger(body?.balance) && (body!.balance as number) >= 0)
              merchant.balance = body!.balance as number;
            return { app_id: merchant.appId, active: merchant.active, balance: merchant.balance };
          },
        );
        app.post('/_emulator/notifications/retry', hidden, async () => ({ retried: notifier.retryNow() }));
        app.post('/_emulator/settle', hidden, async () => {
          const due = engine.settle();
          deliver(due);
          return { settled: due.length };
        });
      },
      settle: { everyMs: SETTLE_EVERY_MS, run: () => deliver(engine.settle()) },
      notifications: () => notifier.deliveries(),
      reset() {
        engine.reset();
        notifier.clear();
      },
      close: () => notifier.close(),
    },
    options,
    () => ({ app_id: appId, app_secret: appSecret }),
    clock,
  );
  return Object.assign(emulator, { engine, notifier });
}

export const paycoolsEmulatorFactory: EmulatorFactory = {
  provider: 'paycools',
  create: (options) => createPaycoolsEmulator(options),
};
