import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  type AgreementDeps,
  createAgreement,
  findByMerchantNo,
  listAgreements,
  refreshAgreement,
  resumeAgreement,
  suspendAgreement,
  unsignAgreement,
} from '../../services/agreements/agreements.js';
import {
  createDeduction,
  listDeductions,
  refundDeduction,
  retrieveDeduction,
} from '../../services/agreements/deductions.js';
import { createFxQuote } from '../../services/agreements/fx-quotes.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const MinorUnits = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 40,
    description: `${description}, an integer string in minimum units`,
  });

const PeriodType = Type.Union([
  Type.Literal('DAY'),
  Type.Literal('WEEK'),
  Type.Literal('MONTH'),
  Type.Literal('YEAR'),
]);

const AgreementSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('agreement'),
    merchant_agreement_no: Type.Union([Type.String(), Type.Null()]),
    agreement_type: Type.String(),
    scene_code: Type.String(),
    product_code: Type.String(),
    status: Type.String({
      description:
        'INIT, PENDING, SIGNED, SUSPENDED, UNSIGNED, EXPIRED, FAILED or TIMEOUT (sign link expired)',
    }),
    buyer_id: Type.Union([Type.String(), Type.Null()]),
    currency: Type.String(),
    currency_type: Type.String(),
    single_limit: Type.Union([Type.String(), Type.Null()]),
    period_limits: Type.Array(
      Type.Object({
        period_type: PeriodType,
        amount: Type.String(),
        used: Type.String(),
        remaining: Type.String(),
        period_start: Type.Integer({ description: 'Epoch ms the current period began, in time_zone' }),
      }),
    ),
    time_zone: Type.String(),
    sign_url: Type.String({ description: 'The page where the buyer signs' }),
    qr_code: Type.String({ description: 'What a QR code for the buyer encodes' }),
    sign_url_expires_at: Type.Integer({ description: 'Epoch ms' }),
    channel: Type.String(),
    created: Type.Integer(),
    updated: Type.Integer(),
  },
  { description: 'A recurring agreement' },
);

const DeductionSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('deduction'),
    agreement: Type.String(),
    amount: Type.String(),
    currency: Type.String(),
    status: Type.String({ description: 'processing, succeeded or failed' }),
    refunded: Type.String(),
    channel_trade_no: Type.Union([Type.String(), Type.Null()]),
    crypto_payment: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    failure_code: Type.Union([Type.String(), Type.Null()]),
    created: Type.Integer(),
    updated: Type.Integer(),
  },
  { description: 'A deduction on an agreement' },
);

const DeductionRefundSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('deduction_refund'),
  status: Type.String({ description: 'succeeded, pending or failed' }),
  amount: Type.String(),
  deduction: DeductionSchema,
});

const FxQuoteSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('fx_quote'),
  from_currency: Type.String(),
  to_currency: Type.String(),
  rate: Type.String({ description: 'Units of to_currency per unit of from_currency' }),
  expires_at: Type.Integer({ description: 'Epoch ms' }),
  created: Type.Integer(),
});

const CreateBody = Type.Object(
  {
    merchant_agreement_no: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    agreement_type: Type.Union([Type.Literal('CYCLE'), Type.Literal('NON_CYCLE'), Type.Literal('SINGLE')]),
    scene_code: Type.String({ minLength: 1, maxLength: 32, description: 'SUBSCRIPTION, CLOUD, TAXI, …' }),
    product_code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "The provider's agreement template",
    }),
    currency: Type.String({ minLength: 3, maxLength: 16, description: 'Fiat (USD…) or crypto (USDT…)' }),
    single_limit: Type.Optional(MinorUnits('Most one deduction may take')),
    period_limits: Type.Optional(
      Type.Array(
        Type.Object(
          { period_type: PeriodType, amount: MinorUnits('Most per period') },
          { additionalProperties: false },
        ),
        {
          maxItems: 4,
        },
      ),
    ),
    time_zone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "Periods' calendar (default the merchant's)" }),
    ),
    merchant_user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    return_url: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    sign_expire_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    valid_until: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Epoch ms the agreement ends (EXPIRED after); at least 24 h ahead',
      }),
    ),
  },
  { additionalProperties: false },
);

const DeductionBody = Type.Object(
  {
    amount: MinorUnits('Amount in the agreement currency'),
    title: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 256 })),
    fx_quote_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
const RefundBody = Type.Object(
  { amount: MinorUnits('Amount to refund'), reason: Type.Optional(Type.String({ maxLength: 256 })) },
  { additionalProperties: false },
);
const QuoteBody = Type.Object(
  {
    from_currency: Type.String({ minLength: 3, maxLength: 16 }),
    to_currency: Type.String({ minLength: 3, maxLength: 16 }),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const DeductionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  deduction_id: Type.String({ minLength: 1, maxLength: 64 }),
});
const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    starting_after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    merchant_agreement_no: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;
const common = { tags: ['agreements'], security: [{ bearer: [] }] };

