/**
 * VMP's clock is Hong Kong time (UTC+8, no daylight saving): `time` on every request and answer is
 * `yyyyMMddHHmmss`, trade times are `yyyy-MM-dd HH:mm:ss`, and "same day" means the same Hong Kong date.
 */

const HK_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const VMP_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function hkParts(epochMs: number): string[] {
  const iso = new Date(epochMs + HK_OFFSET_MS).toISOString(); // 2026-11-30T08:05:09.123Z
  return [
    iso.slice(0, 4),
    iso.slice(5, 7),
    iso.slice(8, 10),
    iso.slice(11, 13),
    iso.slice(14, 16),
    iso.slice(17, 19),
  ];
}

/** Epoch ms → `yyyyMMddHHmmss` in Hong Kong time. */
export function formatVmpTime(epochMs: number): string {
  return hkParts(epochMs).join('');
}

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` in Hong Kong time (trade_time, gmt_payment, refund_time). */
export function formatTradeTime(epochMs: number): string {
  const [y, mo, d, h, mi, s] = hkParts(epochMs);
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** `yyyyMMddHHmmss` (Hong Kong time) → epoch ms; undefined unless it is exactly a real calendar instant. */
export function parseVmpTime(text: string): number | undefined {
  const match = VMP_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: a roll-over means the text was no real date.
  if (formatVmpTime(utc - HK_OFFSET_MS) !== text) return undefined;
  return utc - HK_OFFSET_MS;
}

/** The Hong Kong calendar day of an instant, as a day number (equal numbers: the same day). */
export function hkDay(epochMs: number): number {
  return Math.floor((epochMs + HK_OFFSET_MS) / DAY_MS);
}
