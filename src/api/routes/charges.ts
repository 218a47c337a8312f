import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { PolypayError } from '../../errors/polypay-error.js';
import type { Caller } from '../../services/caller.js';
import {
  cancelCharge,
  closeCharge,
  requireCharge,
  voidCharge,
} from '../../services/charges/charge-operations.js';
import {
  type ChargeResult,
  type CreateChargeInput,
  createCharge,
} from '../../services/charges/create-charge.js';
import { refreshCharge } from '../../services/charges/refresh-charge.js';
import { toChargeView } from '../../services/charges/views.js';
import { notFound, type ResourceKind } from '../../services/not-found.js';
import { decodeCursor, encodeCursor } from '../../services/pagination.js';
import {
  type Charge,
  type ChargeFlow,
  type Database,
  flowsOf,
  getChargeByOutTradeNo,
  listCharges,
} from '../../store/index.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { errorAnswerOf, failureOfCharge } from '../error-handler.js';
import { requestWritesOf, sendStoredAnswer } from '../idempotency.js';
import { ChargeIdParams, ChargeSchema, CreateChargeBody, ListChargesQuery } from '../schemas/charges.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const BUSINESS_ERRORS = {
  ...AUTHENTICATED_ERRORS,
  402: { $ref: 'ErrorEnvelope#' },
  404: { $ref: 'ErrorEnvelope#' },
};

/** `db`: where the flows are read when not given (the transaction, inside one). */
async function view(db: Kysely<Database>, auth: Caller, charge: Charge, flows?: readonly ChargeFlow[]) {
  return toChargeView(charge, flows ?? (await flowsOf(db, charge.id)), auth.mode === 'live');
}

/** A charge request's answer, as the route answers it (read in the unit of work that decides it). */
async function answerOf(request: FastifyRequest, db: Kysely<Database>, result: ChargeResult) {
  if (result.failure) {
    return errorAnswerOf(request, failureOfCharge(result.failure, result.charge.id));
  }
  return { status: 200, body: ok(await view(db, callerOf(request), result.charge, result.flows)) };
}

/** Charges: create, query, list, cancel (撤单), close, void. */
export async function chargeRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const deps = ctx.charges;
  if (!deps) return;
  const security = [{ bearer: [] }];

  app.post<{ Body: Static<typeof CreateChargeBody> }>(
    '/v1/charges',
    {
      schema: {
        tags: ['charges'],
        summary: 'Create a charge (barcode answers the outcome; qrcode/wap answer qr_code/pay_url)',
        security,
        body: CreateChargeBody,
        response: { 200: envelope(ChargeSchema), ...BUSINESS_ERRORS },
      },
      config: { joinsRequestWrites: true },
    },
    async (request, reply) => {
      const { expires_in_seconds: expiresIn, ...input } = request.body;
      if (expiresIn !== undefined && input.sub_payway === 'barcode') {
        throw new PolypayError('invalid_params', {
          param: 'expires_in_seconds',
          message: 'expires_in_seconds is for qrcode and wap charges: a barcode charge is decided at once.',
          messageZh: '仅 qrcode 和 wap 订单可设 expires_in_seconds：barcode 订单会立即得出结果',
        });
      }
      const result = await createCharge(
        deps,
        callerOf(request),
        {
          ...(input as CreateChargeInput),
          ...(expiresIn !== undefined ? { expires_at: ctx.clock.now() + expiresIn * 1000 } : {}),
        },
        { requestWrites: requestWritesOf(request, reply, (db, answered) => answerOf(request, db, answered)) },
      );
      // Stored with the charge's outcome (Idempotency-Key): sent as stored, byte for byte.
      const sent = sendStoredAnswer(request, reply);
      if (sent) return sent;
      if (result.failure) throw failureOfCharge(result.failure, result.charge.id);
      return ok(await view(deps.store.db, callerOf(request), result.charge, result.flows));
    },
  );

  app.get<{ Querystring: Static<typeof ListChargesQuery> }>(
    '/v1/charges',
    {
      schema: {
        tags: ['charges'],
        summary: 'List charges, newest first, or find one by out_trade_no',
        security,
        querystring: ListChargesQuery,
        response: { 200: envelope(listOf(ChargeSchema)), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const auth = callerOf(request);
      const query = request.query;
      const limit = query.limit ?? 20;
      if (query.out_trade_no !== undefined) {
        const found = await getChargeByOutTradeNo(deps.store.db, auth.appId, query.out_trade_no);
        const charge = found ? await refreshCharge(deps, found) : undefined;
        return ok({
          items: charge ? [await view(deps.store.db, auth, charge)] : [],
          has_more: false,
          next_cursor: null,
        });
      }
      const before = query.starting_after !== undefined ? decodeCursor(query.starting_after) : undefined;
      const rows = await listCharges(deps.store.db, {
        appId: auth.appId,
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.sub_payway !== undefined ? { subPayway: query.sub_payway } : {}),
        ...(query.channel !== undefined ? { channel: query.channel } : {}),
        ...(query.payway !== undefined ? { payway: query.payway } : {}),
        ...(query.amount_gte !== undefined ? { amountGte: query.amount_gte } : {}),
        ...(query.amount_lte !== undefined ? { amountLte: query.amount_lte } : {}),
        ...(query.created_gte !== undefined ? { createdGte: query.created_gte } : {}),
        ...(query.created_lt !== undefined ? { createdLt: query.created_lt } : {}),
        ...(before ? { before } : {}),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return ok({
        items: await Promise.all(page.map((charge) => view(deps.store.db, auth, charge))),
        has_more: rows.length > limit,
        next_cursor:
          rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      });
    },
  );

  app.get<{ Params: Static<typeof ChargeIdParams> }>(
    '/v1/charges/:id',
    {
      schema: {
        tags: ['charges'],
        summary: 'Retrieve a charge; asks the channel when its outcome is not final',
        security,
        params: ChargeIdParams,
        response: { 200: envelope(ChargeSchema), ...BUSINESS_ERRORS },
      },
    },
    async (request) => {
      const charge = await requireCharge(deps, callerOf(request), request.params.id);
      return ok(await view(deps.store.db, callerOf(request), await refreshCharge(deps, charge)));
    },
  );

  const operations = {
    cancel: {
      run: cancelCharge,
      summary: 'Cancel (撤单): reverse a paid charge the same day, or abort one in progress',
    },
    close: { run: closeCharge, summary: 'Close an unpaid charge (same day)' },
    void: { run: voidCharge, summary: 'Void a paid charge the same day, before settlement' },
  } as const;
  for (const [name, operation] of Object.entries(operations)) {
    app.post<{ Params: Static<typeof ChargeIdParams> }>(
      `/v1/charges/:id/${name}`,
      {
        schema: {
          tags: ['charges'],
          summary: operation.summary,
          security,
          params: ChargeIdParams,
          response: { 200: envelope(ChargeSchema), ...BUSINESS_ERRORS },
        },
      },
      async (request) => {
        const result = await operation.run(deps, callerOf(request), request.params.id);
        if (result.failure) throw failureOfCharge(result.failure, result.charge.id);
        return ok(await view(deps.store.db, callerOf(request), result.charge));
      },
    );
  }
}

export function assertFound<T>(value: T | undefined, what: ResourceKind, id: string): T {
  if (value === undefined) throw notFound(what, id);
  return value;
}
