import { VmpRefusal } from './answers.js';

/**
 * Reading a VMP request body the way the provider does: JSON whatever the Content-Type says (or when there
 * is none), pretty-printed or not, a UTF-8 byte-order mark tolerated. The body must be one flat object of
 * strings; null reads as "not sent". Numbers, booleans, arrays and objects are a malformed request (-13):
 * VMP documents every field as a String.
 */
export function parseVmpBody(raw: Buffer | string): Record<string, string> {
  const text = (typeof raw === 'string' ? raw : raw.toString('utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VmpRefusal('-13');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new VmpRefusal('-13');
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) continue;
    if (typeof value !== 'string') throw new VmpRefusal('-13');
    fields[key] = value;
  }
  return fields;
}

/** A field's value, or undefined when absent or empty (VMP treats both as not sent). */
export function field(fields: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = fields[name];
  return value === undefined || value === '' ? undefined : value;
}
