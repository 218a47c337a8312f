import { newId } from '../../domain/ids.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { Caller } from '../caller.js';
import { agreementChannelFor } from './channel.js';
import type { AgreementDeps } from './deps.js';
import { channelRefusal } from './refusals.js';

/**
 * FX quotes: the market rate from a fiat to a crypto as the app's agreement channel gives it now (Bybit's
 * FX convert; the sandbox's market), held until `expires_at`, when that rate moves. A deduction made with
 * an unexpired quote is paid at the quoted rate (its `crypto_payment.exchange_rate`); with an expired one
 * it is refused (exchange_rate_expired).
 */
export async function createFxQuote(
  deps: AgreementDeps,
  caller: Caller,
  input: { from_currency: string; to_currency: string },
) {
  const { channel } = await agreementChannelFor(deps.store, deps.channels, caller);
  const answer = await channel.quote(input.from_currency, input.to_currency);
  if (!answer.ok) {
    if (answer.error.code === 'currency_not_supported')
      throw new PolypayError('currency_not_supported', {
        param: 'to_currency',
        message: `No rate from ${input.from_currency} to ${input.to_currency}.`,
        messageZh: `没有从 ${input.from_currency} 到 ${input.to_currency} 的汇率`,
        channelError: answer.error.channelError,
      });
    throw channelRefusal(answer.error);
  }
  const now = deps.clock.now();
  const row = {
    id: newId('fxq'),
    merchant_id: caller.merchantId,
    app_id: caller.appId,
    from_currency: input.from_currency,
    to_currency: input.to_currency,
    rate: answer.value.rate,
    expires_at: answer.value.expiresAt,
    created_at: now,
  };
  await deps.store.db.insertInto('fx_quotes').values(row).execute();
  return {
    id: row.id,
    object: 'fx_quote' as const,
    from_currency: row.from_currency,
    to_currency: row.to_currency,
    rate: row.rate,
    expires_at: row.expires_at,
    created_at: row.created_at,
  };
}
