import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../api/caller.js';
import type { TransferDestination } from '../../channels/payout-port.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { TransferDeps } from '../../services/transfers/deps.js';
import { createPayout } from '../../services/transfers/transfers.js';
import { toTransferView } from '../../services/transfers/views.js';
import { getEvent } from '../../services/webhooks/index.js';
import { getTransfer, listTransfers, type Transfer, type TransferKind } from '../../store/index.js';
import { RED_ENVELOPE_CHANNELS, TRANSFER_CHANNELS } from './channels.js';
import { badParam } from './errors.js';
import {
  amountOf,
  currencyOf,
  ID,
  limitOf,
  metadataOf,
  ORDER_NO,
  objectOf,
  optionalString,
  type Params,
  requiredString,
} from './params.js';
import { type PayoutFieldsLookup, payoutFieldsByOrderNo, pingppEventOf } from './requests.js';
import { type PingppPayoutFields, toPingppRedEnvelope, toPingppTransfer } from './views.js';

type IdParams = { id: string };

/** A Ping++ transfer's channel and recipient as a payout destination. */
function transferDestination(channel: string, recipient: string, extra: Params): TransferDestination {
  switch (channel) {
    case 'alipay':
      return {
        type: 'ewallet',
        walletCode: 'alipay',
        accountNo: recipient,
        accountName: requiredString(extra, 'recipient_name', { max: 64, param: 'extra[recipient_name]' }),
      };
    case 'unionpay':
      return {
        type: 'bank_account',
        bankCode: requiredString(extra, 'open_bank_code', { max: 16, param: 'extra[open_bank_code]' }),
        accountNo: requiredString(extra, 'card_number', { max: 64, param: 'extra[card_number]' }),
        accountName: requiredString(extra, 'user_name', { max: 64, param: 'extra[user_name]' }),
      };
    default: {
      const name = optionalString(extra, 'user_name', { max: 64, param: 'extra[user_name]' });
      return { type: 'wallet_user', userId: recipient, ...(name ? { name } : {}) };
    }
  }
}

/** The `extra` fields a transfer's destination holds: answered from it, not kept a second time. */
function destinationExtraKeys(channel: string): readonly string[] {
  switch (channel) {
    case 'alipay':
      return ['recipient_name'];
    case 'unionpay':
      return ['open_bank_code', 'card_number', 'user_name'];
    default:
      return ['user_name'];
  }
}

