import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import { requireCharge } from '../../services/charges/charge-operations.js';
import { toChannelCharge } from '../../services/charges/create-charge.js';
import { refreshCharge } from '../../services/charges/refresh-charge.js';
import { toChargeView } from '../../services/charges/views.js';
import { flowsOf } from '../../store/index.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { ChargeIdParams, ChargeSchema } from '../schemas/charges.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';
import { sandboxAgreementRoutes } from './sandbox-agreements.js';
import { sandboxPayPage } from './sandbox-page.js';

const BuyerBody = Type.Object(
  {
    outcome: Type.Optional(
      Type.Union([Type.Literal('pay'), Type.Literal('decline')], {
        description: 'What the buyer does (default pay)',
      }),
    ),
    buyer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const REFUSALS: Record<string, { en: string; zh: string }> = {
  not_qr: {
    en: 'Only qrcode and wap charges are paid by the buyer on the sandbox; barcode charges pay at once.',
    zh: '沙箱中只有 qrcode 和 wap 订单由买家付款，barcode 订单会立即支付',
  },
  expired: {
    en: 'The QR code has expired (at the charge’s expiry: by default about 4 minutes after creation).',
    zh: '二维码已过期（在订单有效期结束时过期，默认约为创建后 4 分钟）',
  },
  already_decided: { en: 'The buyer already paid or declined this charge.', zh: '买家已支付或已拒绝该订单' },
  not_payable: { en: 'This charge cannot be paid (its creation failed).', zh: '该订单无法支付（创建失败）' },
};

/**
 * Test mode only: play the buyer of a QR or wap charge, who scans and pays (or declines). The gateway
 * then learns the outcome the way it would from a real channel: by querying it.
 */
export async function sandboxRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const deps = ctx.charges;
  const sandbox = ctx.channels?.sandbox;
  if (!deps || !sandbox) return;
  sandboxPayPage(app, deps, sandbox);
  sandboxAgreementRoutes(app, ctx);
  app.post<{ Params: Static<typeof ChargeIdParams>; Body: Static<typeof BuyerBody> }>(
    '/v1/sandbox/charges/:id/pay',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'Play the buyer who scans a sandbox QR code (or opens the wap page) and pays or declines',
        security: [{ bearer: [] }],
        params: ChargeIdParams,
        body: Type.Optional(BuyerBody),
        response: { 200: envelope(ChargeSchema), ...AUTHENTICATED_ERRORS, 402: { $ref: 'ErrorEnvelope#' } },
      },
    },
    async (request) => {
      const auth = callerOf(request);
      if (auth.mode !== 'test')
        throw new PolypayError('permission_denied', {
          message: 'The sandbox buyer exists only for sk_test_ keys.',
          messageZh: '沙箱买家仅适用于 sk_test_ 密钥',
        });
      const charge = await requireCharge(deps, auth, request.params.id);
      if (charge.channel !== sandbox.name)
        throw new PolypayError('permission_denied', {
          message: 'This charge is not on the sandbox channel.',
          messageZh: '该订单不在沙箱渠道上',
        });
      if (charge.status !== 'CREATED')
        throw new PolypayError('charge_closed', {
          message: `The charge is ${charge.status}.`,
          messageZh: `订单状态为 ${charge.status}`,
        });
      const body = request.body ?? {};
      const result = await sandbox.buyerAction(toChannelCharge(charge), body.outcome ?? 'pay', body.buyer_id);
      if (!result.accepted) {
        throw new PolypayError(result.reason === 'expired' ? 'trade_timeout' : 'charge_closed', {
          message: REFUSALS[result.reason]?.en,
          messageZh: REFUSALS[result.reason]?.zh,
        });
      }
      const refreshed = await refreshCharge(deps, charge);
      return ok(toChargeView(refreshed, await flowsOf(deps.store.db, refreshed.id), false));
    },
  );
}
