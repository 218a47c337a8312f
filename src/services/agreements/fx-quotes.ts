import type { Clock } from '../../domain/clock.js';
import { indicativeRate, QUOTE_TTL_MS } from '../../domain/fx-rates.js';
import { newId } from '../../domain/ids.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { Store } from '../../store/index.js';
import type { Caller } from '../caller.js';

/** FX quotes: a rate from a fiat to a crypto that holds until `expires_at` (deductions check it). */
export async function createFxQuote(
  deps: { store: Store; clock: Clock },
  caller: Caller,
  input: { from_currency: string; to_currency: string },
) {
  const rate = indicativeRate(input.from_currency, input.to_currency);
  if (rate === undefined)
    throw new PolypayError('currency_not_supported', {
      param: 'to_currency',
      message: `No rate from ${input.from_currency} to ${input.to_currency}.`,
    });
  const now = deps.clock.now();
  const row = {
    id: newId('fxq'),
    merchant_id: caller.merchantId,
    app_id: caller.appId,
    from_currency: input.from_currency,
    to_currency: input.to_currency,
    rate,
    expires_at: now + QUOTE_TTL_MS,
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
    created: row.created_at,
  };
}
