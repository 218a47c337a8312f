import { sha256Hex, signaturesEqual, sortedForm } from '../kit/signing.js';

/**
 * VMP signing (reference §3): every field except `sign`, null and empty values dropped, sorted by key in
 * ASCII order, joined as `k=v&k=v`, the secret code prefixed with no separator, then lowercase hex
 * SHA-256. The same rule signs requests, answers and notifications, in both directions.
 */

/** A flat VMP message as it travels: string values; null or absent means "not sent". */
export type VmpFields = Readonly<Record<string, string | null | undefined>>;

/** The `k=v&k=v` string hashed after the secret (code-unit order: `payType` sorts before `pay_scene`). */
export function vmpSignString(fields: VmpFields): string {
  return sortedForm(fields, { exclude: ['sign'], skipEmpty: true });
}

export function vmpSign(fields: VmpFields, secretCode: string): string {
  return sha256Hex(secretCode + vmpSignString(fields));
}

/** Whether `fields.sign` is the lowercase hex signature of the other fields under `secretCode`. */
export function vmpVerify(fields: VmpFields, secretCode: string): boolean {
  const given = fields.sign;
  if (typeof given !== 'string') return false;
  return signaturesEqual(vmpSign(fields, secretCode), given);
}

/** The fields with `sign` added. */
export function withVmpSign<T extends VmpFields>(fields: T, secretCode: string): T & { sign: string } {
  return { ...fields, sign: vmpSign(fields, secretCode) };
}
