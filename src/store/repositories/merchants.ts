import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../domain/ids.js';
import { inTransaction } from '../dialect.js';
import { noteSettingsChanged } from '../read-cache.js';
import type { AppMode, Database, EpochMs, Merchant, MerchantStatus } from '../schema.js';
import type { SecretBox } from '../secret-box.js';
import { createApiKey } from './api-keys.js';

export interface CreateMerchantInput {
  readonly name: string;
  readonly mode: AppMode;
  /** IANA time zone of the merchant's business day (default Asia/Shanghai). */
  readonly timeZone?: string;
  /** Ids to use instead of fresh random ones (tests, imports). */
  readonly ids?: { readonly merchantId?: string; readonly appId?: string; readonly keyId?: string };
  readonly now: EpochMs;
}

/** What the merchant is given once; the key and the secret are not retrievable later. */
export interface CreatedMerchant {
  readonly merchant_id: string;
  readonly app_id: string;
  readonly secret_key: string;
  readonly signing_secret: string;
}

/**
 * Creates a merchant with one app and one secret key, in one transaction. The signing secret is stored
 * encrypted; the key only as its sha256 hash.
 */
export async function createMerchantWithApp(
  db: Kysely<Database>,
  box: SecretBox,
  input: CreateMerchantInput,
): Promise<CreatedMerchant> {
  const merchantId = input.ids?.merchantId ?? newId('mch');
  const appId = input.ids?.appId ?? newId('app');
  const signingSecret = randomBytes(32).toString('hex');
  const { now } = input;
  if (input.timeZone !== undefined) assertTimeZone(input.timeZone);
  const secretKey = await inTransaction(db, async (trx) => {
    await trx
      .insertInto('merchants')
      .values({
        id: merchantId,
        name: input.name,
        ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('apps')
      .values({
        id: appId,
        merchant_id: merchantId,
        name: `${input.name} ${input.mode} app`,
        mode: input.mode,
        signing_secret_enc: box.encrypt(signingSecret),
        ip_allowlist: null,
        concurrency_limit: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return createApiKey(trx, {
      merchantId,
      appId,
      kind: 'secret',
      mode: input.mode,
      now,
      ...(input.ids?.keyId !== undefined ? { id: input.ids.keyId } : {}),
    });
  });
  return { merchant_id: merchantId, app_id: appId, secret_key: secretKey, signing_secret: signingSecret };
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as Asia/Shanghai)`);
  }
}

export async function countMerchants(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('merchants')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function getMerchant(db: Kysely<Database>, merchantId: string): Promise<Merchant | undefined> {
  return db.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst();
}

/**
 * Enables or disables a merchant (a disabled merchant's keys are refused, from the next request on: the
 * read caches drop what they hold); true when it exists.
 */
export async function setMerchantStatus(
  db: Kysely<Database>,
  merchantId: string,
  status: MerchantStatus,
  now: EpochMs,
): Promise<boolean> {
  const result = await db
    .updateTable('merchants')
    .set({ status, updated_at: now })
    .where('id', '=', merchantId)
    .executeTakeFirst();
  noteSettingsChanged();
  return result.numUpdatedRows > 0n;
}
