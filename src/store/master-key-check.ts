import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { SecretBox } from './secret-box.js';

const CHECK_ID = 'master_key';

/**
 * Whether the database holds anything sealed with a master key (a check value, or an app's signing
 * secret, which every merchant has). Decides whether a missing key file may be replaced by a new key.
 */
export async function databaseHoldsSecrets(db: Kysely<Database>): Promise<boolean> {
  const check = await db.selectFrom('master_key_check').select('id').limit(1).executeTakeFirst();
  if (check) return true;
  const app = await db.selectFrom('apps').select('id').limit(1).executeTakeFirst();
  return app !== undefined;
}

/**
 * Proves at start-up that `box` holds the database's master key: decrypts the stored check value (or,
 * on a database from before the check existed, an app's signing secret), and writes the check value
 * when there is none. Throws, with a message for the operator, on a key that does not fit: better not
 * to start than to answer 500 to every signed request.
 */
export async function verifyMasterKey(db: Kysely<Database>, box: SecretBox, now: number): Promise<void> {
  const check = await db
    .selectFrom('master_key_check')
    .select('sealed')
    .where('id', '=', CHECK_ID)
    .executeTakeFirst();
  const sealed =
    check?.sealed ??
    (
      await db
        .selectFrom('apps')
        .select('signing_secret_enc')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
    )?.signing_secret_enc;
  if (sealed !== undefined) {
    try {
      box.decrypt(sealed);
    } catch (cause) {
      throw new Error(
        'the master key does not open this database’s secrets (POLYPAY_MASTER_KEY or the key file is not ' +
          'the one they were sealed with); refusing to start',
        { cause },
      );
    }
  }
  if (check) return;
  await db
    .insertInto('master_key_check')
    .values({ id: CHECK_ID, sealed: box.encrypt(randomBytes(16).toString('hex')), created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
