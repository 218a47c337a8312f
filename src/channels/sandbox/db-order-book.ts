import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import type { BuyerAction, SandboxOrderBook } from './order-book.js';

/** The sandbox's buyer actions kept in the database, so they survive a restart like everything else. */
export class DatabaseSandboxOrderBook implements SandboxOrderBook {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async getBuyerAction(chargeId: string): Promise<BuyerAction | undefined> {
    const row = await this.#db
      .selectFrom('sandbox_buyer_actions')
      .select(['kind', 'at', 'buyer_id'])
      .where('charge_id', '=', chargeId)
      .executeTakeFirst();
    return row ? { kind: row.kind, at: row.at, buyerId: row.buyer_id } : undefined;
  }

  async setBuyerAction(chargeId: string, action: BuyerAction): Promise<void> {
    const charge = await this.#db
      .selectFrom('charges')
      .select('merchant_id')
      .where('id', '=', chargeId)
      .executeTakeFirst();
    if (!charge) throw new Error(`no charge ${chargeId}`);
    await this.#db
      .insertInto('sandbox_buyer_actions')
      .values({
        charge_id: chargeId,
        merchant_id: charge.merchant_id,
        kind: action.kind,
        buyer_id: action.buyerId,
        at: action.at,
      })
      .onConflict((oc) =>
        oc.column('charge_id').doUpdateSet({ kind: action.kind, buyer_id: action.buyerId, at: action.at }),
      )
      .execute();
  }
}
