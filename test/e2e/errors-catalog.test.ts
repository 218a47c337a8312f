import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';

interface CatalogEntry {
  code: string;
  http_status: number;
  category: string;
  retryable: boolean;
  retry_strategy: string;
  next_action: string;
  messages: { en: string; zh: string };
  customer_message: { en: string; zh: string };
  upstream: { provider: string; code: string; message: string }[];
}

const rows = readFileSync(new URL('../fixtures/seeds/codes.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [seed, provider, kind, code, group, message] = line.split('\t');
    return { seed, provider, kind, code, group, message };
  });
const upstreamErrors = rows.filter(
  (r) => r.provider !== 'aggregator' && (r.kind === 'error' || r.kind === 'failed_code'),
);

// The catalog is data and does not depend on the database: one dialect is enough here.
describe('error catalog over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
  });
  afterAll(async () => api?.close());

  it('GET /v1/errors lists every entry in the catalog form, without authentication', async () => {
    const response = await api.request<{ data: { items: CatalogEntry[] } }>('GET', '/v1/errors', {
      key: null,
    });
    expect(response.status).toBe(200);
    const items = response.body.data.items;
    expect(items.length).toBeGreaterThan(60);
    for (const entry of items) {
      expect(Object.keys(entry).sort()).toEqual(
        [
          'category',
          'code',
          'customer_message',
          'http_status',
          'messages',
          'next_action',
          'retry_strategy',
          'retryable',
          'upstream',
        ].sort(),
      );
    }
    const codes = new Set(items.map((e) => e.code));
    for (const row of rows.filter((r) => r.provider === 'aggregator' && r.kind === 'error')) {
      expect(codes.has(row.code ?? '')).toBe(true);
    }
  });

  it('GET /v1/errors/{code} shows one entry with the upstream codes that map to it', async () => {
    const response = await api.request<{ data: CatalogEntry }>('GET', '/v1/errors/channel_connection_error', {
      key: null,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.code).toBe('channel_connection_error');
    expect(response.body.data.messages.zh).toBe('支付渠道通讯异常');
    const missing = await api.request('GET', '/v1/errors/no_such_code', { key: null });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'resource_not_found', param: 'code' });
  });

  it('every upstream code of codes.tsv resolves through GET /v1/errors/lookup', async () => {
    for (const row of upstreamErrors) {
      const query = new URLSearchParams({
        provider: row.provider ?? '',
        code: row.code ?? '',
        message: row.message ?? '',
      });
      const response = await api.request<{
        data: { unified: CatalogEntry; upstream: { code: string; message: string } };
      }>('GET', `/v1/errors/lookup?${query}`, { key: null });
      expect(response.status, `${row.provider} ${row.code}`).toBe(200);
      expect(response.body.data.upstream.code).toBe(row.code);
      expect(response.body.data.upstream.message).toBe(row.message);
      expect(response.body.data.unified.upstream).toContainEqual({
        provider: row.provider,
        code: row.code,
        message: row.message,
      });
    }
  });

  it('bybit 139002005 is a retryable unified error', async () => {
    const response = await api.request<{ data: { unified: CatalogEntry } }>(
      'GET',
      '/v1/errors/lookup?provider=bybit&code=139002005',
      { key: null },
    );
    expect(response.status).toBe(200);
    expect(response.body.data.unified.retryable).toBe(true);
  });

  it('an unknown upstream code is 404', async () => {
    const response = await api.request('GET', '/v1/errors/lookup?provider=paycools&code=99999', {
      key: null,
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'resource_not_found', param: 'code' });
  });
});
