import { pooledRandomByte } from './random-pool.js';

/**
 * Public identifiers: `<prefix>_<24 base62 chars>`, e.g. `ch_4fRk…`. 24 base62 chars carry ~143 random bits,
 * so ids can be minted by any process without coordination and cannot be guessed or enumerated.
 */
export const ID_PREFIXES = {
  charge: 'ch',
  refund: 're',
  merchant: 'mch',
  app: 'app',
  event: 'evt',
  apiKey: 'key',
  flow: 'fl',
  webhookEndpoint: 'we',
  job: 'job',
  ledgerEntry: 'le',
  transfer: 'tr',
  redEnvelope: 'red',
  agreement: 'agr',
  deduction: 'ded',
  fxQuote: 'fxq',
  store: 'st',
  terminal: 'term',
  channelConfig: 'chc',
  request: 'req',
} as const;

export type KnownIdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];
/** Known prefixes autocomplete; other layers may mint their own lower-case prefix. */
export type IdPrefix = KnownIdPrefix | (string & {});

export const ID_RANDOM_LENGTH = 24;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX = /^[a-z][a-z0-9]{0,7}$/;
const ID = /^([a-z][a-z0-9]{0,7})_([0-9A-Za-z]{24})$/;
// Bytes at or above 248 (= 4 × 62) are dropped so that `byte % 62` is uniform.
const UNBIASED_LIMIT = 248;

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

export function newId(prefix: IdPrefix): string {
  assertPrefix(prefix);
  let body = '';
  while (body.length < ID_RANDOM_LENGTH) {
    const byte = pooledRandomByte();
    if (byte < UNBIASED_LIMIT) body += ALPHABET[byte % 62];
  }
  return `${prefix}_${body}`;
}

export const randomIdGenerator: IdGenerator = { next: newId };

let lastMs = 0;
let counter = 0;

/**
 * An id that sorts in creation order within a process (rows then land next to each other in indexes,
 * which keeps writes local): 9 base-36 characters of the wall-clock time
 * (never going back), 4 of a counter, then random characters. Rows made in the same millisecond
 * (flows of one charge, events of one transaction) then keep their order when sorted by id. Only digits
 * and lower-case letters lead, so the order is the same under any database collation.
 */
export function newSortableId(prefix: IdPrefix): string {
  assertPrefix(prefix);
  const now = Math.max(Date.now(), lastMs);
  if (now === lastMs) counter += 1;
  else {
    lastMs = now;
    counter = 0;
  }
  const time = now.toString(36).padStart(9, '0').slice(-9);
  const sequence = (counter % 36 ** 4).toString(36).padStart(4, '0');
  return `${prefix}_${time}${sequence}${newId(prefix).slice(prefix.length + 1, prefix.length + 12)}`;
}

/** Deterministic ids for tests: `ch_000000000000000000000001`, `re_000000000000000000000002`, … */
export function sequentialIdGenerator(start = 1): IdGenerator {
  let counter = start;
  return {
    next(prefix) {
      assertPrefix(prefix);
      return `${prefix}_${String(counter++).padStart(ID_RANDOM_LENGTH, '0')}`;
    },
  };
}

/** Whether `value` is shaped like an id (of the given prefix, when one is given). */
export function isId(value: unknown, prefix?: IdPrefix): value is string {
  if (typeof value !== 'string') return false;
  const match = ID.exec(value);
  return match !== null && (prefix === undefined || match[1] === prefix);
}

function assertPrefix(prefix: string): void {
  // A bad prefix is a programming error in the caller, not a business refusal.
  if (!PREFIX.test(prefix))
    throw new TypeError(`id prefix must match ${PREFIX}, got ${JSON.stringify(prefix)}`);
}
