import { PolypayError } from '../../errors/polypay-error.js';
import type { AppMode } from '../../store/index.js';
import { refreshRefundFromNotification } from './deduction-refunds.js';
import { retrieveDeduction } from './deductions.js';
import type { AgreementDeps } from './deps.js';
import { refreshAgreement } from './refresh-agreement.js';

/**
 * A provider webhook about an agreement (`agr_…`, our external_agreement_no) or a deduction (`ded_…`, our
 * out_trade_no) is a hint: the object is read again from the channel, whose answer moves it. False when
 * the reference names nothing of this app. A refund webhook names our refund (`dre_…`) too.
 */
export async function refreshFromNotification(
  deps: AgreementDeps,
  config: { readonly merchant_id: string; readonly app_id: string; readonly mode: AppMode },
  ref: string | undefined,
  refundRef?: string | undefined,
): Promise<boolean> {
  if (refundRef?.startsWith('dre_')) return refreshRefundFromNotification(deps, config.app_id, refundRef);
  if (ref === undefined) return false;
  const caller = { merchantId: config.merchant_id, appId: config.app_id, mode: config.mode, timeZone: 'UTC' };
  if (ref.startsWith('agr_')) {
    try {
      await refreshAgreement(deps, caller, ref);
      return true;
    } catch (error) {
      if (error instanceof PolypayError && error.code === 'agreement_not_found') return false;
      throw error;
    }
  }
  if (!ref.startsWith('ded_')) return false;
  const row = await deps.store.db
    .selectFrom('agreement_deductions')
    .select('agreement_id')
    .where('id', '=', ref)
    .where('app_id', '=', config.app_id)
    .executeTakeFirst();
  if (!row) return false;
  await retrieveDeduction(deps, caller, row.agreement_id, ref);
  return true;
}
