import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import { PolypayError } from '../errors/polypay-error.js';
import {
  type Database,
  isUniqueViolation,
  type SecretBox,
  type Store,
  type StoreRow,
  type Terminal,
} from '../store/index.js';
import type { Caller } from './caller.js';
import { notFound } from './not-found.js';

/** Shouqianba: an activation code is valid for 7 days. */
export const ACTIVATION_VALIDITY_MS = 7 * 24 * 3600 * 1000;

export interface TerminalDeps {
  readonly store: Store;
  readonly box: SecretBox;
  readonly clock: Clock;
}

export interface TerminalView {
  readonly sn: string;
  readonly object: 'terminal';
  readonly store_id: string;
  readonly device_id: string | null;
  readonly status: string;
  readonly activation_expires_at: number | null;
  readonly key_rotated_at: number | null;
  readonly created_at: number;
}

export function toTerminalView(t: Terminal): TerminalView {
  return {
    sn: t.sn,
    object: 'terminal',
    store_id: t.store_id,
    device_id: t.device_id,
    status: t.status,
    activation_expires_at: t.activation_expires_at,
    key_rotated_at: t.key_rotated_at,
    created_at: t.created_at,
  };
}

export function toStoreView(s: StoreRow) {
  return {
    id: s.id,
    object: 'store' as const,
    mode: s.mode,
    name: s.name,
    daily_limit: s.daily_limit,
    created_at: s.created_at,
  };
}

/**
 * Activation codes are 8 digits: a plain hash of one is reversed by trying all 90 million. They are
 * kept as an HMAC under a key derived from the master key, which a copy of the database lacks.
 */
const activationKeys = new WeakMap<SecretBox, Buffer>();
function hashCode(box: SecretBox, code: string): string {
  let key = activationKeys.get(box);
  if (!key) {
    key = box.deriveKey('terminal-activation-code');
    activationKeys.set(box, key);
  }
  return createHmac('sha256', key).update(code).digest('hex');
}
/** How codes issued before keyed hashing were stored; accepted until they expire (7 days). */
const legacyHashCode = (code: string) => createHash('sha256').update(code).digest('hex');
const newKey = () => randomBytes(20).toString('hex');

/**
 * The ids of the merchant's stores of the caller's mode: stores and their terminals belong to one mode,
 * so a test-mode key never reaches a live terminal (nor the reverse).
 */
export function storesOfMode(db: Kysely<Database>, auth: Pick<Caller, 'merchantId' | 'mode'>) {
  return db
    .selectFrom('stores')
    .select('id')
    .where('merchant_id', '=', auth.merchantId)
    .where('mode', '=', auth.mode);
}

export async function createStore(
  deps: TerminalDeps,
  auth: Caller,
  input: { name: string; daily_limit?: number | null },
) {
  const row: StoreRow = {
    id: newId('st'),
    merchant_id: auth.merchantId,
    mode: auth.mode,
    name: input.name,
    daily_limit: input.daily_limit ?? null,
    created_at: deps.clock.now(),
  };
  await deps.store.db.insertInto('stores').values(row).execute();
  return row;
}

/**
 * A new terminal of a store, inactive, with a one-time activation code valid for 7 days (the code is
 * shown once and kept only as a hash).
 */
export async function createTerminal(deps: TerminalDeps, auth: Caller, input: { store_id: string }) {
  const shop = await deps.store.db
    .selectFrom('stores')
    .select('id')
    .where('id', '=', input.store_id)
    .where('merchant_id', '=', auth.merchantId)
    .where('mode', '=', auth.mode)
    .executeTakeFirst();
  if (!shop) throw notFound('store', input.store_id, { param: 'store_id' });
  const now = deps.clock.now();
  const activationCode = String(randomInt(10_000_000, 100_000_000));
  for (let attempt = 0; ; attempt += 1) {
    const terminal: Terminal = {
      id: newId('term'),
      merchant_id: auth.merchantId,
      store_id: input.store_id,
      sn: `1000${String(randomInt(0, 1e12)).padStart(12, '0')}`,
      device_id: null,
      activation_code: hashCode(deps.box, activationCode),
      activation_expires_at: now + ACTIVATION_VALIDITY_MS,
      terminal_key_enc: null,
      previous_key_enc: null,
      key_rotated_at: null,
      status: 'inactive',
      created_at: now,
      updated_at: now,
    };
    try {
      await deps.store.db.insertInto('terminals').values(terminal).execute();
      return { terminal, activationCode };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 3) throw error;
    }
  }
}

