import type { Caller } from '../caller.js';
import { agreementChannelNamed } from './channel.js';
import type { AgreementDeps } from './deps.js';
import { agreementRowOf, moveAgreement } from './move-agreement.js';
import { type AgreementView, agreementView } from './views.js';

/** Statuses the channel never leaves: no need to ask it again. */
const FINAL = new Set(['UNSIGNED', 'EXPIRED', 'FAILED', 'TIMEOUT']);

const EVENT_OF_STATUS: Readonly<Record<string, string>> = {
  SIGNED: 'agreement.signed',
  UNSIGNED: 'agreement.unsigned',
  EXPIRED: 'agreement.expired',
  FAILED: 'agreement.failed',
  TIMEOUT: 'agreement.sign_expired',
  PENDING: 'agreement.pending',
};

/**
 * The agreement as the channel now sees it (the buyer signs on the provider's page). A SUSPENDED
 * agreement stays suspended by polypay unless the channel has ended it.
 */
export async function refreshAgreement(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
): Promise<AgreementView> {
  const row = await agreementRowOf(deps.store.db, caller, id);
  if (FINAL.has(row.status)) return agreementView(deps.store.db, row, deps.clock.now());
  const channel = await agreementChannelNamed(deps.channels, row.channel);
  const state = await channel.query({ externalAgreementNo: row.id });
  if (!state.ok) return agreementView(deps.store.db, row, deps.clock.now());
  const remote = state.value;
  return moveAgreement(
    deps,
    caller,
    id,
    (current) => {
      const status =
        current.status === 'SUSPENDED' && !FINAL.has(remote.status) ? 'SUSPENDED' : remote.status;
      if (status === current.status && current.provider_agreement_no === remote.agreementNo) return undefined;
      return {
        status,
        provider_agreement_no: remote.agreementNo,
        ...(remote.userId === undefined ? {} : { buyer_id: remote.userId }),
      };
    },
    (next) => EVENT_OF_STATUS[next.status] ?? 'agreement.updated',
  );
}
