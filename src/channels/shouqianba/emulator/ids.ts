import { randomInt } from 'node:crypto';

/** Random numbers shaped as upay and the wallets write them. */

export function digits(length: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < length) out += String(randomInt(0, 10));
  return out;
}

/** The channel's own trade number, shaped as the wallet writes it. */
export function channelTradeNo(payway: string, now: number): string {
  const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return payway === '3' ? `4200${digits(6)}${day}${digits(10)}` : `${day}22001${digits(15)}`;
}
