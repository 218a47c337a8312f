import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TransferDestination } from '../../channels/payout-port.js';
import { decodeCursor, encodeCursor } from '../../services/pagination.js';
import type { TransferDeps } from '../../services/transfers/deps.js';
import { createPayout } from '../../services/transfers/transfers.js';
import { toTransferView } from '../../services/transfers/views.js';
import { getTransfer, getTransferByNo, listTransfers, type TransferKind } from '../../store/index.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS } from '../schemas/common.js';
import { CreatePayoutBody, ListPayoutsQuery, PayoutIdParams } from '../schemas/transfers.js';
import { assertFound } from './charges.js';

const ERRORS = {
  ...AUTHENTICATED_ERRORS,
  402: { $ref: 'ErrorEnvelope#' },
  404: { $ref: 'ErrorEnvelope#' },
  409: { $ref: 'ErrorEnvelope#' },
  503: { $ref: 'ErrorEnvelope#' },
};

/** The request's destination, in the channel port's terms. */
function destinationOf(body: Record<string, unknown>): TransferDestination {
  switch (body.type) {
    case 'bank_account':
      return {
        type: 'bank_account',
        bankCode: String(body.bank_code),
        accountNo: String(body.account_no),
        accountName: String(body.account_name),
      };
    case 'ewallet':
      return {
        type: 'ewallet',
        walletCode: String(body.wallet_code),
        accountNo: String(body.account_no),
        accountName: String(body.account_name),
      };
    default:
      return {
        type: 'wallet_user',
        userId: String(body.user_id),
        ...(typeof body.name === 'string' ? { name: body.name } : {}),
      };
  }
}

/** Payouts: `/v1/transfers` and `/v1/red_envelopes`, the same four routes each. */
export async function transferRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  if (!ctx.charges || !ctx.channels) return;
  const deps: TransferDeps = { store: ctx.charges.store, clock: ctx.charges.clock, payouts: ctx.channels };
  const security = [{ bearer: [] }];
  const kinds: ReadonlyArray<{
    kind: TransferKind;
    path: string;
    tag: string;
    name: string;
    one: string;
    list: string;
  }> = [
    {
      kind: 'transfer',
      path: '/v1/transfers',
      tag: 'transfers',
      name: 'Transfer',
      one: 'TransferResponse#',
      list: 'TransferListResponse#',
    },
    {
      kind: 'red_envelope',
      path: '/v1/red_envelopes',
      tag: 'red_envelopes',
      name: 'RedEnvelope',
      one: 'RedEnvelopeResponse#',
      list: 'RedEnvelopeListResponse#',
    },
  ];
  for (const k of kinds) {
    const what = k.kind === 'transfer' ? 'transfer' : 'red envelope';
    app.post<{ Body: Static<typeof CreatePayoutBody> }>(
      k.path,
      {
        schema: {
          tags: [k.tag],
          operationId: `create${k.name}`,
          summary: `Send a ${what}`,
          description: `Pays out from the available balance: the amount is held while the ${what} is PENDING, sent when the channel confirms it and released if it fails. The same out_transfer_no again returns the same ${what} (and sends it if the channel was busy).`,
          security,
          body: CreatePayoutBody,
          response: { 200: { $ref: k.one }, ...ERRORS },
        },
      },
      async (request) => {
        const body = request.body;
        const result = await createPayout(deps, callerOf(request), k.kind, {
          out_transfer_no: body.out_transfer_no,
          amount: body.amount,
          currency: body.currency,
          destination: destinationOf(body.destination as Record<string, unknown>),
          ...(body.remark ? { remark: body.remark } : {}),
        });
        if (result.failure) throw result.failure;
        return ok(toTransferView(result.transfer));
      },
    );
    app.get<{ Params: Static<typeof PayoutIdParams> }>(
      `${k.path}/:id`,
      {
        schema: {
          tags: [k.tag],
          operationId: `get${k.name}`,
          summary: `Retrieve a ${what}`,
          description: `The ${what} by its id.`,
          security,
          params: PayoutIdParams,
          response: { 200: { $ref: k.one }, ...ERRORS },
        },
      },
      async (request) => {
        const found = assertFound(
          await getTransfer(deps.store.db, callerOf(request).appId, k.kind, request.params.id),
          k.kind,
          request.params.id,
        );
        return ok(toTransferView(found));
      },
    );
    app.get<{ Querystring: Static<typeof ListPayoutsQuery> }>(
      k.path,
      {
        schema: {
          tags: [k.tag],
          operationId: `list${k.name}s`,
          summary: `List ${what}s, newest first`,
          description: `A page of ${what}s; with out_transfer_no, only that one (or none).`,
          security,
          querystring: ListPayoutsQuery,
          response: { 200: { $ref: k.list }, ...ERRORS },
        },
      },
      async (request) => {
        const query = request.query;
        const appId = callerOf(request).appId;
        if (query.out_transfer_no !== undefined) {
          const one = await getTransferByNo(deps.store.db, appId, k.kind, query.out_transfer_no);
          return ok({ items: one ? [toTransferView(one)] : [], has_more: false, next_cursor: null });
        }
        const limit = query.limit ?? 20;
        const before = query.starting_after !== undefined ? decodeCursor(query.starting_after) : undefined;
        const rows = await listTransfers(deps.store.db, {
          appId,
          kind: k.kind,
          limit: limit + 1,
          ...(before ? { before } : {}),
          ...(query.status ? { status: query.status } : {}),
        });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return ok({
          items: page.map(toTransferView),
          has_more: rows.length > limit,
          next_cursor:
            rows.length > limit && last
              ? encodeCursor({ createdAt: Number(last.created_at), id: last.id })
              : null,
        });
      },
    );
  }
}
