import { CRYPTO_DECIMALS } from '../../domain/fx-rates.js';
import { isCurrency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';

/** A currency polypay prices agreements in: fiat from the money table, or a crypto it knows. */
export function currencyTypeOf(currency: string): 'FIAT' | 'CRYPTO' | undefined {
  if (Object.hasOwn(CRYPTO_DECIMALS, currency)) return 'CRYPTO';
  return isCurrency(currency) ? 'FIAT' : undefined;
}

/** An integer string of minimum units; a decimal point is more precision than minimum units carry. */
export function parseMinorUnits(value: string, param: string): bigint {
  if (/^[0-9]+\.[0-9]+$/.test(value))
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} is in minimum units: an integer string, without a decimal point.`,
      messageZh: `${param} 以最小单位计，须为不带小数点的整数字符串`,
    });
  if (!/^[1-9][0-9]{0,31}$/.test(value))
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} must be a positive integer string.`,
      messageZh: `${param} 须为正整数字符串`,
    });
  return BigInt(value);
}
