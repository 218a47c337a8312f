import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { magicBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface ErrorBody {
  code: string;
  message: string;
  param?: string;
  request_id: string;
  customer_message: string;
  doc_url: string;
  charge_id?: string;
}

const charge = (overrides: Record<string, unknown> = {}) => ({
  out_trade_no: uniqueNo('env'),
  amount: 100,
  currency: 'CNY',
  subject: 'Tea',
  payway: 'alipay',
  sub_payway: 'barcode',
  auth_code: magicBarcode('00'),
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: every answer is an envelope that says what to do`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    it('an enum error lists the allowed values', async () => {
      const response = await api.request<ErrorBody>('POST', '/v1/charges', {
        body: charge({ currency: 'XYZ' }),
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: 'currency' });
      expect(response.body.message).toMatch(/^currency must be one of: .*CNY/);
      expect(response.body.message).not.toContain('constant');
    });

    it('a __proto__ key is named, not called invalid JSON', async () => {
      const response = await api.request<ErrorBody>('POST', '/v1/charges', {
        body: `{"amount":1,"__proto__":{"x":1}}`,
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: '__proto__' });
      const garbled = await api.request<ErrorBody>('POST', '/v1/charges', { body: '{"amount":' });
      expect(garbled.body.code).toBe('invalid_json');
    });

    it('an over-long id answers the envelope with a request id, not a raw 414', async () => {
      const response = await api.request<ErrorBody>('GET', `/v1/charges/ch_${'x'.repeat(200)}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: 'path' });
      expect(response.body.request_id).toMatch(/^req_/);
      expect(response.headers.get('request-id')).toBe(response.body.request_id);
    });

    it('oversized headers answer the envelope, not a raw 431', async () => {
      const response = await fetch(`${api.url}/v1/charges`, { headers: { 'x-big': 'y'.repeat(20_000) } });
      expect(response.status).toBe(431);
      const body = (await response.json()) as ErrorBody;
      expect(body).toMatchObject({ code: 'request_too_large', param: 'headers' });
      expect(body.request_id).toMatch(/^req_/);
    });

    it('Accept-Language: zh-CN answers in Chinese; customer_message and doc_url are always there', async () => {
      const english = await api.request<ErrorBody>('GET', '/v1/charges/ch_missing');
      expect(english.status).toBe(404);
      expect(english.body.doc_url).toBe('/v1/errors/resource_not_found');
      expect(english.body.customer_message.length).toBeGreaterThan(0);
      const chinese = await api.request<ErrorBody>('GET', '/v1/charges/ch_missing', {
        headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      });
      expect(chinese.body.code).toBe('resource_not_found');
      expect(chinese.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(chinese.body.customer_message).toMatch(/[\u4e00-\u9fff]/);
      const doc = await api.request<{ data: { code: string } }>('GET', english.body.doc_url, { key: null });
      expect(doc.body.data.code).toBe('resource_not_found');
    });

    it("in Chinese, a refusal's detail is Chinese too and keeps its figure (refund_amount_exceeded)", async () => {
      const paid = await api.request<{ data: { id: string; status: string } }>('POST', '/v1/charges', {
        body: charge({ amount: 1000 }),
      });
      expect(paid.body.data.status).toBe('PAID');
      const path = `/v1/charges/${paid.body.data.id}/refunds`;
      const first = await api.request('POST', path, { body: { amount: 300, refund_no: uniqueNo('rf') } });
      expect(first.status, first.text).toBe(200);
      const zh = await api.request<ErrorBody>('POST', path, {
        body: { amount: 800, refund_no: uniqueNo('rf') },
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(zh.status).toBe(402);
      expect(zh.body).toMatchObject({ code: 'refund_amount_exceeded', param: 'amount' });
      expect(zh.body.message).toContain('700');
      // No English sentence: no run of Latin words in the message.
      expect(zh.body.message).not.toMatch(/[A-Za-z]{2,}\s+[A-Za-z]{2,}/);
      const en = await api.request<ErrorBody>('POST', path, {
        body: { amount: 800, refund_no: uniqueNo('rf') },
      });
      expect(en.body.message).toBe('at most 700 minor units can still be refunded');
    });

    it('a declined charge names the charge it stored, and lookup?provider=sandbox explains its channel error', async () => {
      const declined = await api.request<ErrorBody & { channel_error: { provider: string; code: string } }>(
        'POST',
        '/v1/charges',
        { body: charge({ auth_code: magicBarcode('01') }) },
      );
      expect(declined.status).toBe(402);
      expect(declined.body.charge_id).toMatch(/^ch_/);
      const stored = await api.request<{ data: { status: string } }>(
        'GET',
        `/v1/charges/${declined.body.charge_id}`,
      );
      expect(stored.body.data.status).toBe('PAY_CANCELED');
      expect(declined.body.channel_error.provider).toBe('sandbox');
      const lookup = await api.request<{ data: { unified: { code: string } } }>(
        'GET',
        `/v1/errors/lookup?provider=sandbox&code=${encodeURIComponent(declined.body.channel_error.code)}`,
        { key: null },
      );
      expect(lookup.status, lookup.text).toBe(200);
      expect(lookup.body.data.unified.code).toBe(declined.body.code);
      const own = await api.request<{ data: { unified: { code: string } } }>(
        'GET',
        '/v1/errors/lookup?provider=sandbox&code=PAY_FAIL_ERROR',
        { key: null },
      );
      expect(own.body.data.unified.code).toBe('channel_unexpected_error');
    });
  });
}
