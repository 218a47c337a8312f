import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { addTestRoutes } from '../helpers/test-routes.js';

interface ErrorBody {
  code: string;
  message: string;
  request_id: string;
  param?: string;
  retryable: boolean;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bad input gets a clear 4xx naming the field`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { beforeListen: addTestRoutes, bodyLimit: 16 * 1024 });
    });
    afterAll(async () => api?.close());

    async function expectError(
      method: string,
      path: string,
      body: unknown,
      status: number,
      code: string,
      param?: string,
    ) {
      const response = await api.request<ErrorBody>(method, path, { body });
      expect({ status: response.status, code: response.body.code, param: response.body.param }).toEqual({
        status,
        code,
        param,
      });
      expect(response.body.request_id).toBe(response.headers.get('request-id'));
      return response.body;
    }

    it('malformed JSON → 400 invalid_json', async () => {
      await expectError('POST', '/v1/app', '{"require_signature": tru', 400, 'invalid_json');
      await expectError('POST', '/v1/app', '{"a":1}}', 400, 'invalid_json');
    });

    it('prototype-poisoning keys are refused, not merged', async () => {
      // Valid JSON refused for one key: the key is named, not called invalid JSON.
      await expectError(
        'POST',
        '/v1/app',
        '{"__proto__": {"admin": true}}',
        400,
        'invalid_params',
        '__proto__',
      );
    });

    it('wrong types → 400 invalid_params with the field', async () => {
      const body = await expectError(
        'POST',
        '/v1/app',
        { require_signature: 'yes' },
        400,
        'invalid_params',
        'require_signature',
      );
      expect(body.message).toContain('boolean');
      await expectError(
        'POST',
        '/v1/app',
        { concurrency_limit: '5' },
        400,
        'invalid_params',
        'concurrency_limit',
      );
      await expectError('POST', '/v1/app', { ip_allowlist: [1] }, 400, 'invalid_params', 'ip_allowlist[0]');
      await expectError('POST', '/v1/app', [1, 2], 400, 'invalid_params', 'body');
    });

    it('out-of-range numbers → 400 invalid_params with the field', async () => {
      await expectError(
        'POST',
        '/v1/app',
        { concurrency_limit: 0 },
        400,
        'invalid_params',
        'concurrency_limit',
      );
      await expectError(
        'POST',
        '/v1/app',
        { concurrency_limit: 1e9 },
        400,
        'invalid_params',
        'concurrency_limit',
      );
      await expectError(
        'POST',
        '/v1/app',
        { concurrency_limit: 2.5 },
        400,
        'invalid_params',
        'concurrency_limit',
      );
      await expectError('POST', '/v1/test/slow', { ms: -1 }, 400, 'invalid_params', 'ms');
    });

    it('unknown enum values → 400 invalid_params listing the allowed values', async () => {
      const response = await api.request<ErrorBody>('GET', '/v1/errors/lookup?provider=visa&code=05', {
        key: null,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_params');
      expect(response.body.param).toBe('provider');
    });

    it('invalid values that pass the schema → 400 naming the element', async () => {
      await expectError(
        'POST',
        '/v1/app',
        { ip_allowlist: ['127.0.0.1', 'not-an-ip'] },
        400,
        'invalid_params',
        'ip_allowlist[1]',
      );
      await expectError(
        'POST',
        '/v1/app',
        { ip_allowlist: ['10.0.0.0/33'] },
        400,
        'invalid_params',
        'ip_allowlist[0]',
      );
    });

    it('missing required parameter → 400 missing_param', async () => {
      await expectError('POST', '/v1/test/slow', {}, 400, 'missing_param', 'ms');
      const response = await api.request<ErrorBody>('GET', '/v1/errors/lookup?provider=bybit', { key: null });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'missing_param', param: 'code' });
    });

    it('unknown parameter → 400 invalid_params naming it', async () => {
      await expectError(
        'POST',
        '/v1/app',
        { require_signatures: true },
        400,
        'invalid_params',
        'require_signatures',
      );
    });

    it('oversized body → 413 request_too_large', async () => {
      const big = { ip_allowlist: Array.from({ length: 2000 }, () => '192.168.100.100') };
      await expectError('POST', '/v1/app', big, 413, 'request_too_large');
    });

    it('non-JSON content type → 415', async () => {
      const response = await api.request<ErrorBody>('POST', '/v1/app', {
        body: 'a=1',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported_media_type');
    });

    it('unknown route → 404 route_not_found in the envelope', async () => {
      const response = await api.request<ErrorBody>('GET', '/v1/nothing-here');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('route_not_found');
      const bare = await api.request<ErrorBody>('DELETE', '/nope', { key: null });
      expect(bare.status).toBe(404);
      expect(bare.body.code).toBe('route_not_found');
    });

    it('unexpected exception → 500 with request_id and no internals', async () => {
      const response = await api.request<ErrorBody>('POST', '/v1/test/boom', { body: {} });
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('internal_error');
      expect(response.body.request_id).toMatch(/^req_/);
      expect(response.body.retryable).toBe(true);
      expect(response.text).not.toContain('secret internal detail');
      expect(response.text).not.toMatch(/\bat \S+:\d+/);
    });

    it('a failed request writes nothing', async () => {
      const before = await api.request<{ data: unknown }>('GET', '/v1/app');
      await expectError(
        'POST',
        '/v1/app',
        { require_signature: true, concurrency_limit: -5 },
        400,
        'invalid_params',
        'concurrency_limit',
      );
      await expectError(
        'POST',
        '/v1/app',
        { concurrency_limit: 3, ip_allowlist: ['bad'] },
        400,
        'invalid_params',
        'ip_allowlist[0]',
      );
      const after = await api.request<{ data: unknown }>('GET', '/v1/app');
      expect(after.body.data).toEqual(before.body.data);
    });
  });
}
