import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireCharge } from '../../services/charges/charge-operations.js';
import { toRefundView } from '../../services/charges/views.js';
import { decodeCursor, encodeCursor } from '../../services/pagination.js';
import { type RefundResult, refundCharge } from '../../services/refunds/refund-charge.js';
import { getRefund, listRefunds, refundsOfCharge } from '../../store/index.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { errorAnswerOf } from '../error-handler.js';
import { requestWritesOf, sendStoredAnswer } from '../idempotency.js';
import { ChargeIdParams, CreateRefundBody, RefundSchema } from '../schemas/charges.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';
import { assertFound } from './charges.js';

const ERRORS = { ...AUTHENTICATED_ERRORS, 402: { $ref: 'ErrorEnvelope#' }, 404: { $ref: 'ErrorEnvelope#' } };
const RefundIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' }),
});

const ListRefundsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union(['PENDING', 'SUCCEEDED', 'FAILED', 'REFUND_ERROR'].map((s) => Type.Literal(s))),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    starting_after: Type.Optional(
      Type.String({ maxLength: 200, description: 'next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

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
      config: { joinsRequestWrites: true },
    },
    async (request, reply) => {
      const result = await refundCharge(deps, callerOf(request), request.params.id, request.body, {
        requestWrites: requestWritesOf(request, reply, async (_db, answered: RefundResult) =>
          answered.failure
            ? errorAnswerOf(request, answered.failure)
            : { status: 200, body: ok(toRefundView(answered.refund)) },
        ),
      });
      // Stored with the refund's outcome (Idempotency-Key): sent as stored, byte for byte.
      const sent = sendStoredAnswer(request, reply);
      if (sent) return sent;
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

  app.get<{ Querystring: Static<typeof ListRefundsQuery> }>(
    '/v1/refunds',
    {
      schema: {
        tags: ['refunds'],
        summary: 'List the app’s refunds, newest first',
        security,
        querystring: ListRefundsQuery,
        response: { 200: envelope(listOf(RefundSchema)), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const before = request.query.starting_after ? decodeCursor(request.query.starting_after) : undefined;
      const rows = await listRefunds(deps.store.db, {
        appId: callerOf(request).appId,
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(before ? { before } : {}),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return ok({
        items: page.map(toRefundView),
        has_more: rows.length > limit,
        next_cursor:
          rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      });
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
