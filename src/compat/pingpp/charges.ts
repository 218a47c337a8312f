import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from '../../api/caller.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { cancelCharge, requireCharge } from '../../services/charges/charge-operations.js';
import { createCharge } from '../../services/charges/create-charge.js';
import type { ChargeDeps } from '../../services/charges/deps.js';
import { refreshCharge } from '../../services/charges/refresh-charge.js';
import { toChargeView, toRefundView } from '../../services/charges/views.js';
import { refundCharge } from '../../services/refunds/refund-charge.js';
import {
  type Charge,
  type ChargeFlow,
  flowsOf,
  getCharge,
  getRefund,
  listCharges,
  type Refund,
  refundsOfCharge,
} from '../../store/index.js';
import { CHARGE_CHANNELS, UNSERVED_CHARGE_CHANNELS } from './channels.js';
import { badParam } from './errors.js';
import {
  amountOf,
  checkApp,
  clientIpOf,
  currencyOf,
  ID,
  limitOf,
  metadataOf,
  ORDER_NO,
  objectOf,
  optionalString,
  type Params,
  requiredString,
  timeExpireOf,
} from './params.js';
import { requestFieldsByOrderNo, requestFieldsOf } from './requests.js';
import { type PingppRequestFields, toPingppCharge, toPingppRefund } from './views.js';

type IdParams = { id: string };
type RefundParams = { id: string; refundId: string };

function idOf(value: string, param = 'id'): string {
  if (!ID.test(value))
    throw new PolypayError('resource_not_found', { param, message: `No such object: ${value}.` });
  return value;
}

/** Ping++ list filters polypay does not apply: refused rather than silently ignored. */
const UNSUPPORTED_FILTERS = ['paid', 'refunded', 'reversed', 'channel', 'ending_before'];

/** `created[gt|gte|lt|lte]` (epoch seconds) as polypay's millisecond range. */
function createdRange(query: Params): { createdGte?: number; createdLt?: number } {
  for (const name of UNSUPPORTED_FILTERS) {
    if (query[name] !== undefined)
      throw badParam(
        name,
        `${name} is a Ping++ list filter polypay does not support (docs/pingpp-migration.md).`,
      );
  }
  const bound = (name: string): number | undefined => {
    const value = query[`created[${name}]`];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\d{1,12}$/.test(value))
      throw badParam(`created[${name}]`, `created[${name}] must be epoch seconds.`);
    return Number(value) * 1000;
  };
  const gt = bound('gt');
  const gte = bound('gte');
  const lt = bound('lt');
  const lte = bound('lte');
  const lower = Math.max(gt !== undefined ? gt + 1000 : 0, gte ?? 0);
  const uppers = [lt, lte !== undefined ? lte + 1000 : undefined].filter((v): v is number => v !== undefined);
  return {
    ...(gt !== undefined || gte !== undefined ? { createdGte: lower } : {}),
    ...(uppers.length > 0 ? { createdLt: Math.min(...uppers) } : {}),
  };
}

