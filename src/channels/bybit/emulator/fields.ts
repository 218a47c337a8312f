import { BybitRefusal, param } from './errors.js';
import { amountProblem, type CurrencyType, type Money, parseMinorUnits } from './money.js';

/** Reading a request body field by field; a problem is PARAM_VALID_ERROR naming the field. */

export type Body = Record<string, unknown>;

export const AGREEMENT_TYPES = ['CYCLE', 'NON_CYCLE', 'SINGLE'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

export const SCENE_CODES = [
  'TAXI',
  'TRANSIT',
  'TOLL',
  'UTILITY',
  'TELECOM',
  'FOOD',
  'SUBSCRIPTION',
  'INSURANCE',
  'LOAN',
  'PARKING',
  'RENT',
  'ENTERTAINMENT',
  'FITNESS',
  'CLOUD',
  'EDUCATION',
  'MEMBERSHIP',
  'OTHERS',
] as const;

export function str(body: Body, name: string, max: number, required: true): string;
export function str(body: Body, name: string, max: number, required?: false): string | undefined;
export function str(body: Body, name: string, max: number, required = false): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw param(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw param(`${name} must be a string`);
  if (value.length > max) throw param(`${name} is longer than ${max}`);
  return value;
}

export function oneOf<T extends string>(body: Body, name: string, values: readonly T[], required = true): T {
  const value = str(body, name, 32, required as true);
  if (!(values as readonly string[]).includes(value))
    throw param(`${name} must be one of ${values.join(', ')}`);
  return value as T;
}

export function obj(body: Body, name: string, required: boolean): Body | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw param(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw param(`${name} must be an object`);
  return value as Body;
}

/** ISO 8601 with a zone, as Bybit requires for `sign_valid_time`. */
export function isoTime(body: Body, name: string): number | undefined {
  const value = str(body, name, 40);
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    throw param(`${name} must be ISO 8601 with a time zone`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw param(`${name} is not a valid time`);
  return ms;
}

/**
 * An amount object `{total, currency, currency_type, chain?, chain_address?}`. Format problems of the
 * object are PARAM_VALID_ERROR; a total that is not a positive integer, or carries more precision than
 * the currency, is INVALID_AMOUNT; the currency and chain have codes of their own.
 */
export function money(body: Body, name: string, totalField = 'total'): Money {
  const m = obj(body, name, true)!;
  const total = m[totalField] ?? m.amount;
  if (total === undefined || total === null || total === '') throw param(`${name}.${totalField} is required`);
  if (typeof total !== 'string' || total.length > 32)
    throw new BybitRefusal(139004004, `${name}.${totalField}`);
  const currency = str(m, 'currency', 16, true);
  const currencyType = oneOf<CurrencyType>(m, 'currency_type', ['FIAT', 'CRYPTO']);
  const chain = str(m, 'chain', 32);
  const chainAddress = str(m, 'chain_address', 128);
  const parsed = parseMinorUnits(total);
  if (parsed === undefined)
    throw new BybitRefusal(139004004, `${name}.${totalField} must be a positive integer`);
  const out: Money = {
    total: parsed,
    currency,
    currencyType,
    ...(chain === undefined ? {} : { chain }),
    ...(chainAddress === undefined ? {} : { chainAddress }),
  };
  switch (amountProblem(out)) {
    case 'currency':
    case 'currency_type':
      throw new BybitRefusal(139004002, `${name}.currency`);
    case 'chain':
      throw new BybitRefusal(139004001, `${name}.chain`);
    case 'precision':
      throw new BybitRefusal(139004004, `${name}.${totalField} has more precision than ${currency} carries`);
    default:
      return out;
  }
}

export function moneyJson(m: Money, totalField = 'total'): Record<string, string> {
  return {
    [totalField]: m.total.toString(),
    currency: m.currency,
    currency_type: m.currencyType,
    ...(m.chain === undefined ? {} : { chain: m.chain }),
    ...(m.chainAddress === undefined ? {} : { chain_address: m.chainAddress }),
  };
}

/** Requests are compared without key order: a replay with the same fields is the same request. */
export function fingerprint(body: Body): string {
  const canonical = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as Body)
            .sort()
            .map((k) => [k, canonical((v as Body)[k])]),
        )
      : Array.isArray(v)
        ? v.map(canonical)
        : v;
  return JSON.stringify(canonical(body));
}
