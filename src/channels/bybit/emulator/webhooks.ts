import { type Agreement, compact, type EngineCore, type Webhook } from './core.js';
import { bybitLocalTime } from './periods.js';
import { settleRefund } from './refunds.js';
import { settleTrade } from './trades.js';

/** What time decides (sign links timing out, agreements expiring, PROCESSING settling) and the agreement webhooks. */

/** Applies what time has decided: sign links timing out, agreements expiring, PROCESSING settling. */
export function settle(e: EngineCore): void {
  const now = e.clock.now();
  for (const a of e.agreements.values()) {
    if ((a.status === 'INIT' || a.status === 'PENDING') && now >= a.signExpireAt) {
      a.status = 'TIMEOUT';
      agreementEvent(e, a, 'TIMEOUT', { timeoutTime: a.signExpireAt }, 'AGREEMENT_TIMEOUT');
    } else if (
      (a.status === 'SIGNED' || a.status === 'SUSPENDED') &&
      a.validUntil !== undefined &&
      now >= a.validUntil
    ) {
      a.status = 'EXPIRED';
      agreementEvent(e, a, 'UNSIGNED', { unsignTime: a.validUntil, unsignType: 'EXPIRED' });
    }
  }
  for (const t of e.trades.values()) if (t.settleAt !== undefined && now >= t.settleAt) settleTrade(e, t);
  for (const r of e.refunds.values()) if (r.settleAt !== undefined && now >= r.settleAt) settleRefund(e, r);
}

export function agreementEvent(
  e: EngineCore,
  a: Agreement,
  eventType: string,
  times: Record<string, unknown>,
  notifyType: Webhook['notifyType'] = 'AGREEMENT_STATUS',
): void {
  const local = Object.fromEntries(
    Object.entries(times).map(([k, v]) => [k, typeof v === 'number' ? bybitLocalTime(v) : v]),
  );
  e.notify({
    url: a.notifyUrl,
    notifyType,
    merchantId: a.merchantId,
    data: compact({
      agreementNo: a.agreementNo,
      externalAgreementNo: a.externalAgreementNo,
      agreementType: a.agreementType,
      eventType,
      status: a.status,
      userId: a.userId,
      merchantUserId: a.merchantUserId,
      sceneCode: a.sceneCode,
      ...local,
    }),
  });
}