/** Recurring agreements, their deductions and refunds, and FX quotes. */
export async function agreementRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  if (!ctx.channels) return;
  const deps: AgreementDeps = { store: ctx.store, clock: ctx.clock, channels: ctx.channels };

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/agreements',
    {
      schema: {
        ...common,
        operationId: 'createAgreement',
        summary: 'Create an agreement: the buyer signs it at sign_url before it takes deductions',
        description:
          'Asks the channel (provider bybit) for a sign link. Limits are integer strings in minimum units of the ' +
          "agreement's currency; periods are bounded in time_zone.",
        body: CreateBody,
        response: { 200: envelope(AgreementSchema), ...ERRORS },
      },
    },
    async (request) => ok(await createAgreement(deps, callerOf(request), request.body)),
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/agreements',
    {
      schema: {
        ...common,
        operationId: 'listAgreements',
        summary: 'List agreements, newest first (or find one by merchant_agreement_no)',
        description: 'Cursor paging with starting_after; status filters.',
        querystring: ListQuery,
        response: { 200: envelope(listOf(AgreementSchema)), ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      if (request.query.merchant_agreement_no !== undefined) {
        const found = await findByMerchantNo(deps, caller, request.query.merchant_agreement_no);
        return ok({ items: [found], has_more: false, next_cursor: null });
      }
      return ok(
        await listAgreements(deps, caller, {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
          status: request.query.status,
        }),
      );
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/agreements/:id',
    {
      schema: {
        ...common,
        operationId: 'retrieveAgreement',
        summary: 'Retrieve an agreement, as the channel now sees it',
        description:
          'Reads the channel while the agreement is not final (the buyer signs on the provider page).',
        params: IdParams,
        response: { 200: envelope(AgreementSchema), ...ERRORS },
      },
    },
    async (request) => ok(await refreshAgreement(deps, callerOf(request), request.params.id)),
  );

  const actions = [
    ['suspend', 'suspendAgreement', 'Suspend: polypay refuses deductions until resumed', suspendAgreement],
    ['resume', 'resumeAgreement', 'Resume a suspended agreement', resumeAgreement],
    ['unsign', 'unsignAgreement', 'Unsign at the channel: final', unsignAgreement],
  ] as const;
  for (const [action, operationId, summary, run] of actions) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/v1/agreements/:id/${action}`,
      {
        schema: {
          ...common,
          operationId,
          summary,
          description: `${summary}. Records an agreement.* event.`,
          params: IdParams,
          response: { 200: envelope(AgreementSchema), ...ERRORS },
        },
      },
      async (request) => ok(await run(deps, callerOf(request), request.params.id)),
    );
  }

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DeductionBody> }>(
    '/v1/agreements/:id/deductions',
    {
      schema: {
        ...common,
        operationId: 'createDeduction',
        summary: 'Deduct from a signed agreement, within its single and period limits',
        description:
          'polypay checks the limits itself before calling the channel (agreement_single_limit_exceeded, ' +
          'agreement_quota_exceeded), also under concurrent deductions; an fx_quote_id past its expires_at is ' +
          'refused with exchange_rate_expired.',
        params: IdParams,
        body: DeductionBody,
        response: { 200: envelope(DeductionSchema), ...ERRORS },
      },
    },
    async (request) => ok(await createDeduction(deps, callerOf(request), request.params.id, request.body)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/agreements/:id/deductions',
    {
      schema: {
        ...common,
        operationId: 'listDeductions',
        summary: "List an agreement's deductions",
        description: 'Oldest first.',
        params: IdParams,
        response: { 200: envelope(listOf(DeductionSchema)), ...ERRORS },
      },
    },
    async (request) => ok(await listDeductions(deps, callerOf(request), request.params.id)),
  );

  app.get<{ Params: Static<typeof DeductionParams> }>(
    '/v1/agreements/:id/deductions/:deduction_id',
    {
      schema: {
        ...common,
        operationId: 'retrieveDeduction',
        summary: 'Retrieve a deduction (a processing one is read from the channel)',
        description: 'A processing deduction settles here once the channel has decided.',
        params: DeductionParams,
        response: { 200: envelope(DeductionSchema), ...ERRORS },
      },
    },
    async (request) =>
      ok(await retrieveDeduction(deps, callerOf(request), request.params.id, request.params.deduction_id)),
  );

  app.post<{ Params: Static<typeof DeductionParams>; Body: Static<typeof RefundBody> }>(
    '/v1/agreements/:id/deductions/:deduction_id/refund',
    {
      schema: {
        ...common,
        operationId: 'refundDeduction',
        summary: 'Refund part or all of a deduction; a completed refund gives the quota back',
        description: 'The ledger records the refund in the transaction that gives the quota back.',
        params: DeductionParams,
        body: RefundBody,
        response: { 200: envelope(DeductionRefundSchema), ...ERRORS },
      },
    },
    async (request) =>
      ok(
        await refundDeduction(
          deps,
          callerOf(request),
          request.params.id,
          request.params.deduction_id,
          request.body,
        ),
      ),
  );

  app.post<{ Body: Static<typeof QuoteBody> }>(
    '/v1/fx/quotes',
    {
      schema: {
        tags: ['fx'],
        security: [{ bearer: [] }],
        operationId: 'createFxQuote',
        summary: 'Quote a rate from a fiat to a crypto, valid until expires_at',
        description: 'Pass its id as fx_quote_id on a deduction; once expired, exchange_rate_expired.',
        body: QuoteBody,
        response: { 200: envelope(FxQuoteSchema), ...ERRORS },
      },
    },
    async (request) => ok(await createFxQuote(deps, callerOf(request), request.body)),
  );
}
