import type { NotificationAck, NotificationHeaders } from '../channels/kit/connector.js';
import type { Channels } from '../channels/registry.js';
import { PolypayError } from '../errors/polypay-error.js';
import {
  type Charge,
  getChargeByChannelTradeNo,
  getChargeById,
  getChargeByOutTradeNo,
  getRefundById,
  getRefundByNo,
  getTransferById,
  type Refund,
} from '../store/index.js';
import { refreshFromNotification } from './agreements/notifications.js';
import type { ChargeDeps } from './charges/deps.js';
import { refreshCharge } from './charges/refresh-charge.js';
import { refreshRefund } from './refunds/refresh-refund.js';
import { refreshPayout } from './transfers/transfers.js';

export interface NotificationInput {
  readonly provider: string;
  readonly configId: string;
  readonly raw: Buffer;
  readonly headers: NotificationHeaders;
}

/** What to answer the provider, and what came of the notification. */
export interface NotificationAnswer {
  readonly ack: NotificationAck;
  /** The unified code when the notification changed nothing because it was refused. */
  readonly code?: 'channel_sign_error' | 'channel_parse_error' | 'channel_notify_id_error';
  /** The charge it concerned, after the channel was queried. */
  readonly charge?: Charge;
}

/**
 * A provider's notification about an order of one channel configuration. It is only a hint: a
 * well-signed one makes the gateway query the channel about the charge (and the refund) it names — the
 * query is the truth, and nothing in the notification's body moves money. A bad signature, or an order
 * or refund this configuration does not know, changes nothing.
 */
export async function receiveChannelNotification(
  deps: ChargeDeps,
  channels: Channels,
  input: NotificationInput,
): Promise<NotificationAnswer> {
  const configured = await channels.configured(input.configId);
  if (!configured || configured.config.provider !== input.provider) {
    throw new PolypayError('resource_not_found', {
      param: 'config_id',
      message: `No ${input.provider} channel config ${input.configId}.`,
      messageZh: `${input.provider} 渠道配置 ${input.configId} 不存在`,
    });
  }
  const { config, connector, context } = configured;
  const check = connector.checkNotification(context, input.raw, input.headers);
  if (!check.ok) return { ack: check.ack, code: check.code };
  if (check.transferId !== undefined) {
    // A payout's callback: like any notification only a hint; the query settles the payout.
    const transfer = await getTransferById(deps.store.db, check.transferId);
    if (!transfer || transfer.app_id !== config.app_id || transfer.channel !== context.channelName) {
      if (check.reject) return { ack: check.reject, code: 'channel_notify_id_error' };
      throw new PolypayError('channel_notify_id_error', {
        message: 'The notification names no payout of this channel configuration.',
        messageZh: '通知中的付款不属于该渠道配置',
      });
    }
    await refreshPayout({ store: deps.store, clock: deps.clock, payouts: channels }, transfer);
    return { ack: check.ack };
  }

  // Agreements and their deductions (Bybit recurring) are not charges.
  if (
    await refreshFromNotification(
      { store: deps.store, clock: deps.clock, channels },
      config,
      check.outTradeNo,
      check.refundNo,
    )
  )
    return { ack: check.ack };

  const db = deps.store.db;
  let charge: Charge | undefined;
  if (check.chargeId !== undefined) {
    const byId = await getChargeById(db, check.chargeId);
    charge = byId?.app_id === config.app_id ? byId : undefined;
  } else if (check.outTradeNo !== undefined)
    charge = await getChargeByOutTradeNo(db, config.app_id, check.outTradeNo);
  else if (check.channelTradeNo !== undefined)
    charge = await getChargeByChannelTradeNo(db, config.app_id, check.channelTradeNo);
  let refund: Refund | undefined;
  if (check.refundNo !== undefined) {
    refund = await getRefundByNo(db, config.app_id, check.refundNo);
    if (refund && !charge) charge = await getChargeById(db, refund.charge_id);
  } else if (check.refundId !== undefined) {
    const byId = await getRefundById(db, check.refundId);
    refund = byId?.app_id === config.app_id ? byId : undefined;
    if (refund && !charge) charge = await getChargeById(db, refund.charge_id);
  }
  const known =
    charge !== undefined &&
    charge.channel === context.channelName &&
    charge.merchant_id === config.merchant_id &&
    (check.refundNo === undefined || refund?.charge_id === charge.id) &&
    (check.refundId === undefined || refund?.charge_id === charge.id);
  if (!known || !charge) {
    if (check.reject) return { ack: check.reject, code: 'channel_notify_id_error' };
    throw new PolypayError('channel_notify_id_error', {
      message: 'The notification names no order of this channel configuration.',
      messageZh: '通知中的订单不属于该渠道配置',
    });
  }
  if (refund) await refreshRefund(deps, refund, charge);
  return { ack: check.ack, charge: await refreshCharge(deps, charge) };
}
