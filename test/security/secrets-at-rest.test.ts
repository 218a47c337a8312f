/**
 * No secret readable in any table: every secret the API hands out once (webhook secrets, terminal keys,
 * activation codes, API keys, signing secrets) is looked for in every text column of every table,
 * after requests made with Idempotency-Key (whose stored answers used to hold them in clear). Replays
 * still answer the secret, byte for byte.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { introspectTables } from '../helpers/introspection.js';
import { DIALECTS } from '../helpers/stores.js';

type Data<T> = { data: T };

/** Every string value of every table of the test's database, with where it was found. */
async function everyText(api: TestApi): Promise<{ where: string; value: string }[]> {
  const db = api.store.db;
  let schema: string | undefined;
  if (api.store.dialect === 'postgres') {
    schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  }
  const tables = (await introspectTables(db)).filter((table) => table.schema === schema);
  expect(tables.length).toBeGreaterThan(15);
  const found: { where: string; value: string }[] = [];
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db);
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string') found.push({ where: `${table.name}.${column}`, value });
      }
    }
  }
  return found;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: secrets at rest`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => api?.close());

    it('finds no secret it handed out in any text column, and replays still answer them', async () => {
      const secrets: string[] = [api.merchant.secret_key, api.merchant.signing_secret];
      const post = async <T>(path: string, body: unknown, key: string) => {
        const first = await api.request<Data<T>>('POST', path, { body, headers: { 'idempotency-key': key } });
        expect(first.status, first.text).toBe(200);
        const replay = await api.request<Data<T>>('POST', path, {
          body,
          headers: { 'idempotency-key': key },
        });
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.text).toBe(first.text);
        return first.body.data;
      };

      const endpoint = await post<{ id: string; secret: string }>(
        '/v1/webhook_endpoints',
        { url: 'https://hooks.example.com/a', enabled_events: ['*'] },
        'idem-endpoint',
      );
      secrets.push(endpoint.secret);
      const rotated = await post<{ secret: string }>(
        `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`,
        {},
        'idem-rotate',
      );
      secrets.push(rotated.secret);
      const store = await post<{ id: string }>('/v1/stores', { name: 'Front desk' }, 'idem-store');
      const terminal = await post<{ terminal: { sn: string }; activation_code: string }>(
        '/v1/terminals',
        { store_id: store.id },
        'idem-terminal',
      );
      secrets.push(terminal.activation_code);
      const activated = await post<{ terminal_key: string }>(
        '/v1/terminals/activate',
        { activation_code: terminal.activation_code, device_id: 'till-1' },
        'idem-activate',
      );
      secrets.push(activated.terminal_key);
      const checkin = await post<{ terminal_key: string }>(
        `/v1/terminals/${terminal.terminal.sn}/checkin`,
        { terminal_key: activated.terminal_key },
        'idem-checkin',
      );
      secrets.push(checkin.terminal_key);
      secrets.push(
        await createApiKey(api.store.db, {
          merchantId: api.merchant.merchant_id,
          appId: api.merchant.app_id,
          kind: 'restricted',
          mode: 'test',
        }),
      );

      const texts = await everyText(api);
      expect(texts.some((t) => t.where === 'idempotency_records.response_body')).toBe(true);
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThanOrEqual(8);
        const leaks = texts.filter((t) => t.value.includes(secret)).map((t) => t.where);
        expect({ secret: `${secret.slice(0, 4)}…`, leaks }).toEqual({
          secret: `${secret.slice(0, 4)}…`,
          leaks: [],
        });
      }
    });
  });
}
