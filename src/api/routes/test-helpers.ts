import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import { settleMerchant } from '../../services/settlement.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';

const SettlementResult = Type.Object(
  {
    object: Type.Literal('test_settlement'),
    settled: Type.Integer({ description: 'How many charges were settled' }),
    settled_at: Type.Integer({ description: 'Epoch ms: charges paid before this were settled' }),
  },
  { title: 'TestSettlement' },
);

/** Test mode only: shortcuts for time, so a test need not wait for the daily cut-off. */
export async function testHelperRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const deps = ctx.charges;
  if (!deps) return;
  app.post(
    '/v1/test/settlement',
    {
      config: { operationId: 'runTestSettlement' },
      schema: {
        tags: ['sandbox'],
        summary: 'Settle now (test mode): every paid, unsettled charge of the calling app becomes available',
        security: [{ bearer: [] }],
        response: { 200: envelope(SettlementResult), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const auth = callerOf(request);
      if (auth.mode !== 'test') {
        throw new PolypayError('permission_denied', {
          message: 'Settling on demand exists only for sk_test_ keys.',
          messageZh: '按需结算仅适用于 sk_test_ 密钥',
        });
      }
      const merchant = await deps.store.db
        .selectFrom('merchants')
        .select('time_zone')
        .where('id', '=', auth.merchantId)
        .executeTakeFirstOrThrow();
      const now = deps.clock.now();
      const settled = await settleMerchant(deps, auth.merchantId, merchant.time_zone, {
        cutoff: now + 1,
        appId: auth.appId,
      });
      return ok({ object: 'test_settlement' as const, settled, settled_at: now });
    },
  );
}
