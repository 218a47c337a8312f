import {
  agreementView as agreementViewOp,
  confirm as confirmOp,
  decline as declineOp,
  list as listOp,
  open as openOp,
  platform as platformOp,
  query as queryOp,
  sign as signOp,
  signOrder as signOrderOp,
  unsign as unsignOp,
  usedInPeriod as usedInPeriodOp,
} from './agreements.js';
import { type Agreement, EngineCore, type Refund, type Trade } from './core.js';
import type { Body } from './fields.js';
import { FIAT_DECIMALS } from './money.js';
import type { PeriodType } from './periods.js';
import { refund as refundOp, refundView as refundViewOp } from './refunds.js';
import {
  deduct as deductOp,
  fxConvert as fxConvertOp,
  payList as payListOp,
  payQuery as payQueryOp,
  payWithSign as payWithSignOp,
  tradeView as tradeViewOp,
} from './trades.js';
import { settle as settleOp } from './webhooks.js';
import { BUYERS, type Buyer } from './world.js';

export * from './core.js';
export { BUYERS, FIAT_DECIMALS };

/**
 * The state and rules of Bybit Pay recurring payments (reference §2, §5, §6), by operation family:
 * agreements.ts (sign orders, agreements, unsign, query), trades.ts (deductions in the documented order,
 * pay with sign, FX convert), refunds.ts (refunds that give quota back) and webhooks.ts (what time
 * decides, and the agreement webhooks). Every operation returns its `result` or throws a BybitRefusal;
 * the webhooks it causes go to `notify`.
 */
export class BybitEngine extends EngineCore {
  sign(merchantId: string, body: Body, publicUrl: string): Record<string, unknown> {
    return signOp(this, merchantId, body, publicUrl);
  }

  signOrder(signOrderId: string): Agreement | undefined {
    return signOrderOp(this, signOrderId);
  }

  /** The buyer opened the link: INIT → PENDING, or SIGN_URL_EXPIRED past its expire_time. */
  open(signOrderId: string): Agreement {
    return openOp(this, signOrderId);
  }

  confirm(signOrderId: string, userId: string): Agreement {
    return confirmOp(this, signOrderId, userId);
  }

  decline(signOrderId: string): Agreement {
    return declineOp(this, signOrderId);
  }

  /** The platform's side (risk, the user in the app): suspend, resume, unsign by the user. */
  platform(agreementNo: string, action: 'suspend' | 'resume' | 'user_unsign'): Agreement {
    return platformOp(this, agreementNo, action);
  }

  unsign(merchantId: string, body: Body): Record<string, unknown> {
    return unsignOp(this, merchantId, body);
  }

  query(merchantId: string, body: Body): Record<string, unknown> {
    return queryOp(this, merchantId, body);
  }

  list(merchantId: string, body: Body): Record<string, unknown> {
    return listOp(this, merchantId, body);
  }

  agreementView(a: Agreement): Record<string, unknown> {
    return agreementViewOp(this, a);
  }

  /** What counts against a period: SUCCESS and PROCESSING deductions of the period, less what was refunded. */
  usedInPeriod(a: Agreement, type: PeriodType, at: number): bigint {
    return usedInPeriodOp(this, a, type, at);
  }

  deduct(merchantId: string, body: Body): Record<string, unknown> {
    return deductOp(this, merchantId, body);
  }

  tradeView(t: Trade): Record<string, unknown> {
    return tradeViewOp(t);
  }

  /**
   * Sign and deduct in one call. With `sign_params` the sign order is created (or found by its
   * external_agreement_no) and the deduction waits for the buyer: `pay_result` is absent until signed,
   * when the merchant deducts by agreement_no. A sign order past its expire_time is SIGN_URL_EXPIRED.
   */
  payWithSign(merchantId: string, body: Body, publicUrl: string): Record<string, unknown> {
    return payWithSignOp(this, merchantId, body, publicUrl);
  }

  /**
   * `/v5/bybitpay/fx/convert` (the QR product's quote, the only FX endpoint documented): the settle amount
   * of a fiat amount at the market rate of now. `exchangeRate` and `expireTime` (epoch ms: the end of the
   * rate's window) are inferred additions, so a caller can show the rate and know how long it holds.
   */
  fxConvert(_merchantId: string, body: Body): Record<string, unknown> {
    return fxConvertOp(this, _merchantId, body);
  }

  refund(merchantId: string, body: Body): Record<string, unknown> {
    return refundOp(this, merchantId, body);
  }

  refundView(r: Refund): Record<string, unknown> {
    return refundViewOp(r);
  }

  payQuery(merchantId: string, body: Body): Record<string, unknown> {
    return payQueryOp(this, merchantId, body);
  }

  payList(merchantId: string, body: Body): Record<string, unknown> {
    return payListOp(this, merchantId, body);
  }

  /** Applies what time has decided: sign links timing out, agreements expiring, PROCESSING settling. */
  settle(): void {
    settleOp(this);
  }

  buyers(): readonly Buyer[] {
    return [...this.world.buyers.values()];
  }

  reset(): void {
    this.agreements.clear();
    this.trades.clear();
    this.refunds.clear();
  }
}
