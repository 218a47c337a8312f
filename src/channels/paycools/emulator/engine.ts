import { PAYCOOLS_PATHS } from '../protocol.js';
import { paycoolsVerify, signed } from '../sign.js';
import { buyer as buyerOp, expireCollections, payment, paymentQuery } from './collections.js';
import {
  EngineCore,
  type EngineReply,
  type Fields,
  fail,
  type HandleContext,
  type OpResult,
  type PaycoolsNotification,
} from './core.js';
import { payout, payoutQuery, settlePayouts } from './disbursements.js';
import type { EmulatorMerchant } from './merchants.js';
import { completeRefunds, refund, refundQuery, voidCollection } from './refunds.js';
import { TIMESTAMP_WINDOW_MS } from './rules.js';

export type {
  Collection,
  EngineReply,
  HandleContext,
  PaycoolsNotification,
  Payout,
  Refund,
} from './core.js';

/**
 * The PayCools v1 platform as state and rules: apps and merchant balances, payouts that execute after
 * acceptance, collections a buyer completes on the checkout page, refunds and voids. Every seed-004 code
 * comes out of a rule; only the world's faults (rules.ts WORLD_CODES) come from scenarios. This file
 * authenticates and routes; the operations are by family in collections.ts, disbursements.ts and
 * refunds.ts (refunds and voids), over core.ts.
 */
export class PaycoolsEngine extends EngineCore {
  handle(path: string, raw: Buffer, ctx: HandleContext): EngineReply {
    const notifications: PaycoolsNotification[] = [...this.settle()];
    const reply = (body: Record<string, unknown>): EngineReply => ({ body, notifications });
    let fields: Fields;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reply(fail(21002));
      fields = parsed as Fields;
    } catch {
      return reply(fail(21002));
    }
    const merchant = typeof fields.appId === 'string' ? this.merchants.get(fields.appId) : undefined;
    if (merchant === undefined || !merchant.enabled) return reply(fail(21003));
    if (merchant.ipWhitelist !== undefined && !merchant.ipWhitelist.includes(normaliseIp(ctx.ip)))
      return reply(fail(21016));
    if (!paycoolsVerify(fields, merchant.secret)) return reply(fail(21001));
    const timestamp = fields.timestamp;
    if (!isMsEpoch(timestamp)) return reply(fail(21008));
    if (Math.abs(Number(timestamp) - this.clock.now()) > TIMESTAMP_WINDOW_MS) return reply(fail(21009));
    if (!merchant.active) return reply(fail(21004));
    if (ctx.injection === '21000') return reply(fail(21000));

    const answer = this.#route(path, fields, merchant, ctx);
    // 21011: PayCools' upstream network failed after the request was taken; the outcome is unknown.
    if (ctx.injection === '21011') return reply(fail(21011));
    return reply(
      answer.code === 10000
        ? { code: 10000, message: 'Success', data: signed(answer.data ?? {}, merchant.secret) }
        : fail(answer.code),
    );
  }

  /** The buyer finishes (or abandons) the checkout page. */
  buyer(
    transactionId: string,
    result: 'paid' | 'failed',
  ): { ok: boolean; notifications: PaycoolsNotification[] } {
    const notifications = [...this.settle()];
    const ok = buyerOp(this, transactionId, result, notifications);
    return { ok, notifications };
  }

  /** Time-driven changes due now: payouts executing or coming back, refunds completing, checkouts expiring. */
  settle(): PaycoolsNotification[] {
    const now = this.clock.now();
    const out: PaycoolsNotification[] = [];
    settlePayouts(this, now, out);
    completeRefunds(this, now, out);
    expireCollections(this, now, out);
    return out;
  }

  #route(path: string, f: Fields, m: EmulatorMerchant, ctx: HandleContext): OpResult {
    switch (path) {
      case PAYCOOLS_PATHS.payout:
        return payout(this, f, m);
      case PAYCOOLS_PATHS.payoutQuery:
        return payoutQuery(this, f, m);
      case PAYCOOLS_PATHS.payment:
        return payment(this, f, m, ctx);
      case PAYCOOLS_PATHS.paymentQuery:
        return paymentQuery(this, f, m);
      case PAYCOOLS_PATHS.refund:
        return refund(this, f, m);
      case PAYCOOLS_PATHS.refundQuery:
        return refundQuery(this, f, m);
      case PAYCOOLS_PATHS.void:
        return voidCollection(this, f, m);
      case PAYCOOLS_PATHS.balance:
        return { code: 10000, data: { balance: m.balance, currency: 'PHP' } };
      default:
        return { code: 21002 };
    }
  }
}

function isMsEpoch(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\d{13}$/.test(text);
}

function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