/** Charges as Ping++ has them: create, retrieve, list, reverse, and their refunds. */
export function pingppChargeRoutes(app: FastifyInstance, deps: ChargeDeps): void {
  /**
   * A charge as Ping++ has it; what the caller already holds (a page's request fields, a new charge's
   * flows and refunds) is not read again.
   */
  const chargeView = async (
    request: FastifyRequest,
    charge: Charge,
    known: {
      readonly fields?: ReadonlyMap<string, PingppRequestFields>;
      readonly flows?: readonly ChargeFlow[];
      readonly refunds?: readonly Refund[];
    } = {},
  ) => {
    const caller = callerOf(request);
    const [flows, refunds, read] = await Promise.all([
      known.flows ?? flowsOf(deps.store.db, charge.id),
      known.refunds ?? refundsOfCharge(deps.store.db, charge.id),
      known.fields ?? requestFieldsByOrderNo(deps.store.db, caller.appId, [charge.out_trade_no]),
    ]);
    return toPingppCharge(
      toChargeView(charge, flows, caller.mode === 'live'),
      caller.appId,
      refunds.map(toRefundView),
      read.get(charge.out_trade_no),
    );
  };

  app.post('/v1/charges', async (request) => {
    const caller = callerOf(request);
    const body = objectOf(request.body, 'body');
    checkApp(body, caller.appId);
    const orderNo = requiredString(body, 'order_no', { max: 64, pattern: ORDER_NO });
    const channelName = requiredString(body, 'channel', { max: 32 });
    const channel = CHARGE_CHANNELS[channelName];
    if (!channel) {
      throw badParam(
        'channel',
        UNSERVED_CHARGE_CHANNELS.includes(channelName)
          ? `Channel ${channelName} is not enabled for this app (polypay serves ${Object.keys(CHARGE_CHANNELS).join(', ')}).`
          : `No such channel: ${channelName}.`,
      );
    }
    const amount = amountOf(body.amount);
    const currency = currencyOf(body.currency);
    const subject = requiredString(body, 'subject', { max: 32 });
    const description = optionalString(body, 'body', { max: 128 });
    const clientIp = clientIpOf(body.client_ip);
    const pingppDescription = optionalString(body, 'description', { max: 255 });
    const expiresAt = timeExpireOf(body.time_expire, deps.clock.now());
    const extra = objectOf(body.extra, 'extra');
    const authCode =
      channel.subPayway === 'barcode'
        ? requiredString(extra, 'scan_code', { max: 32, pattern: /^\d{10,32}$/, param: 'extra[scan_code]' })
        : undefined;
    const metadata = metadataOf(body.metadata);
    const { scan_code: _buyerCode, ...keptExtra } = extra;
    const pingpp = {
      app_id: caller.appId,
      order_no: orderNo,
      merchant_id: caller.merchantId,
      client_ip: clientIp,
      description: pingppDescription ?? null,
      extra: JSON.stringify(keptExtra),
      created_at: deps.clock.now(),
    };
    const result = await createCharge(
      deps,
      caller,
      {
        out_trade_no: orderNo,
        amount,
        currency,
        subject,
        payway: channel.payway,
        sub_payway: channel.subPayway,
        ...(description !== undefined ? { description } : {}),
        ...(authCode !== undefined ? { auth_code: authCode } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
        // A scan charge is decided at once: its time_expire has nothing to bound.
        ...(expiresAt !== undefined && channel.subPayway !== 'barcode' ? { expires_at: expiresAt } : {}),
      },
      // Written with the charge (a declined one too), in its commit; the first request of an order number
      // wins, and a replay writes nothing.
      { pingpp },
    );
    if (result.failure) throw result.failure;
    if (result.flows && !result.flows.some((flow) => flow.kind === 'refund')) {
      // A charge this request created: its flows came back with it, none a refund's, and its request
      // fields are the ones just written with it. Nothing to read again.
      return chargeView(request, result.charge, {
        flows: result.flows,
        refunds: [],
        fields: new Map([[orderNo, requestFieldsOf(pingpp)!]]),
      });
    }
    // A replay (or an outcome applied by another request meanwhile): read what it has now.
    return chargeView(request, result.charge);
  });

  app.get('/v1/charges', async (request) => {
    const caller = callerOf(request);
    const query = request.query as Params;
    checkApp(query, caller.appId);
    const limit = limitOf(query.limit);
    let before: { createdAt: number; id: string } | undefined;
    if (query.starting_after !== undefined && query.starting_after !== '') {
      const after = await getCharge(
        deps.store.db,
        caller.appId,
        idOf(String(query.starting_after), 'starting_after'),
      );
      if (!after) throw badParam('starting_after', `No such charge: ${String(query.starting_after)}.`);
      before = { createdAt: after.created_at, id: after.id };
    }
    const rows = await listCharges(deps.store.db, {
      appId: caller.appId,
      limit: limit + 1,
      ...createdRange(query),
      ...(before ? { before } : {}),
    });
    const page = rows.slice(0, limit);
    const fields = await requestFieldsByOrderNo(
      deps.store.db,
      caller.appId,
      page.map((charge) => charge.out_trade_no),
    );
    return {
      object: 'list',
      url: '/v1/charges',
      has_more: rows.length > limit,
      data: await Promise.all(page.map((charge) => chargeView(request, charge, { fields }))),
    };
  });

  app.get<{ Params: IdParams }>('/v1/charges/:id', async (request) => {
    const charge = await requireCharge(deps, callerOf(request), idOf(request.params.id));
    return chargeView(request, await refreshCharge(deps, charge));
  });

  app.post<{ Params: IdParams }>('/v1/charges/:id/reverse', async (request) => {
    const result = await cancelCharge(deps, callerOf(request), idOf(request.params.id));
    if (result.failure) throw result.failure;
    return chargeView(request, result.charge);
  });

  app.post<{ Params: IdParams }>('/v1/charges/:id/refunds', async (request) => {
    const caller = callerOf(request);
    const charge = await requireCharge(deps, caller, idOf(request.params.id));
    const body = objectOf(request.body, 'body');
    // Ping++ refunds what is left when no amount is given.
    const amount =
      body.amount === undefined || body.amount === null
        ? charge.amount - charge.amount_refunded
        : amountOf(body.amount);
    const reason = optionalString(body, 'description', { max: 255 });
    const result = await refundCharge(deps, caller, charge.id, {
      // Ping++ refunds carry no merchant number; each request is a new refund.
      refund_no: `pp${randomBytes(12).toString('hex')}`,
      amount,
      ...(reason !== undefined ? { reason } : {}),
    });
    if (result.failure) throw result.failure;
    return toPingppRefund(toRefundView(result.refund), charge.out_trade_no);
  });

  app.get<{ Params: IdParams }>('/v1/charges/:id/refunds', async (request) => {
    const charge = await requireCharge(deps, callerOf(request), idOf(request.params.id));
    const refunds = await refundsOfCharge(deps.store.db, charge.id);
    return {
      object: 'list',
      url: `/v1/charges/${charge.id}/refunds`,
      has_more: false,
      data: refunds.map((refund) => toPingppRefund(toRefundView(refund), charge.out_trade_no)),
    };
  });

  app.get<{ Params: RefundParams }>('/v1/charges/:id/refunds/:refundId', async (request) => {
    const caller = callerOf(request);
    const charge = await requireCharge(deps, caller, idOf(request.params.id));
    const refund = await getRefund(deps.store.db, caller.appId, idOf(request.params.refundId, 'refund_id'));
    if (!refund || refund.charge_id !== charge.id)
      throw new PolypayError('resource_not_found', {
        param: 'refund_id',
        message: `No such refund: ${request.params.refundId}.`,
      });
    return toPingppRefund(toRefundView(refund), charge.out_trade_no);
  });
}
