import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDefinition } from '../../src/errors/lookup.js';
import { revokeKey, setMerchantStatus, updateAppSettings } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { addTestRoutes } from '../helpers/test-routes.js';

interface ErrorBody {
  code: string;
  message: string;
  request_id: string;
  retryable: boolean;
  next_action: string;
  param?: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: authentication and request signing`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { beforeListen: addTestRoutes });
    });
    afterAll(async () => api?.close());

    async function expectError(
      promise: Promise<{ status: number; body: unknown }>,
      status: number,
      code: string,
      param?: string,
    ) {
      const response = await promise;
      const body = response.body as ErrorBody;
      expect({ status: response.status, code: body.code }).toEqual({ status, code });
      expect(body.request_id).toMatch(/^req_/);
      expect(body.message.length).toBeGreaterThan(0);
      if (param !== undefined) expect(body.param).toBe(param);
      return body;
    }

    it('accepts a valid key', async () => {
      const response = await api.request('GET', '/v1/app');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ code: 0, message: 'success', data: { id: api.merchant.app_id } });
    });

    it('refuses a request without a key (401 missing_api_key)', async () => {
      await expectError(
        api.request('GET', '/v1/app', { key: null }),
        401,
        'missing_api_key',
        'Authorization',
      );
    });

    it('refuses an unknown key (401 invalid_api_key)', async () => {
      await expectError(
        api.request('GET', '/v1/app', { key: 'sk_test_doesnotexist000000000000000' }),
        401,
        'invalid_api_key',
        'Authorization',
      );
    });

    it('refuses a malformed Authorization header', async () => {
      await expectError(
        api.request('GET', '/v1/app', {
          key: null,
          headers: { authorization: `Basic ${api.merchant.secret_key}` },
        }),
        401,
        'invalid_api_key',
        'Authorization',
      );
    });

    it('refuses a revoked key', async () => {
      const other = await api.createMerchant('Revoked');
      expect((await api.request('GET', '/v1/app', { key: other.secret_key })).status).toBe(200);
      await revokeKey(api.store.db, { appId: other.app_id, key: other.secret_key, now: Date.now() });
      await expectError(api.request('GET', '/v1/app', { key: other.secret_key }), 401, 'invalid_api_key');
    });

    it('accepts a correctly signed request', async () => {
      const response = await api.request('POST', '/v1/app', { body: {}, sign: true });
      expect(response.status).toBe(200);
    });

    it('refuses a bad signature whenever one is sent (401 invalid_signature)', async () => {
      await expectError(
        api.request('POST', '/v1/app', { body: {}, sign: { secret: 'not-the-secret' } }),
        401,
        'invalid_signature',
        'X-Polypay-Signature',
      );
    });

    it('refuses a signature over another body', async () => {
      const response = await api.request('POST', '/v1/app', {
        body: { require_signature: false },
        sign: true,
      });
      expect(response.status).toBe(200);
      // Same headers, tampered body.
      const tampered = await fetch(`${api.url}/v1/app`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.merchant.secret_key}`,
          'content-type': 'application/json',
          'x-polypay-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-polypay-nonce': 'nonce-tampered-1',
          'x-polypay-signature': `v1=${'a'.repeat(64)}`,
        },
        body: JSON.stringify({ require_signature: true }),
      });
      expect(tampered.status).toBe(401);
      expect(((await tampered.json()) as ErrorBody).code).toBe('invalid_signature');
    });

    it('refuses a stale timestamp (401 timestamp_expired)', async () => {
      const stale = Math.floor(Date.now() / 1000) - 301;
      await expectError(
        api.request('POST', '/v1/app', { body: {}, sign: { timestamp: stale } }),
        401,
        'timestamp_expired',
        'X-Polypay-Timestamp',
      );
      const future = Math.floor(Date.now() / 1000) + 400;
      await expectError(
        api.request('POST', '/v1/app', { body: {}, sign: { timestamp: future } }),
        401,
        'timestamp_expired',
      );
    });

    it('refuses a replayed nonce (401 nonce_replayed)', async () => {
      const nonce = `replay-${Date.now()}`;
      expect((await api.request('POST', '/v1/app', { body: {}, sign: { nonce } })).status).toBe(200);
      await expectError(
        api.request('POST', '/v1/app', { body: {}, sign: { nonce } }),
        401,
        'nonce_replayed',
        'X-Polypay-Nonce',
      );
    });

    it('refuses a replayed nonce sent with an Idempotency-Key, and keeps no record of that key', async () => {
      const nonce = `replay-idem-${Date.now()}`;
      const first = await api.request('POST', '/v1/app', {
        body: {},
        sign: { nonce },
        headers: { 'idempotency-key': `first-${nonce}` },
      });
      expect(first.status, first.text).toBe(200);
      const key = `second-${nonce}`;
      await expectError(
        api.request('POST', '/v1/app', { body: {}, sign: { nonce }, headers: { 'idempotency-key': key } }),
        401,
        'nonce_replayed',
        'X-Polypay-Nonce',
      );
      // The refused request claimed nothing: the key runs normally with a fresh nonce.
      const retry = await api.request('POST', '/v1/app', {
        body: {},
        sign: { nonce: `${nonce}-b` },
        headers: { 'idempotency-key': key },
      });
      expect(retry.status, retry.text).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
    });

    it('refuses malformed signature headers with 400 naming the header', async () => {
      const base = {
        authorization: `Bearer ${api.merchant.secret_key}`,
        'x-polypay-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-polypay-nonce': 'abcdefgh123',
        'x-polypay-signature': `v1=${'0'.repeat(64)}`,
      };
      const cases: [Record<string, string>, string][] = [
        [{ ...base, 'x-polypay-timestamp': 'yesterday' }, 'X-Polypay-Timestamp'],
        [{ ...base, 'x-polypay-nonce': 'x' }, 'X-Polypay-Nonce'],
        [{ ...base, 'x-polypay-signature': 'sha256=abc' }, 'X-Polypay-Signature'],
      ];
      for (const [headers, param] of cases) {
        await expectError(
          api.request('GET', '/v1/app', { key: null, headers }),
          400,
          'invalid_signature_format',
          param,
        );
      }
    });

    it('demands a signature once the app requires one (401 signature_required)', async () => {
      const other = await api.createMerchant('Signed only');
      const enable = await api.request('POST', '/v1/app', {
        key: other.secret_key,
        body: { require_signature: true },
      });
      expect(enable.status).toBe(200);
      await expectError(
        api.request('GET', '/v1/app', { key: other.secret_key }),
        401,
        'signature_required',
        'X-Polypay-Signature',
      );
      const signed = await api.request('GET', '/v1/app', {
        key: other.secret_key,
        sign: { secret: other.signing_secret },
      });
      expect(signed.status).toBe(200);
    });

    it('refuses a caller outside the IP allow-list (403 ip_not_allowed)', async () => {
      const other = await api.createMerchant('Allow-listed');
      // The API refuses a list without the caller (a lock-out); one set by the operator applies as is.
      const set = await api.request('POST', '/v1/app', {
        key: other.secret_key,
        body: { ip_allowlist: ['10.1.2.0/24', '2001:db8::/32'] },
      });
      expect(set.status).toBe(400);
      expect(set.body).toMatchObject({ code: 'invalid_params', param: 'ip_allowlist' });
      expect(String(set.body.message)).toContain('polypay app reset-allowlist');
      await updateAppSettings(api.store.db, other.app_id, { ipAllowlist: ['10.1.2.0/24', '2001:db8::/32'] });
      await expectError(api.request('GET', '/v1/app', { key: other.secret_key }), 403, 'ip_not_allowed');
      // The loopback range lets the same app in again.
      const other2 = await api.createMerchant('Loopback allowed');
      await api.request('POST', '/v1/app', {
        key: other2.secret_key,
        body: { ip_allowlist: ['127.0.0.0/8'] },
      });
      expect((await api.request('GET', '/v1/app', { key: other2.secret_key })).status).toBe(200);
    });

    it('refuses requests over the app’s concurrency limit (403 concurrency_limit_exceeded)', async () => {
      const other = await api.createMerchant('Limited');
      await api.request('POST', '/v1/app', { key: other.secret_key, body: { concurrency_limit: 1 } });
      // /v1/test/slow is registered below only in this suite: it holds the request open.
      const slow = api.request('POST', '/v1/test/slow', { key: other.secret_key, body: { ms: 400 } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const body = await expectError(
        api.request('GET', '/v1/app', { key: other.secret_key }),
        403,
        'concurrency_limit_exceeded',
      );
      expect(body.retryable).toBe(true);
      expect((await slow).status).toBe(200);
      // Released once the slow request finished.
      expect((await api.request('GET', '/v1/app', { key: other.secret_key })).status).toBe(200);
    });

    it('refuses a disabled merchant', async () => {
      const other = await api.createMerchant('Disabled');
      await setMerchantStatus(api.store.db, other.merchant_id, 'disabled', Date.now());
      const status = getDefinition('merchant_disabled')?.httpStatus ?? 0;
      await expectError(
        api.request('GET', '/v1/app', { key: other.secret_key }),
        status,
        'merchant_disabled',
      );
    });
  });
}
