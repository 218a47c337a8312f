import { createSign, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database, SecretBox } from '../../store/index.js';

export interface WebhookKeyPair {
  /** PEM (SPKI), shown to the merchant to verify `x-pingplusplus-signature`. */
  readonly publicKey: string;
  /** PEM (PKCS#8), never shown. */
  readonly privateKey: string;
}

/**
 * The RSA key pair that signs an app's Ping++-format webhooks, made on first use. Two first uses at once
 * both generate one, but only the first write is kept (`where … is null`) and both read that back, so an
 * app has one key pair for good.
 */
export async function webhookKeyPair(
  db: Kysely<Database>,
  box: SecretBox,
  appId: string,
  now: number,
): Promise<WebhookKeyPair> {
  const stored = await read(db, box, appId);
  if (stored) return stored;
  // Generated off the event loop: a 2048-bit key takes tens of milliseconds or more.
  const pair = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await db
    .updateTable('apps')
    .set({
      pingpp_webhook_public_key: pair.publicKey,
      pingpp_webhook_private_key_enc: box.encrypt(pair.privateKey),
      updated_at: now,
    })
    .where('id', '=', appId)
    .where('pingpp_webhook_public_key', 'is', null)
    .execute();
  const kept = await read(db, box, appId);
  if (!kept) throw new Error(`no app ${appId}`);
  return kept;
}

async function read(
  db: Kysely<Database>,
  box: SecretBox,
  appId: string,
): Promise<WebhookKeyPair | undefined> {
  const row = await db
    .selectFrom('apps')
    .select(['pingpp_webhook_public_key', 'pingpp_webhook_private_key_enc'])
    .where('id', '=', appId)
    .executeTakeFirst();
  if (!row?.pingpp_webhook_public_key || !row.pingpp_webhook_private_key_enc) return undefined;
  return {
    publicKey: row.pingpp_webhook_public_key,
    privateKey: box.decrypt(row.pingpp_webhook_private_key_enc),
  };
}

/** Base64 RSA-SHA256 over the raw body, as Ping++ signs its webhooks. */
export function rsaSignBody(body: string, privateKey: string): string {
  return createSign('RSA-SHA256').update(body, 'utf8').sign(privateKey, 'base64');
}
