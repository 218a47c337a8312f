import { Type } from '@sinclair/typebox';
import { CURRENCIES } from '../../domain/money.js';
import { TRANSFER_STATUSES } from '../../domain/statuses.js';
import { envelope, listOf, StringEnum } from './common.js';

const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });

const DestinationUnion = Type.Union(
  [
    Type.Object(
      {
        type: Type.Literal('bank_account'),
        bank_code: Text(16, "The bank's code in the channel's bank list (PayCools: BDO, BPI, …)"),
        account_no: Type.String({
          minLength: 1,
          maxLength: 40,
          pattern: '^[0-9]+$',
          description: 'Account number',
        }),
        account_name: Text(30, "The account holder's name"),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        type: Type.Literal('ewallet'),
        wallet_code: Text(16, "The e-wallet's code (PayCools: GCASH, PAYMAYA, …)"),
        account_no: Type.String({
          minLength: 1,
          maxLength: 40,
          pattern: '^[0-9]+$',
          description: 'Wallet account (mobile) number',
        }),
        account_name: Text(30, "The wallet holder's name"),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        type: Type.Literal('wallet_user'),
        user_id: Text(64, "The payee's user id at the wallet"),
        name: Type.Optional(Text(64, "The payee's real name, when the wallet checks it")),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Where a payout goes: a bank account, an e-wallet account or a wallet user' },
);

export const DestinationSchema = { ...DestinationUnion, $id: 'PayoutDestination' };

export const CreatePayoutBody = Type.Object(
  {
    out_transfer_no: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9_-]+$',
      description:
        'Your payout number, unique per app; the same request again returns (or resends) the same payout',
    }),
    amount: Type.Integer({ minimum: 1, description: 'Minor units of currency' }),
    currency: Type.Union(
      CURRENCIES.map((c) => Type.Literal(c)),
      { description: 'ISO currency code' },
    ),
    destination: DestinationUnion,
    remark: Type.Optional(Text(100, 'Shown to the payee where the channel can')),
  },
  { additionalProperties: false },
);

function payoutSchema($id: string, object: string, description: string) {
  return Type.Object(
    {
      id: Type.String(),
      object: Type.Literal(object),
      out_transfer_no: Type.String(),
      amount: Type.Integer(),
      currency: Type.String(),
      status: StringEnum(TRANSFER_STATUSES, {
        description:
          'PENDING until the channel answers; PAID or FAILED are final (PAID may still be reversed to FAILED)',
      }),
      destination: Type.Record(Type.String(), Type.Unknown()),
      remark: Type.Union([Type.String(), Type.Null()]),
      channel: Type.String(),
      channel_transfer_no: Type.Union([Type.String(), Type.Null()]),
      pending_code: Type.Union([Type.String(), Type.Null()], { description: 'Why a PENDING payout waits' }),
      action_url: Type.Union([Type.String(), Type.Null()], {
        description: 'The URL to open for transfer_wait_operation',
      }),
      failure_code: Type.Union([Type.String(), Type.Null()]),
      failure_message: Type.Union([Type.String(), Type.Null()]),
      created_at: Type.Integer(),
      finished: Type.Union([Type.Integer(), Type.Null()]),
    },
    { $id, description },
  );
}

export const TransferSchema = payoutSchema(
  'Transfer',
  'transfer',
  'A payout to a bank account, an e-wallet or a wallet user',
);
export const RedEnvelopeSchema = payoutSchema(
  'RedEnvelope',
  'red_envelope',
  'A red envelope sent through a wallet channel',
);

const ref = (id: string) => Type.Unsafe<unknown>({ $ref: `${id}#` });
export const TransferEnvelope = Type.Object(envelope(ref('Transfer')).properties, {
  $id: 'TransferResponse',
});
export const TransferListEnvelope = Type.Object(envelope(listOf(ref('Transfer'))).properties, {
  $id: 'TransferListResponse',
});
export const RedEnvelopeEnvelope = Type.Object(envelope(ref('RedEnvelope')).properties, {
  $id: 'RedEnvelopeResponse',
});
export const RedEnvelopeListEnvelope = Type.Object(envelope(listOf(ref('RedEnvelope'))).properties, {
  $id: 'RedEnvelopeListResponse',
});

export const PAYOUT_SCHEMAS = [
  DestinationSchema,
  TransferSchema,
  RedEnvelopeSchema,
  TransferEnvelope,
  TransferListEnvelope,
  RedEnvelopeEnvelope,
  RedEnvelopeListEnvelope,
];

export const PayoutIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' }),
});
export const ListPayoutsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Page size (default 20)' })),
  starting_after: Type.Optional(
    Type.String({ maxLength: 200, description: 'next_cursor of the previous page' }),
  ),
  out_transfer_no: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Only the payout with this number' }),
  ),
  status: Type.Optional(Type.Union(TRANSFER_STATUSES.map((s) => Type.Literal(s)))),
});
