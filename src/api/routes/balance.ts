import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LEDGER_ACCOUNTS } from '../../domain/ledger-rules.js';
import { merchantBalances } from '../../ledger/ledger.js';
import { decodeCursor, encodeCursor } from '../../services/pagination.js';
import { pastPosition } from '../../store/index.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const BalanceSchema = Type.Object(
  {
    balances: Type.Array(
      Type.Object({
        currency: Type.String(),
        available: Type.Integer({ description: 'Settled, can fund refunds and payouts' }),
        pending: Type.Integer({ description: 'Paid, not yet settled (daily cut-off)' }),
      }),
    ),
  },
  { title: 'Balance' },
);

const BalanceTransactionSchema = Type.Object(
  {
    id: Type.String(),
    journal_id: Type.String(),
    account: Type.Union([Type.Literal('pending'), Type.Literal('available')]),
    currency: Type.String(),
    amount: Type.Integer({ description: 'Positive: credited to the merchant; negative: debited' }),
    type: Type.String({
      description: 'charge, refund, refund_reversal, settlement, charge_cancel, charge_void',
    }),
    source: Type.String({ description: 'The charge or refund id' }),
    created_at: Type.Integer(),
  },
  { title: 'BalanceTransaction' },
);

const ListQuery = Type.Object(
  {
    account: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('available')])),
    type: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'charge, refund, settlement, …' }),
    ),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A charge or refund id' })),
    created_gte: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, inclusive' })),
    created_lt: Type.Optional(Type.Integer({ minimum: 0, description: 'Epoch ms, exclusive' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    starting_after: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** The merchant's balances and the movements behind them (the ledger, seen from the merchant). */
export async function balanceRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const security = [{ bearer: [] }];
  app.get(
    '/v1/balance',
    {
      schema: {
        tags: ['balance'],
        summary: 'Available and pending balances per currency',
        security,
        response: { 200: envelope(BalanceSchema), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) =>
      ok({ balances: await merchantBalances(ctx.store.db, request.auth!.merchantId, request.auth!.mode) }),
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/balance_transactions',
    {
      schema: {
        tags: ['balance'],
        summary: 'Movements of the pending and available balances, newest first, optionally filtered',
        security,
        querystring: ListQuery,
        response: { 200: envelope(listOf(BalanceTransactionSchema)), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      const query = request.query;
      const limit = query.limit ?? 20;
      const before = request.query.starting_after ? decodeCursor(request.query.starting_after) : undefined;
      const rows = await ctx.store.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('merchant_id', '=', request.auth!.merchantId)
        .where('mode', '=', request.auth!.mode)
        .where('account', 'in', [LEDGER_ACCOUNTS.pending, LEDGER_ACCOUNTS.available])
        .$if(query.account !== undefined, (qb) => qb.where('account', '=', LEDGER_ACCOUNTS[query.account!]))
        .$if(query.type !== undefined, (qb) => qb.where('ref_type', '=', query.type!))
        .$if(query.source !== undefined, (qb) => qb.where('ref_id', '=', query.source!))
        .$if(query.created_gte !== undefined, (qb) => qb.where('created_at', '>=', query.created_gte!))
        .$if(query.created_lt !== undefined, (qb) => qb.where('created_at', '<', query.created_lt!))
        .$if(before !== undefined, (qb) => qb.where((eb) => pastPosition(eb, before!, '<')))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return ok({
        items: page.map((row) => ({
          id: row.id,
          journal_id: row.journal_id,
          account: row.account as 'pending' | 'available',
          currency: row.currency,
          // Ledger signs are debit-positive; the merchant reads credits to them as positive.
          amount: -row.amount,
          type: row.ref_type,
          source: row.ref_id,
          created_at: row.created_at,
        })),
        has_more: rows.length > limit,
        next_cursor:
          rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
      });
    },
  );
}
