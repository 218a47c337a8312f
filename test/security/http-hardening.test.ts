/**
 * The HTTP layer's defences: bounded per-app caches, a trickling client cut off, /metrics behind a
 * token, unauthenticated routes rate-limited, the OpenAPI document built once, and API key kinds
 * enforced (restricted keys read, never write).
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiKey, updateAppSettings } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: HTTP hardening`, () => {
    let api: TestApi | undefined;
    afterEach(async () => {
      await api?.close();
      api = undefined;
    });

    it('keeps one parsed IP allow-list per app however often it changes', async () => {
      api = await startTestApi(dialect);
      for (let i = 0; i < 150; i += 1) {
        const list = ['127.0.0.1', `10.${i >> 8}.${i & 255}.0/24`];
        const updated = await api.request('POST', '/v1/app', { body: { ip_allowlist: list } });
        expect(updated.status, updated.text).toBe(200);
        expect((await api.request('GET', '/v1/app')).status).toBe(200);
      }
      expect(api.app.ipAllowLists.size).toBe(1);
      const other = await api.createMerchant('Other');
      await api.request('POST', '/v1/app', { key: other.secret_key, body: { ip_allowlist: ['127.0.0.1'] } });
      expect((await api.request('GET', '/v1/app', { key: other.secret_key })).status).toBe(200);
      expect(api.app.ipAllowLists.size).toBe(2);
      expect(api.app.ipAllowLists.capacity).toBeLessThanOrEqual(10_000);
      // A client outside the list is still refused (the cache follows the list).
      await updateAppSettings(api.store.db, api.merchant.app_id, { ipAllowlist: ['10.9.9.9'] });
      expect((await api.request('GET', '/v1/app')).status).toBe(403);
    });

    it('cuts off a client that trickles its request body', async () => {
      api = await startTestApi(dialect, { requestTimeoutMs: 300, timeoutCheckIntervalMs: 50 });
      const port = Number(new URL(api.url).port);
      const declared = 100_000;
      const socket = connect(port, '127.0.0.1');
      let sent = 0;
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('utf8');
      });
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => {});
      socket.write(
        `POST /v1/stores HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${api.merchant.secret_key}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
      );
      const trickle = setInterval(() => {
        if (socket.writable) {
          socket.write(' ');
          sent += 1;
        }
      }, 20);
      await closed;
      clearInterval(trickle);
      expect(sent).toBeLessThan(declared);
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    });

    it('serves /metrics only with the operator’s token', async () => {
      api = await startTestApi(dialect);
      const off = await api.request('GET', '/metrics', { key: null });
      expect(off.status).toBe(403);
      expect(off.body).toMatchObject({ code: 'permission_denied' });
      await api.close();

      api = await startTestApi(dialect, { metricsToken: 'the-operator-token' });
      expect((await api.request('GET', '/metrics', { key: null })).status).toBe(401);
      expect((await api.request('GET', '/metrics', { key: api.merchant.secret_key })).status).toBe(401);
      const on = await api.request('GET', '/metrics', { key: 'the-operator-token' });
      expect(on.status).toBe(200);
      expect(on.text).toContain('polypay_http_requests_total');
    });

    it('rate-limits unauthenticated routes per client, never the health probes', async () => {
      api = await startTestApi(dialect, { publicRateLimit: 5 });
      for (let i = 0; i < 5; i += 1) {
        expect((await api.request('GET', '/v1/errors/charge_closed', { key: null })).status).toBe(200);
      }
      const limited = await api.request<{ code: string; retryable: boolean }>('GET', '/openapi.json', {
        key: null,
      });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'rate_limit_exceeded', retryable: true });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await api.request('GET', '/nowhere', { key: null })).status).toBe(429);
      expect((await api.request('GET', '/healthz', { key: null })).status).toBe(200);
      // Authenticated routes are not counted here.
      expect((await api.request('GET', '/v1/app')).status).toBe(200);
    });

    it('builds the OpenAPI document once', async () => {
      api = await startTestApi(dialect);
      const swagger = vi.spyOn(api.app, 'swagger');
      const first = await api.request('GET', '/openapi.json', { key: null });
      const second = await api.request('GET', '/openapi.json', { key: null });
      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(swagger.mock.calls.length).toBeLessThanOrEqual(1);
      expect(first.headers.get('content-type')).toContain('application/json');
    });

    it('lets a restricted key read everything and change nothing; an operator key is refused', async () => {
      api = await startTestApi(dialect);
      const { merchant_id: merchantId, app_id: appId } = api.merchant;
      const created = await api.request<{ data: { id: string; key: string; kind: string; prefix: string } }>(
        'POST',
        '/v1/api_keys',
        { body: { kind: 'restricted' } },
      );
      expect(created.status, created.text).toBe(200);
      const restricted = created.body.data.key;
      expect(restricted).toMatch(/^rk_test_/);
      expect(created.body.data).toMatchObject({ kind: 'restricted', prefix: restricted.slice(0, 12) });
      const listed = await api.request<{ data: { items: { kind: string }[] } }>('GET', '/v1/api_keys', {
        key: restricted,
      });
      expect(listed.body.data.items.map((k) => k.kind)).toEqual(['restricted', 'secret']); // newest first
      expect(listed.text).not.toContain(restricted);
      const escalation = await api.request('POST', '/v1/api_keys', {
        key: restricted,
        body: { kind: 'restricted' },
      });
      expect(escalation.status).toBe(403);
      for (const path of ['/v1/app', '/v1/charges', '/v1/balance', '/v1/events', '/v1/webhook_endpoints']) {
        expect((await api.request('GET', path, { key: restricted })).status, path).toBe(200);
      }
      const write = await api.request('POST', '/v1/stores', { key: restricted, body: { name: 'S' } });
      expect(write.status).toBe(403);
      expect(write.body).toMatchObject({ code: 'permission_denied', param: 'Authorization' });
      const removal = await api.request('DELETE', '/v1/webhook_endpoints/we_x', { key: restricted });
      expect(removal.status).toBe(403);
      const operator = await createApiKey(api.store.db, {
        merchantId,
        appId,
        kind: 'operator',
        mode: 'test',
      });
      expect((await api.request('GET', '/v1/app', { key: operator })).status).toBe(403);

      const revoked = await api.request('DELETE', `/v1/api_keys/${created.body.data.id}`);
      expect(revoked.body).toMatchObject({ data: { status: 'revoked' } });
      expect((await api.request('GET', '/v1/app', { key: restricted })).status).toBe(401);
    });
  });
}
