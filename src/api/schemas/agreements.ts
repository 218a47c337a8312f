import { Type } from '@sinclair/typebox';
import { AGREEMENT_STATUSES } from '../../domain/statuses.js';
import { AUTHENTICATED_ERRORS, envelope, listOf, StringEnum } from './common.js';

/**
 * Schemas of agreements, deductions, their refunds and FX quotes. Resources carry `$id` so that the
 * OpenAPI document names them as components (and the SDK's types with them).
 */

/** An integer string of minimum units; the service checks the digits (invalid_amount with `param`). */
export const MinorUnits = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 40,
    description: `${description}, an integer string in minimum units (18 decimals for ETH: above 2^53)`,
  });

const PeriodType = Type.Union([
  Type.Literal('DAY'),
  Type.Literal('WEEK'),
  Type.Literal('MONTH'),
  Type.Literal('YEAR'),
]);

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const ref = (id: string) => Type.Unsafe<unknown>({ $ref: `${id}#` });

export const AgreementSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('agreement'),
    merchant_agreement_no: Nullable(Type.String()),
    agreement_type: Type.String({ description: 'CYCLE, NON_CYCLE or SINGLE' }),
    scene_code: Type.String(),
    product_code: Type.String(),
    status: StringEnum(AGREEMENT_STATUSES, { description: 'TIMEOUT: the sign link expired unsigned' }),
    buyer_id: Nullable(Type.String()),
    currency: Type.String(),
    currency_type: Type.String({ description: 'FIAT or CRYPTO' }),
    single_limit: Nullable(Type.String()),
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
    channel: Type.String({ description: '`sandbox` or `bybit:<config id>`' }),
    created_at: Type.Integer(),
    updated_at: Type.Integer(),
  },
  { $id: 'Agreement', description: 'A recurring agreement' },
);

export const DeductionSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('deduction'),
    agreement: Type.String(),
    amount: Type.String({ description: 'Minimum units of currency, an integer string' }),
    currency: Type.String(),
    status: Type.String({ description: 'processing, succeeded or failed' }),
    refunded: Type.String({ description: 'Minimum units given back by succeeded refunds' }),
    ledger_amount: Type.Union([Type.Integer(), Type.Null()], {
      description: 'What the ledger booked, in minor units of ledger_currency (crypto: its USD value)',
    }),
    ledger_currency: Nullable(Type.String()),
    channel_trade_no: Nullable(Type.String()),
    crypto_payment: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
      description: 'How a fiat deduction was paid: currency, amount, chain, exchange_rate, rate_time',
    }),
    failure_code: Nullable(Type.String()),
    created_at: Type.Integer(),
    updated_at: Type.Integer(),
  },
  { $id: 'Deduction', description: 'A deduction on an agreement' },
);

export const DeductionRefundSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('deduction_refund'),
    status: Type.String({ description: 'pending, succeeded or failed; pending settles later, once' }),
    amount: Type.String(),
    currency: Type.String(),
    reason: Nullable(Type.String()),
    ledger_amount: Type.Union([Type.Integer(), Type.Null()]),
    ledger_currency: Nullable(Type.String()),
    channel_refund_no: Nullable(Type.String()),
    failure_code: Nullable(Type.String()),
    created_at: Type.Integer(),
    updated_at: Type.Integer(),
    deduction: ref('Deduction'),
  },
  { $id: 'DeductionRefund', description: 'A refund of a deduction' },
);

export const FxQuoteSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('fx_quote'),
    from_currency: Type.String(),
    to_currency: Type.String(),
    rate: Type.String({ description: 'Units of to_currency per unit of from_currency, a decimal string' }),
    expires_at: Type.Integer({ description: 'Epoch ms: the market rate moves then' }),
    created_at: Type.Integer(),
  },
  { $id: 'FxQuote', description: 'A market rate, held until expires_at' },
);

const wrap = (id: string, inner: string, list = false) =>
  Type.Object(envelope(list ? listOf(ref(inner)) : ref(inner)).properties, { $id: id });

export const AGREEMENT_SCHEMAS = [
  AgreementSchema,
  DeductionSchema,
  DeductionRefundSchema,
  FxQuoteSchema,
  wrap('AgreementResponse', 'Agreement'),
  wrap('AgreementListResponse', 'Agreement', true),
  wrap('DeductionResponse', 'Deduction'),
  wrap('DeductionListResponse', 'Deduction', true),
  wrap('DeductionRefundResponse', 'DeductionRefund'),
  wrap('DeductionRefundListResponse', 'DeductionRefund', true),
  wrap('FxQuoteResponse', 'FxQuote'),
];

export const CreateAgreementBody = Type.Object(
  {
    merchant_agreement_no: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    agreement_type: Type.Union([Type.Literal('CYCLE'), Type.Literal('NON_CYCLE'), Type.Literal('SINGLE')]),
    scene_code: Type.String({ minLength: 1, maxLength: 32, description: 'SUBSCRIPTION, CLOUD, TAXI, …' }),
    product_code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "The provider's agreement template (sandbox: any)",
    }),
    currency: Type.String({ minLength: 3, maxLength: 16, description: 'Fiat (USD…) or crypto (USDT, ETH…)' }),
    single_limit: Type.Optional(MinorUnits('Most one deduction may take')),
    period_limits: Type.Optional(
      Type.Array(
        Type.Object(
          { period_type: PeriodType, amount: MinorUnits('Most per period') },
          { additionalProperties: false },
        ),
        { maxItems: 4 },
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

export const DeductionBody = Type.Object(
  {
    amount: MinorUnits('Amount in the agreement currency'),
    title: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 256 })),
    fx_quote_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export const RefundBody = Type.Object(
  { amount: MinorUnits('Amount to refund'), reason: Type.Optional(Type.String({ maxLength: 256 })) },
  { additionalProperties: false },
);
export const QuoteBody = Type.Object(
  {
    from_currency: Type.String({ minLength: 3, maxLength: 16 }),
    to_currency: Type.String({ minLength: 3, maxLength: 16 }),
  },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const DeductionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  deduction_id: Type.String({ minLength: 1, maxLength: 64 }),
});
export const DeductionRefundParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  deduction_id: Type.String({ minLength: 1, maxLength: 64 }),
  refund_id: Type.String({ minLength: 1, maxLength: 64 }),
});
export const ListAgreementsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    starting_after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    merchant_agreement_no: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const ListDeductionsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    starting_after: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

const E = { $ref: 'ErrorEnvelope#' } as const;
/** Refusals of the API and of the channel: 402 business refusals, 409 concurrent changes, 5xx channel faults. */
export const AGREEMENT_ERRORS = {
  ...AUTHENTICATED_ERRORS,
  402: E,
  404: E,
  409: E,
  429: E,
  502: E,
  503: E,
  504: E,
} as const;

export const response = (id: string) => ({ 200: { $ref: `${id}#` }, ...AGREEMENT_ERRORS });
