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
import { VMP_PATHS } from '../protocol.js';
import { VmpEmulatorCore, type VmpNotification } from './engine.js';
import { SPECIAL_MERCHANT_KEYS } from './merchants.js';
import { corruptSign, VmpNotifier } from './notifier.js';
import { checkScenarioCode, SCENARIO_OPERATIONS } from './world-codes.js';

/**
 * The EFTPay VMP emulator on the channel kit: the servlets under the base URL (`/Servlet/…`), scenario and
 * clock control from the kit, and a few routes of its own under `/_emulator/`: the buyer's side of a QR
 * code or pay URL (`/_emulator/buyer/{eft_trade_no}`), the merchants it knows, and the notification log.
 */

const SERVLETS: ReadonlyArray<readonly [string, keyof typeof SCENARIO_OPERATIONS]> = [
  [VMP_PATHS.jsapi, 'jsapi'],
  [VMP_PATHS.query, 'trade_query'],
  [VMP_PATHS.commonQuery, 'trade_query'],
  [VMP_PATHS.cancel, 'cancel'],
  [VMP_PATHS.appPay, 'app_pay'],
  [VMP_PATHS.appRefund, 'app_refund'],
  [VMP_PATHS.appApplyRefund, 'app_apply_refund'],
];

/** How often time-driven changes (apply-refunds settling, with their notifications) are looked at. */
const SETTLE_EVERY_MS = 1_000;

export interface EftpayEmulator extends Emulator {
  readonly core: VmpEmulatorCore;
  readonly notifier: VmpNotifier;
}

export function createEftpayEmulator(
  options: EmulatorOptions & { userConfirmKey?: string; secretCode?: string } = {},
): EftpayEmulator {
  const clock = new EmulatorClock(options.clock);
  const userConfirmKey =
    options.userConfirmKey ?? `EFT${randomBytes(6).toString('hex').slice(0, 9).toUpperCase()}`;
  const secretCode = options.secretCode ?? randomBytes(16).toString('hex');
  const core = new VmpEmulatorCore({ userConfirmKey, secretCode, clock });
  const notifier = new VmpNotifier();
  let kitRef: EmulatorKit | undefined;

  const deliver = (notifications: readonly VmpNotification[]) => {
    for (const notification of notifications) notifier.send(notification, callbackMangle(kitRef?.scenarios));
  };

  const emulator = buildEmulator(
    {
      provider: 'eftpay',
      operations: [...Object.keys(SCENARIO_OPERATIONS), 'notify'],
      checkCode: checkScenarioCode,
      routes(app: FastifyInstance, kit: EmulatorKit) {
        kitRef = kit;
        const publicUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}${app.prefix}`;
        for (const [path, operation] of SERVLETS) {
          kit.operation(path, operation, async (call) => {
            const reply = core.handle(path, call.raw, {
              publicUrl: publicUrl(call.request),
              ...(call.code === undefined ? {} : { injection: { code: call.code } }),
            });
            deliver(reply.notifications);
            const body =
              call.badSignature && reply.body.sign !== undefined
                ? { ...reply.body, sign: corruptSign(reply.body.sign) }
                : reply.body;
            return { body: JSON.stringify(body), contentType: 'application/json;charset=UTF-8' };
          });
        }
        const hidden = { schema: { hide: true } };
        app.get('/_emulator/merchants', hidden, async () => ({
          merchants: [...core.merchants.values()].map((merchant) => ({
            user_confirm_key: merchant.userConfirmKey,
            secret_code: merchant.secretCode,
            role:
              Object.entries(SPECIAL_MERCHANT_KEYS).find(([, key]) => key === merchant.userConfirmKey)?.[0] ??
              'main',
          })),
        }));
        app.get<{ Params: { eft: string } }>('/_emulator/buyer/:eft', hidden, async (request, reply) => {
          deliver(core.settle());
          const order = core.book.orderForBuyer(request.params.eft);
          if (order === undefined) return reply.code(404).send({ error: 'no such order' });
          return {
            eft_trade_no: order.eftTradeNo,
            out_trade_no: order.outTradeNo,
            wallet: order.wallet,
            amount: order.amount,
            currency: order.currency,
            subject: order.subject,
            trade_status: order.status,
            expires_at: order.expiresAt,
          };
        });
        app.post<{ Params: { eft: string } }>('/_emulator/buyer/:eft', hidden, async (request, reply) => {
          const body = (
            Buffer.isBuffer(request.body) && request.body.length > 0 ? parseJsonLenient(request.body) : {}
          ) as { result?: unknown; buyer_id?: unknown } | undefined;
          const result = body?.result ?? 'paid';
          if (result !== 'paid' && result !== 'failed') {
            return reply.code(400).send({ error: 'result is "paid" or "failed"', field: 'result' });
          }
          const buyerId = typeof body?.buyer_id === 'string' ? body.buyer_id : undefined;
          const outcome = core.buyer(request.params.eft, result, buyerId);
          if (!outcome.ok) {
            return reply.code(outcome.reason === 'not_found' ? 404 : 409).send({ error: outcome.reason });
          }
          deliver(outcome.notifications);
          const order = core.book.orderForBuyer(request.params.eft)!;
          return { eft_trade_no: order.eftTradeNo, trade_status: order.status };
        });
      },
      settle: { everyMs: SETTLE_EVERY_MS, run: () => deliver(core.settle()) },
      notifications: () => notifier.deliveries(),
      reset() {
        core.reset();
        notifier.clear();
      },
      close: () => notifier.close(),
    },
    options,
    () => ({ user_confirm_key: userConfirmKey, secret_code: secretCode }),
    clock,
  );
  return Object.assign(emulator, { core, notifier });
}

export const eftpayEmulatorFactory: EmulatorFactory = {
  provider: 'eftpay',
  create: (options) => createEftpayEmulator(options),
};
