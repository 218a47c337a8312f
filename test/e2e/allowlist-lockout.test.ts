import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { updateAppSettings } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: an IP allow-list cannot lock its own app out`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    it('refuses a list without the caller, accepts one with it', async () => {
      const refused = await api.request<{ code: string; param: string; message: string }>('POST', '/v1/app', {
        body: { ip_allowlist: ['203.0.113.0/24'] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'invalid_params', param: 'ip_allowlist' });
      expect(refused.body.message).toContain('127.0.0.1');
      expect((await api.request('GET', '/v1/app')).status).toBe(200);
      const accepted = await api.request('POST', '/v1/app', {
        body: { ip_allowlist: ['203.0.113.0/24', '127.0.0.1'] },
      });
      expect(accepted.status, accepted.text).toBe(200);
      expect((await api.request('POST', '/v1/app', { body: { ip_allowlist: null } })).status).toBe(200);
    });
  });

  describe(`${dialect}: trustProxy decides which address the allow-list sees`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { trustProxy: '127.0.0.1' });
    });
    afterAll(() => api?.close());

    it('behind a trusted proxy, X-Forwarded-For is the client', async () => {
      await updateAppSettings(api.store.db, api.merchant.app_id, { ipAllowlist: ['203.0.113.7'] });
      const forwarded = await api.request('GET', '/v1/app', {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(forwarded.status, forwarded.text).toBe(200);
      expect((await api.request('GET', '/v1/app')).status).toBe(403);
      const set = await api.request('POST', '/v1/app', {
        headers: { 'x-forwarded-for': '203.0.113.7' },
        body: { ip_allowlist: ['203.0.113.7', '198.51.100.0/24'] },
      });
      expect(set.status, set.text).toBe(200);
    });
  });
}

describe('settings that make a setup predictable', () => {
  it('POLYPAY_TRUST_PROXY reads as Fastify expects it', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => parseTrustProxy('everyone')).toThrow(/POLYPAY_TRUST_PROXY/);
    expect(loadConfig({}, { POLYPAY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('the database and master key are found in the data directory, whatever the working directory', () => {
    const set = loadConfig({}, { POLYPAY_DATA_DIR: '/srv/polypay' });
    expect(set.databaseUrl).toBe('sqlite:/srv/polypay/polypay.db');
    expect(set.masterKeyFile).toBe('/srv/polypay/master.key');
    const here = loadConfig({}, {});
    const cwd = process.cwd();
    process.chdir('/tmp');
    try {
      expect(loadConfig({}, {})).toEqual(here);
    } finally {
      process.chdir(cwd);
    }
    expect(here.masterKeyFile.startsWith('/')).toBe(true);
    expect(loadConfig({}, { POLYPAY_DATABASE_URL: 'postgres://x/y' }).databaseUrl).toBe('postgres://x/y');
  });
});
