import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { addTestRoutes } from '../helpers/test-routes.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: Idempotency-Key`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { beforeListen: addTestRoutes });
    });
    afterAll(async () => api?.close());

    it('replays the first response byte for byte, with Idempotent-Replayed: true', async () => {
      const key = `idem-${Date.now()}-a`;
      const first = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
      // The handler ran once: a third, new key runs it again and counts one more call than the first.
      const third = await api.request<{ data: { calls: number } }>('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': `${key}-other` },
      });
      expect(third.body.data.calls).toBe((first.body as { data: { calls: number } }).data.calls + 1);
    });

    it('replays a stored client error too', async () => {
      const key = `idem-${Date.now()}-err`;
      const first = await api.request('POST', '/v1/app', {
        body: { concurrency_limit: 0 },
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/app', {
        body: { concurrency_limit: 0 },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(400);
      expect(second.status).toBe(400);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses the same key with a different body (400 idempotency_key_reused)', async () => {
      const key = `idem-${Date.now()}-b`;
      expect(
        (await api.request('POST', '/v1/test/slow', { body: { ms: 1 }, headers: { 'idempotency-key': key } }))
          .status,
      ).toBe(200);
      const other = await api.request('POST', '/v1/test/slow', {
        body: { ms: 2 },
        headers: { 'idempotency-key': key },
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({
        code: 'idempotency_key_reused',
        param: 'Idempotency-Key',
        retryable: false,
      });
    });

    it('refuses a request whose twin is still in flight (409, retryable)', async () => {
      const key = `idem-${Date.now()}-c`;
      const slow = api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const twin = await api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      expect(twin.status).toBe(409);
      expect(twin.body).toMatchObject({ code: 'idempotency_request_in_progress', retryable: true });
      expect((await slow).status).toBe(200);
      const after = await api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      expect(after.headers.get('idempotent-replayed')).toBe('true');
    });

    it('runs the handler once when the same key arrives twice at once', async () => {
      const key = `idem-${Date.now()}-d`;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.request('POST', '/v1/test/slow', { body: { ms: 200 }, headers: { 'idempotency-key': key } }),
        ),
      );
      const ok = responses.filter((r) => r.status === 200);
      const busy = responses.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(busy).toHaveLength(4);
    });

    it('does not store server errors, so a retry runs again', async () => {
      const key = `idem-${Date.now()}-e`;
      const first = await api.request('POST', '/v1/test/boom', {
        body: {},
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/test/boom', {
        body: {},
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(500);
      expect(second.status).toBe(500);
      expect(second.headers.get('idempotent-replayed')).toBeNull();
    });

    it('keys belong to one app', async () => {
      const key = `idem-${Date.now()}-f`;
      const other = await api.createMerchant('Other app');
      const mine = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      const theirs = await api.request('POST', '/v1/test/slow', {
        key: other.secret_key,
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      expect(mine.status).toBe(200);
      expect(theirs.status).toBe(200);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    });

    it('refuses a malformed key', async () => {
      const response = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': 'x'.repeat(300) },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: 'Idempotency-Key' });
    });
  });
}