/** Transfers, red envelopes and events as Ping++ has them. */
export function pingppPayoutRoutes(app: FastifyInstance, deps: TransferDeps): void {
  const view = (
    kind: TransferKind,
    t: Transfer,
    appId: string,
    livemode: boolean,
    request: PingppPayoutFields | undefined,
  ) =>
    kind === 'transfer'
      ? toPingppTransfer(toTransferView(t), appId, livemode, request)
      : toPingppRedEnvelope(toTransferView(t), appId, livemode, request);

  /** What the Ping++ requests of payouts carried (none for payouts of polypay's own API), in one read. */
  const fieldsOf = (
    appId: string,
    kind: TransferKind,
    payouts: readonly Transfer[],
  ): Promise<PayoutFieldsLookup> =>
    payoutFieldsByOrderNo(
      deps.store.db,
      appId,
      payouts.map((t) => ({ kind, orderNo: t.out_transfer_no })),
    );

  /** One payout as Ping++ has it, with what its Ping++ request carried. */
  const viewOf = async (kind: TransferKind, t: Transfer, appId: string, livemode: boolean) =>
    view(kind, t, appId, livemode, (await fieldsOf(appId, kind, [t])).get(kind, t.out_transfer_no));

  const find = async (kind: TransferKind, appId: string, id: string) => {
    const found = ID.test(id) ? await getTransfer(deps.store.db, appId, kind, id) : undefined;
    if (!found)
      throw new PolypayError('resource_not_found', { param: 'id', message: `No such ${kind}: ${id}.` });
    return found;
  };

  const kinds = [
    { kind: 'transfer', path: '/v1/transfers', channels: TRANSFER_CHANNELS },
    { kind: 'red_envelope', path: '/v1/red_envelopes', channels: RED_ENVELOPE_CHANNELS },
  ] as const;
  for (const k of kinds) {
    app.post(k.path, async (request) => {
      const caller = callerOf(request);
      const body = objectOf(request.body, 'body');
      const orderNo = requiredString(body, 'order_no', { max: 64, pattern: ORDER_NO });
      const channel = requiredString(body, 'channel', { max: 32 });
      if (!(k.channels as readonly string[]).includes(channel))
        throw badParam(
          'channel',
          `Channel ${channel} is not available for ${k.kind}s (polypay serves ${k.channels.join(', ')}).`,
        );
      if (k.kind === 'transfer' && body.type !== undefined && body.type !== 'b2c')
        throw badParam('type', 'type must be b2c.');
      const amount = amountOf(body.amount);
      const currency = currencyOf(body.currency);
      const recipient = requiredString(body, 'recipient', { max: 64 });
      const extra = objectOf(body.extra, 'extra');
      const remark =
        k.kind === 'transfer'
          ? optionalString(body, 'description', { max: 100 })
          : requiredString(body, 'subject', { max: 32 });
      let envelopeBody: string | null = null;
      if (k.kind === 'red_envelope') {
        envelopeBody = requiredString(body, 'body', { max: 100 });
        requiredString(extra, 'send_name', { max: 32, param: 'extra[send_name]' });
      }
      const destination: TransferDestination =
        k.kind === 'transfer'
          ? transferDestination(channel, recipient, extra)
          : { type: 'wallet_user', userId: recipient };
      const metadata = metadataOf(body.metadata);
      const held = k.kind === 'transfer' ? destinationExtraKeys(channel) : [];
      const keptExtra = Object.fromEntries(Object.entries(extra).filter(([key]) => !held.includes(key)));
      const result = await createPayout(
        deps,
        caller,
        k.kind,
        { out_transfer_no: orderNo, amount, currency, destination, ...(remark ? { remark } : {}) },
        // Written with the payout, in its commit: the first request of an order number wins, and a replay
        // (which creates no payout) writes nothing.
        {
          pingpp: {
            app_id: caller.appId,
            kind: k.kind,
            order_no: orderNo,
            merchant_id: caller.merchantId,
            channel,
            metadata: JSON.stringify(metadata ?? {}),
            extra: JSON.stringify(keptExtra),
            body: envelopeBody,
            created_at: deps.clock.now(),
          },
        },
      );
      if (result.failure) throw result.failure;
      // Read back rather than taken from this request: a replay answers what the first request kept.
      return viewOf(k.kind, result.transfer, caller.appId, caller.mode === 'live');
    });

    app.get<{ Params: IdParams }>(`${k.path}/:id`, async (request) => {
      const caller = callerOf(request);
      return viewOf(
        k.kind,
        await find(k.kind, caller.appId, request.params.id),
        caller.appId,
        caller.mode === 'live',
      );
    });

    app.get(k.path, async (request) => {
      const caller = callerOf(request);
      const query = request.query as Params;
      const limit = limitOf(query.limit);
      let before: { createdAt: number; id: string } | undefined;
      if (query.starting_after !== undefined && query.starting_after !== '') {
        const after = await find(k.kind, caller.appId, String(query.starting_after));
        before = { createdAt: Number(after.created_at), id: after.id };
      }
      const rows = await listTransfers(deps.store.db, {
        appId: caller.appId,
        kind: k.kind,
        limit: limit + 1,
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, limit);
      const fields = await fieldsOf(caller.appId, k.kind, page);
      return {
        object: 'list',
        url: k.path,
        has_more: rows.length > limit,
        data: page.map((t) =>
          view(k.kind, t, caller.appId, caller.mode === 'live', fields.get(k.kind, t.out_transfer_no)),
        ),
      };
    });
  }

  // Ping++ cancels only `scheduled` transfers (batch transfers awaiting their time); polypay sends every
  // transfer at once, so none is ever scheduled and a cancel is always refused.
  app.put<{ Params: IdParams }>('/v1/transfers/:id', async (request) => {
    const caller = callerOf(request);
    const transfer = await find('transfer', caller.appId, request.params.id);
    const body = objectOf(request.body, 'body');
    if (body.status !== 'canceled') throw badParam('status', 'status must be canceled.');
    throw new PolypayError('invalid_params', {
      param: 'status',
      message: `Only a scheduled transfer can be canceled; ${transfer.id} is ${transfer.status.toLowerCase()} (polypay never schedules transfers).`,
    });
  });

  app.get<{ Params: IdParams }>('/v1/events/:id', async (request) => {
    const caller = callerOf(request);
    if (!ID.test(request.params.id))
      throw new PolypayError('resource_not_found', {
        param: 'id',
        message: `No such event: ${request.params.id}.`,
      });
    const event = await getEvent(deps.store.db, caller, request.params.id);
    return pingppEventOf(deps.store.db, event, caller.mode === 'live', caller.appId);
  });
}