/** Activation: the code (once, within 7 days) and the device id buy the terminal its first key. */
export async function activateTerminal(
  deps: TerminalDeps,
  auth: Caller,
  input: { activation_code: string; device_id: string },
) {
  const now = deps.clock.now();
  return deps.store.db.transaction().execute(async (trx) => {
    const terminal = await trx
      .selectFrom('terminals')
      .selectAll()
      .where('merchant_id', '=', auth.merchantId)
      .where('store_id', 'in', storesOfMode(trx, auth))
      .where('activation_code', 'in', [
        hashCode(deps.box, input.activation_code),
        legacyHashCode(input.activation_code),
      ])
      .executeTakeFirst();
    if (terminal?.status !== 'inactive' || (terminal.activation_expires_at ?? 0) < now) {
      throw new PolypayError('terminal_not_found', {
        param: 'activation_code',
        message: 'No inactive terminal has this activation code, or the code has expired.',
        messageZh: '没有待激活的终端使用此激活码，或激活码已过期',
      });
    }
    const key = newKey();
    const updated = await trx
      .updateTable('terminals')
      .set({
        status: 'active',
        device_id: input.device_id,
        activation_code: null,
        terminal_key_enc: deps.box.encrypt(key),
        key_rotated_at: now,
        updated_at: now,
      })
      .where('id', '=', terminal.id)
      .where('status', '=', 'inactive')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new PolypayError('terminal_not_found', { param: 'activation_code' });
    return {
      terminal: { ...terminal, status: 'active' as const, device_id: input.device_id, key_rotated_at: now },
      key,
    };
  });
}

/**
 * Daily check-in: proves the current key and gets a new one; the old key is dead from then on. A lost
 * answer may be repeated with the previous key (Shouqianba allows it), which returns the same new key.
 */
export async function checkinTerminal(
  deps: TerminalDeps,
  auth: Caller,
  sn: string,
  input: { terminal_key: string },
) {
  const now = deps.clock.now();
  return deps.store.db.transaction().execute(async (trx) => {
    const terminal = await trx
      .selectFrom('terminals')
      .selectAll()
      .where('merchant_id', '=', auth.merchantId)
      .where('store_id', 'in', storesOfMode(trx, auth))
      .where('sn', '=', sn)
      .executeTakeFirst();
    if (!terminal) throw notFound('terminal', sn, { code: 'terminal_not_found', param: 'sn' });
    if (terminal.status !== 'active' || !terminal.terminal_key_enc)
      throw new PolypayError('terminal_not_activated', { param: 'sn' });
    const current = deps.box.decrypt(terminal.terminal_key_enc);
    const previous = terminal.previous_key_enc ? deps.box.decrypt(terminal.previous_key_enc) : undefined;
    if (previous !== undefined && same(previous, input.terminal_key)) return { terminal, key: current };
    if (!same(current, input.terminal_key)) {
      throw new PolypayError('invalid_signature', {
        param: 'terminal_key',
        message: 'terminal_key is not the terminal’s current key.',
        messageZh: 'terminal_key 不是该终端当前的密钥',
      });
    }
    const key = newKey();
    await trx
      .updateTable('terminals')
      .set({
        terminal_key_enc: deps.box.encrypt(key),
        previous_key_enc: terminal.terminal_key_enc,
        key_rotated_at: now,
        updated_at: now,
      })
      .where('id', '=', terminal.id)
      .execute();
    return { terminal: { ...terminal, key_rotated_at: now }, key };
  });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
