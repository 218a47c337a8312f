import type { Kysely } from 'kysely';
import { type Database, loadConnectorState, type SecretBox, saveConnectorState } from '../store/index.js';
import type { ConnectorStateStore } from './kit/connector.js';

/** A connector's state kept encrypted on its channel configuration's row (`state_enc`). */
export class DatabaseConnectorState implements ConnectorStateStore {
  readonly #db: Kysely<Database>;
  readonly #box: SecretBox;
  readonly #config: { readonly id: string; readonly merchantId: string };

  constructor(options: {
    db: Kysely<Database>;
    box: SecretBox;
    config: { readonly id: string; readonly merchantId: string };
  }) {
    this.#db = options.db;
    this.#box = options.box;
    this.#config = options.config;
  }

  async load(): Promise<Readonly<Record<string, string>> | undefined> {
    const sealed = await loadConnectorState(this.#db, this.#config);
    if (sealed === null || sealed === undefined) return undefined;
    return parseStringRecord(this.#box.decrypt(sealed), `state of channel config ${this.#config.id}`);
  }

  async save(state: Readonly<Record<string, string>>): Promise<void> {
    const sealed = this.#box.encrypt(JSON.stringify(state));
    await saveConnectorState(this.#db, this.#config, sealed);
  }
}

/** A JSON object of strings (credentials, connector state); anything else is a corrupted row. */
export function parseStringRecord(text: string, what: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'string')
  ) {
    throw new Error(`${what} is not a JSON object of strings`);
  }
  return value as Record<string, string>;
}
