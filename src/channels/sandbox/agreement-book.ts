import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';

/** Where the sandbox keeps its agreements, deductions and refunds: JSON records by key. */
export interface SandboxAgreementBook {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown, now: number): Promise<void>;
}

export class InMemorySandboxAgreementBook implements SandboxAgreementBook {
  readonly #records = new Map<string, string>();
  async get<T>(key: string): Promise<T | undefined> {
    const body = this.#records.get(key);
    return body === undefined ? undefined : (JSON.parse(body) as T);
  }
  async put(key: string, value: unknown): Promise<void> {
    this.#records.set(key, JSON.stringify(value));
  }
}

/** In the database, so a sandbox agreement survives a restart and is seen by every process. */
export class DatabaseSandboxAgreementBook implements SandboxAgreementBook {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }
  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.#db
      .selectFrom('sandbox_agreement_records')
      .select('body')
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.body) as T);
  }
  async put(key: string, value: unknown, now: number): Promise<void> {
    const body = JSON.stringify(value);
    await this.#db
      .insertInto('sandbox_agreement_records')
      .values({ key, body, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ body, updated_at: now }))
      .execute();
  }
}
