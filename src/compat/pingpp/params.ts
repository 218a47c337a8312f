import { isIP } from 'node:net';
import { type Currency, isCurrency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { badParam } from './errors.js';

/** A request body or query as the SDK sends it: JSON (POST, PUT) or form fields (GET). */
export type Params = Record<string, unknown>;

export function objectOf(value: unknown, param: string): Params {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badParam(param, `${param} must be an object.`);
  return value as Params;
}

function missing(param: string): PolypayError {
  return new PolypayError('missing_param', { param, message: `${param} is required.` });
}

export function requiredString(
  params: Params,
  name: string,
  options: { max: number; pattern?: RegExp; param?: string },
): string {
  const param = options.param ?? name;
  const value = params[name];
  if (value === undefined || value === null || value === '') throw missing(param);
  return checkString(value, param, options);
}

export function optionalString(
  params: Params,
  name: string,
  options: { max: number; param?: string },
): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  return checkString(value, options.param ?? name, options);
}

function checkString(value: unknown, param: string, options: { max: number; pattern?: RegExp }): string {
  if (typeof value !== 'string') throw badParam(param, `${param} must be a string.`);
  if ([...value].length > options.max)
    throw badParam(param, `${param} must be at most ${options.max} characters.`);
  if (options.pattern && !options.pattern.test(value)) throw badParam(param, `${param} is not valid.`);
  return value;
}

/** A positive integer of minor units (fen): Ping++'s `amount`. */
export function amountOf(value: unknown, param = 'amount'): number {
  if (value === undefined || value === null || value === '') throw missing(param);
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} must be a positive integer of the currency's minimum unit (fen).`,
    });
  }
  return n;
}

/** Ping++ writes currencies in lower case (`cny`). */
export function currencyOf(value: unknown): Currency {
  if (value === undefined || value === null || value === '') throw missing('currency');
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if (!isCurrency(upper)) throw badParam('currency', `currency ${String(value)} is not supported.`);
  return upper;
}

export function clientIpOf(value: unknown): string {
  if (value === undefined || value === null || value === '') throw missing('client_ip');
  if (typeof value !== 'string' || isIP(value) === 0)
    throw badParam('client_ip', 'client_ip must be an IPv4 or IPv6 address.');
  return value;
}

/** Ping++ metadata: at most 10 keys; numbers and booleans are kept as their text. */
export function metadataOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const object = objectOf(value, 'metadata');
  const entries = Object.entries(object);
  if (entries.length > 10) throw badParam('metadata', 'metadata may have at most 10 keys.');
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (key.length > 40) throw badParam(`metadata[${key}]`, 'metadata keys are at most 40 characters.');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw badParam(`metadata[${key}]`, 'metadata values must be strings or numbers.');
    const text = String(v);
    if (text.length > 500) throw badParam(`metadata[${key}]`, 'metadata values are at most 500 characters.');
    out[key] = text;
  }
  return out;
}

/**
 * Ping++'s `time_expire`: epoch seconds, from 1 minute to 15 days after creation. The charge's expiry in
 * epoch ms, or undefined when not sent.
 */
export function timeExpireOf(value: unknown, nowMs: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  const ms = typeof n === 'number' && Number.isSafeInteger(n) ? n * 1000 : Number.NaN;
  if (!(ms >= nowMs + 60_000 && ms <= nowMs + 15 * 86_400_000))
    throw badParam('time_expire', 'time_expire must be 1 minute to 15 days from now, in epoch seconds.');
  return ms;
}

/** The app a request names (`app[id]` in a form, `{"app": {"id"}}` in JSON) must be the key's app. */
export function checkApp(params: Params, appId: string): void {
  const named = params['app[id]'] ?? (params.app as Params | undefined)?.id ?? params.app;
  if (named === undefined || named === null || named === '') throw missing('app[id]');
  if (named !== appId)
    throw new PolypayError('resource_not_found', {
      param: 'app[id]',
      message: `No such app: ${String(named)} (the secret key belongs to ${appId}).`,
    });
}

/** Ping++'s `limit`: 1–100, default 10. */
export function limitOf(value: unknown): number {
  if (value === undefined || value === '') return 10;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw badParam('limit', 'limit must be an integer from 1 to 100.');
  return n;
}

export const ORDER_NO = /^[A-Za-z0-9_-]+$/;
export const ID = /^[A-Za-z0-9_]{1,64}$/;
