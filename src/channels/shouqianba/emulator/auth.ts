import { type EmulatorCall, headerValue, parseJsonLenient } from '../../kit/emulator/index.js';
import { concatBytes, md5Hex, signaturesEqual } from '../../kit/signing.js';
import type { Terminal } from './terminals.js';
import type { Upay } from './upay.js';
import type { Json, OuterCode } from './wire.js';

export type Signer = { kind: 'vendor' } | { kind: 'terminal'; terminal: Terminal };

/** A terminal-API call after authentication: who signed and the parsed body. */
export interface Authenticated {
  readonly signer: Signer;
  readonly body: Json;
}

/**
 * `Authorization: <sn> <sign>`, sign = MD5(raw body + key) in either case. Activation is signed by the
 * vendor; everything else by a terminal, checkin also with the key the latest checkin replaced.
 */
export function authenticate(
  upay: Upay,
  call: EmulatorCall,
  operation: string,
): Authenticated | { outer: OuterCode; message?: string } {
  const header = headerValue(call.request, 'authorization')?.trim();
  const parts = header === undefined ? [] : header.split(/\s+/);
  if (parts.length !== 2) return { outer: 'ILLEGAL_SIGN', message: 'Authorization格式错误' };
  const [sn, sign] = parts as [string, string];
  const matches = (key: string) =>
    signaturesEqual(md5Hex(concatBytes(call.raw, key)), sign, { caseInsensitive: true });
  let signer: Signer;
  if (operation === 'activate') {
    if (sn !== upay.vendorSn || !matches(upay.vendorKey)) return { outer: 'ILLEGAL_SIGN' };
    signer = { kind: 'vendor' };
  } else {
    const terminal = upay.terminal(sn);
    if (terminal === undefined) return { outer: 'INVALID_TERMINAL' };
    const current = matches(terminal.key);
    const previous =
      operation === 'checkin' && terminal.previousKey !== undefined && matches(terminal.previousKey);
    if (!current && !previous) return { outer: 'ILLEGAL_SIGN' };
    // Once the new key is used, the checkin answer was received: the old key is dead for good.
    if (current && operation !== 'checkin') delete terminal.previousKey;
    signer = { kind: 'terminal', terminal };
  }
  const body = parseJsonLenient(call.raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { outer: 'INVALID_PARAMS', message: '请求体不是合法的JSON' };
  return { signer, body: body as Json };
}
