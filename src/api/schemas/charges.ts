import { Type } from '@sinclair/typebox';
import { CURRENCIES } from '../../domain/money.js';
import { CHARGE_STATUSES, FLOW_STATUSES, REFUND_STATUSES } from '../../domain/statuses.js';
import { StringEnum } from './common.js';

export const PAYWAYS = [
  'alipay',
  'wechat',
  'baifubao',
  'jdpay',
  'qqwallet',
  'alipay_hk',
  'wechat_hk',
  'bank',
  'ewallet',
] as const;

const Id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$', description });
const OrderNo = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description });

export const CreateChargeBody = Type.Object(
  {
    out_trade_no: OrderNo(
      'Your order number, unique per app; the same request again returns the same charge',
    ),
    amount: Type.Integer({ minimum: 1, description: 'Minor units of currency (fen, cents…)' }),
    currency: Type.Union(
      CURRENCIES.map((c) => Type.Literal(c)),
      { description: 'ISO currency code' },
    ),
    subject: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 256 })),
    payway: Type.Union(
      PAYWAYS.map((p) => Type.Literal(p)),
      { description: 'Payment method' },
    ),
    sub_payway: Type.Union([Type.Literal('barcode'), Type.Literal('qrcode'), Type.Literal('wap')], {
      description:
        'barcode: you scan the buyer’s code; qrcode: the buyer scans yours; wap: a mobile pay page',
    }),
    auth_code: Type.Optional(
      Type.String({
        minLength: 10,
        maxLength: 32,
        pattern: '^[0-9]+$',
        description: 'The buyer’s barcode (barcode only)',
      }),
    ),
    notify_url: Type.Optional(Type.String({ format: 'uri', maxLength: 512 })),
    terminal_sn: Type.Optional(Id('Terminal serial number (Shouqianba-style terminals)')),
    store_id: Type.Optional(Id('Store whose daily limit applies')),
    metadata: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), {
        maxProperties: 20,
        description: 'Your key-value pairs; sandbox_* keys steer the sandbox (docs/sandbox.md)',
      }),
    ),
    expires_in_seconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: 1_296_000,
        description:
          'qrcode and wap only: how long the buyer may pay, 1 minute to 15 days (default: 240 s for qrcode, 120 s for wap); then the charge is closed',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ChargeIdParams = Type.Object({ id: Id('Charge id (ch_…)') });

export const ListChargesQuery = Type.Object(
  {
    out_trade_no: Type.Optional(OrderNo('Find the charge with this order number')),
    status: Type.Optional(Type.Union(CHARGE_STATUSES.map((s) => Type.Literal(s)))),
    sub_payway: Type.Optional(
      Type.Union([Type.Literal('barcode'), Type.Literal('qrcode'), Type.Literal('wap')]),
    ),
    channel: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Only charges routed to this channel' }),
    ),
    payway: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only this payway' })),
    amount_gte: Type.Optional(Type.Integer({ minimum: 0, description: 'Minor units, inclusive' })),
    amount_lte: Type.Optional(Type.Integer({ minimum: 0, description: 'Minor units, inclusive' })),
    created_gte: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, inclusive' })),
    created_lt: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, exclusive' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    starting_after: Type.Optional(
      Type.String({ maxLength: 200, description: 'next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

export const CreateRefundBody = Type.Object(
  {
    refund_no: OrderNo('Your refund number, unique per app; the same request again returns the same refund'),
    amount: Type.Integer({ minimum: 1, description: 'Minor units; at most what is left to refund' }),
    reason: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const FlowSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: StringEnum(FLOW_STATUSES),
  biz_result: Nullable(Type.String()),
  amount: Type.Integer(),
  refund_id: Nullable(Type.String()),
  error_code: Nullable(Type.String()),
  error_message: Nullable(Type.String()),
  channel_error: Type.Union([
    Type.Object({ provider: Type.String(), code: Type.String(), message: Type.String() }),
    Type.Null(),
  ]),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});

export const ChargeSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('charge'),
  livemode: Type.Boolean(),
  out_trade_no: Type.String(),
  amount: Type.Integer(),
  amount_refunded: Type.Integer(),
  amount_refundable: Type.Integer(),
  currency: Type.String(),
  fee: Type.Integer(),
  status: StringEnum(CHARGE_STATUSES),
  biz_result: Nullable(Type.String()),
  payway: Type.String(),
  sub_payway: Nullable(Type.String()),
  subject: Type.String(),
  description: Nullable(Type.String()),
  metadata: Type.Record(Type.String(), Type.String()),
  qr_code: Nullable(Type.String()),
  pay_url: Nullable(Type.String()),
  auth_code: Nullable(Type.String({ description: 'Masked' })),
  buyer_id: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  channel_trade_no: Nullable(Type.String()),
  store_id: Nullable(Type.String()),
  terminal_sn: Nullable(Type.String()),
  failure_code: Nullable(Type.String()),
  failure_message: Nullable(Type.String()),
  paid: Type.Boolean(),
  settled: Type.Boolean(),
  created_at: Type.Integer(),
  expires_at: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Epoch ms when a payment still open is given up and the charge closed (expires_in_seconds, else the pay deadline of its kind)',
  }),
  paid_at: NullableInt,
  settled_at: NullableInt,
  canceled_at: NullableInt,
  closed_at: NullableInt,
  voided_at: NullableInt,
  flows: Type.Array(FlowSchema),
});

export const RefundSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('refund'),
  charge_id: Type.String(),
  refund_no: Type.String(),
  amount: Type.Integer(),
  currency: Type.String({ description: 'The charge’s currency' }),
  status: StringEnum(REFUND_STATUSES, {
    description:
      'PENDING until the channel answers; REFUND_ERROR: outcome unknown, resolved later to SUCCEEDED or FAILED',
  }),
  reason: Nullable(Type.String()),
  funded_from_pending: Type.Integer({
    description:
      'Taken from the charge’s unsettled proceeds. With funded_from_available it makes the amount less the fee share given back',
  }),
  funded_from_available: Type.Integer({ description: 'Taken from the available balance' }),
  failure_code: Nullable(Type.String()),
  failure_message: Nullable(Type.String()),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  succeeded_at: NullableInt,
});
