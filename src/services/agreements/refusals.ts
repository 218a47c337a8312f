import type { AgreementFailure } from '../../channels/agreement-port.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { AgreementRow } from './deps.js';

/** A refusal of the channel as the API's error, with the provider's answer kept. */
export function channelRefusal(error: AgreementFailure): PolypayError {
  return new PolypayError(error.code, {
    channelError: error.channelError,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

/** Why an agreement in `row.status` cannot take an operation, as the catalog says it. */
export function statusError(row: Pick<AgreementRow, 'status'>): PolypayError {
  const code =
    row.status === 'SUSPENDED'
      ? 'agreement_suspended'
      : row.status === 'UNSIGNED'
        ? 'agreement_unsigned'
        : row.status === 'EXPIRED'
          ? 'agreement_expired'
          : row.status === 'TIMEOUT'
            ? 'agreement_sign_url_expired'
            : 'agreement_status_invalid';
  return new PolypayError(code, {
    param: 'id',
    message: `The agreement is ${row.status}.`,
    messageZh: `协议状态为 ${row.status}`,
  });
}
