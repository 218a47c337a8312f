import type { AgreementType } from '../../channels/agreement-port.js';
import type { Caller } from '../caller.js';
import { agreementChannelNamed } from './channel.js';
import type { AgreementDeps, AgreementRow } from './deps.js';
import { moveAgreement } from './move-agreement.js';
import { refreshAgreement } from './refresh-agreement.js';
import { channelRefusal, statusError } from './refusals.js';

/** Suspend, resume and unsign: each reads the channel first, then changes the agreement's status. */

/** polypay stops deducting on a SIGNED agreement; only the merchant's own deductions are held. */
export async function suspendAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  await refreshAgreement(deps, caller, id);
  return moveAgreement(
    deps,
    caller,
    id,
    (row) => {
      if (row.status === 'SUSPENDED') return undefined;
      if (row.status !== 'SIGNED') throw statusError(row);
      return { status: 'SUSPENDED' };
    },
    () => 'agreement.suspended',
  );
}

export async function resumeAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  await refreshAgreement(deps, caller, id);
  return moveAgreement(
    deps,
    caller,
    id,
    (row) => {
      if (row.status === 'SIGNED') return undefined;
      if (row.status !== 'SUSPENDED') throw statusError(row);
      return { status: 'SIGNED' };
    },
    () => 'agreement.resumed',
  );
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
