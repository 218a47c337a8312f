import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * VMP signing (reference §3): every field except `sign`, null and empty values dropped, sorted by key in
 * ASCII order, joined as `k=v&k=v`, the secret code prefixed with no separator, then lowercase hex
 * SHA-256. The same rule signs requests, answers and notifications, in both directions.
 */

/** A flat VMP message as it travels: string values; null or absent means "not sent". */
export type VmpFields = Readonly<Record<string, string | null | undefined>>;

/** The `k=v&k=v` string that is hashed after the secret. */
export function vmpSignString(fields: VmpFields): string {
  return Object.keys(fields)
    .filter(
      (key) => key !== 'sign' && fields[key] !== null && fields[key] !== undefined && fields[key] !== '',
    )
    .sort() // code-unit order, which is ASCII order for VMP's field names: payType before pay_scene
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
}

export function vmpSign(fields: VmpFields, secretCode: string): string {
  return createHash('sha256')
    .update(secretCode + vmpSignString(fields), 'utf8')
    .digest('hex');
}

/** Whether `fields.sign` is the signature of the other fields under `secretCode` (case as sent: lowercase). */
export function vmpVerify(fields: VmpFields, secretCode: string): boolean {
  const given = fields.sign;
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(vmpSign(fields, secretCode), 'hex'));
}

/** The fields with `sign` added. */
export function withVmpSign<T extends VmpFields>(fields: T, secretCode: string): T & { sign: string } {
  return { ...fields, sign: vmpSign(fields, secretCode) };
}
