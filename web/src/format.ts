/** Currencies whose minor unit is not 1/100. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, USDT: 6, USDC: 6, BTC: 8, ETH: 18 };

/**
 * Minor units as a decimal string, without floats: 12345 CNY → "123.45". Agreement amounts come as
 * integer strings (wei pass 2^53), formatted digit by digit; a string that is not an integer is shown
 * as given.
 */
export function money(minor: number | string, currency: string): string {
  const text = String(minor);
  if (!/^-?\d+$/.test(text)) return `${text} ${currency}`;
  const exponent = EXPONENTS[currency] ?? 2;
  const negative = text.startsWith('-');
  const digits = text
    .replace(/^-/, '')
    .replace(/^0+(?=\d)/, '')
    .padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction} ${currency}`;
}

/** A decimal amount typed by the operator ("12.5") as minor units, or undefined when it is not one. */
export function parseMoney(text: string, currency: string): number | undefined {
  const exponent = EXPONENTS[currency] ?? 2;
  const match = /^\s*(\d{1,16})(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return undefined;
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  // Beyond 2^53 a number no longer holds every integer: refuse rather than round.
  return Number.isSafeInteger(minor) ? minor : undefined;
}

export function dateTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—';
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Quotes a CSV field when it needs it (RFC 4180), and defuses formulas for spreadsheet programs. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
