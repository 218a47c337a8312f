import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireCharge } from '../../services/charges/charge-operations.js';
import { toRefundView } from '../../services/charges/views.js';
import { refundCharge } from '../../services/refunds/refund-charge.js';
import { getRefund, refundsOfCharge } from '../../store/index.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { ChargeIdParams, CreateRefundBody, RefundSchema } from '../schemas/charges.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';
import { assertFound } from './charges.js';

const ERRORS = { ...AUTHENTICATED_ERRORS, 402: { $ref: 'ErrorEnvelope#' }, 404: { $ref: 'ErrorEnvelope#' } };
const RefundIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' }),
});

/** Refunds: partial or full, at most what was paid, one pending at a time per charge. */
export async function refundRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const deps = ctx.charges;
  if (!deps) return;
  const security = [{ bearer: [] }];

  app.post<{ Params: Static<typeof ChargeIdParams>; Body: Static<typeof CreateRefundBody> }>(
    '/v1/charges/:id/refunds',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Refund a charge, in part or in full',
        security,
        params: ChargeIdParams,
        body: CreateRefundBody,
        response: { 200: envelope(RefundSchema), ...ERRORS },
      },
    },
    async (request) => {
      const result = await refundCharge(deps, callerOf(request), request.params.id, request.body);
      if (result.failure) throw result.failure;
      return ok(toRefundView(result.refund));
    },
  );

  app.get<{ Params: Static<typeof ChargeIdParams> }>(
    '/v1/charges/:id/refunds',
    {
      schema: {
        tags: ['refunds'],
        summary: 'The refunds of a charge, oldest first',
        security,
        params: ChargeIdParams,
        response: { 200: envelope(listOf(RefundSchema)), ...ERRORS },
      },
    },
    async (request) => {
      const charge = await requireCharge(deps, callerOf(request), request.params.id);
      const refunds = await refundsOfCharge(deps.store.db, charge.id);
      return ok({ items: refunds.map(toRefundView), has_more: false, next_cursor: null });
    },
  );

  app.get<{ Params: Static<typeof RefundIdParams> }>(
    '/v1/refunds/:id',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Retrieve a refund',
        security,
        params: RefundIdParams,
        response: { 200: envelope(RefundSchema), ...ERRORS },
      },
    },
    async (request) => {
      const refund = assertFound(
        await getRefund(deps.store.db, callerOf(request).appId, request.params.id),
        'refund',
        request.params.id,
      );
      return ok(toRefundView(refund));
    },
  );
}
