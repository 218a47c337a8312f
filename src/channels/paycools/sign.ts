import { sha1Hex, signaturesEqual, sortedForm } from '../kit/signing.js';

/**
 * PayCools v1 signature (reference §3, inferred): every non-empty field but `sign`, sorted by key, as
 * `k=v&…`, then `&key=<app secret>`, SHA-1, lower-case hex (the seed's 40-hex `sign`). The connector and
 * the emulator both use this one function, so a change of canonical form is made here only.
 */
export function paycoolsSign(fields: Readonly<Record<string, unknown>>, secret: string): string {
  return sha1Hex(`${sortedForm(fields, { exclude: ['sign'] })}&key=${secret}`);
}

/** Whether `fields.sign` is the signature of the other fields under `secret` (hex in either case). */
export function paycoolsVerify(fields: Readonly<Record<string, unknown>>, secret: string): boolean {
  const given = fields.sign;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{40}$/.test(given)) return false;
  return signaturesEqual(paycoolsSign(fields, secret), given, { caseInsensitive: true });
}

/** `fields` with their `sign` added. */
export function signed<T extends Record<string, unknown>>(fields: T, secret: string): T & { sign: string } {
  return { ...fields, sign: paycoolsSign(fields, secret) };
}
