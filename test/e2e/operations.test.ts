import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

const METRICS_TOKEN = 'metrics-token-for-tests';

for (const dialect of DIALECTS) {
  describe(`${dialect}: health, metrics and API documents`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { metricsToken: METRICS_TOKEN });
    });
    afterAll(async () => api?.close());

    it('/healthz and /readyz answer in the envelope', async () => {
      expect((await api.request('GET', '/healthz', { key: null })).body).toEqual({
        code: 0,
        message: 'success',
        data: { status: 'ok' },
      });
      const ready = await api.request('GET', '/readyz', { key: null });
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ data: { status: 'ready', database: dialect } });
    });

    it('/metrics exposes Prometheus text with request counters by route pattern', async () => {
      await api.request('GET', '/v1/errors/charge_closed', { key: null });
      const metrics = await api.request('GET', '/metrics', { key: METRICS_TOKEN });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(metrics.text).toMatch(
        /polypay_http_requests_total\{method="GET",route="\/v1\/errors\/:code",status="200"\} \d+/,
      );
      expect(metrics.text).toContain('polypay_http_request_duration_seconds_bucket');
      expect(metrics.text).toContain('polypay_process_cpu_seconds_total');
    });

    it('/openapi.json is generated from the route schemas', async () => {
      const response = await api.request<{ openapi: string; paths: Record<string, unknown> }>(
        'GET',
        '/openapi.json',
        { key: null },
      );
      expect(response.status).toBe(200);
      expect(response.body.openapi).toBe('3.0.3');
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/errors',
          '/v1/errors/lookup',
          '/v1/errors/{code}',
          '/v1/app',
          '/healthz',
        ]),
      );
    });

    it('/docs serves the OpenAPI UI', async () => {
      const response = await fetch(`${api.url}/docs/`, { redirect: 'follow' });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger-ui');
    });

    it('every response carries a request id', async () => {
      const response = await api.request('GET', '/healthz', { key: null });
      expect(response.headers.get('request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    });
  });
}
