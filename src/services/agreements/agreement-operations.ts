import type { AgreementType } from '../../channels/agreement-port.js';
import type { Caller } from '../caller.js';
import { agreementChannelNamed } from './channel.js';
import type { AgreementDeps, AgreementRow } from './deps.js';
import { moveAgreement } from './move-agreement.js';
import { refreshAgreement } from './refresh-agreement.js';
import { channelRefusal, statusError } from './refusals.js';

/** Suspend, resume and unsign: each reads the channel first, then changes the agreement's status. */

/**
 * Moves an agreement between SIGNED and SUSPENDED, after reading the channel. One already at `to` is
 * answered as it is; one in any other status is refused.
 */
async function switchAgreement(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
  from: 'SIGNED' | 'SUSPENDED',
  to: 'SIGNED' | 'SUSPENDED',
  event: string,
) {
  await refreshAgreement(deps, caller, id);
  return moveAgreement(
    deps,
    caller,
    id,
    (row) => {
      if (row.status === to) return undefined;
      if (row.status !== from) throw statusError(row);
      return { status: to };
    },
    () => event,
  );
}

/** polypay stops deducting on a SIGNED agreement; only the merchant's own deductions are held. */
export function suspendAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  return switchAgreement(deps, caller, id, 'SIGNED', 'SUSPENDED', 'agreement.suspended');
}

export function resumeAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  return switchAgreement(deps, caller, id, 'SUSPENDED', 'SIGNED', 'agreement.resumed');
}

export async function unsignAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  const current = await refreshAgreement(deps, caller, id);
  if (current.status === 'UNSIGNED') return current;
  if (current.status !== 'SIGNED' && current.status !== 'SUSPENDED')
    throw statusError({ status: current.status } as AgreementRow);
  const channel = await agreementChannelNamed(deps.channels, current.channel);
  const answer = await channel.unsign({
    externalAgreementNo: current.id,
    agreementType: current.agreement_type as AgreementType,
    userId: current.buyer_id ?? '',
  });
  if (!answer.ok) throw channelRefusal(answer.error);
  return moveAgreement(
    deps,
    caller,
    id,
    () => ({ status: 'UNSIGNED' }),
    () => 'agreement.unsigned',
  );
}
