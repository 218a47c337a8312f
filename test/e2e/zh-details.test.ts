import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { magicBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface ErrorBody {
  code: string;
  message: string;
  param?: string;
}

const ZH = { 'accept-language': 'zh-CN' };

/** Two Latin words in a row: an English sentence (or its start). */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}\s+[A-Za-z]{2,}/;
/** Ids, codes and field names (ch_…, starting_after, enabled_events[0], charge.nope) stay as they are. */
const IDENTIFIER = /[A-Za-z0-9]+(?:[_.[\]-]+[A-Za-z0-9\]]*)+/g;

/** The catalog's Chinese message, then the thrower's detail in Chinese, keeping what it names. */
function expectChineseDetail(body: ErrorBody, ...kept: string[]): void {
  expect(body.message, body.message).toMatch(/^[^（]*[\u4e00-\u9fff][^（]*（.*[\u4e00-\u9fff].*）$/);
  expect(body.message.replace(IDENTIFIER, '#'), body.message).not.toMatch(ENGLISH_SENTENCE);
  for (const text of kept) expect(body.message).toContain(text);
}

const barcodeCharge = (overrides: Record<string, unknown> = {}) => ({
  out_trade_no: uniqueNo('zh'),
  amount: 100,
  currency: 'CNY',
  subject: 'Tea',
  payway: 'alipay',
  sub_payway: 'barcode',
  auth_code: magicBarcode('00'),
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: asked in Chinese, the detail of an error is Chinese too`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    const ask = (method: string, path: string, body?: unknown) =>
      api.request<ErrorBody>(method, path, { headers: ZH, ...(body === undefined ? {} : { body }) });

    it.each([
      ['/v1/charges/ch_missing', 'resource_not_found', 'ch_missing'],
      ['/v1/refunds/re_missing', 'resource_not_found', 're_missing'],
      ['/v1/webhook_endpoints/we_missing', 'resource_not_found', 'we_missing'],
      ['/v1/agreements/agr_missing', 'agreement_not_found', 'agr_missing'],
      ['/v1/events/evt_missing', 'resource_not_found', 'evt_missing'],
      ['/v1/channel_configs/cc_missing', 'resource_not_found', 'cc_missing'],
    ])('a missing object: GET %s', async (path, code, id) => {
      const answer = await ask('GET', path);
      expect(answer.status, answer.text).toBe(404);
      expect(answer.body.code).toBe(code);
      expectChineseDetail(answer.body, id, '不存在');
      // The English answer is unchanged.
      const english = await api.request<ErrorBody>('GET', path);
      expect(english.body.message).toMatch(new RegExp(`^No [a-z ]+ ${id}\\.$`));
    });

    it('a cursor this API did not return', async () => {
      const answer = await ask('GET', '/v1/charges?starting_after=not-a-cursor');
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_params', param: 'starting_after' });
      expectChineseDetail(answer.body, 'starting_after', 'next_cursor');
    });

    it('create-charge refusals: no auth_code, an expiry on a barcode charge, a reused out_trade_no', async () => {
      const noCode = await ask('POST', '/v1/charges', barcodeCharge({ auth_code: undefined }));
      expect(noCode.status, noCode.text).toBe(400);
      expect(noCode.body).toMatchObject({ code: 'missing_param', param: 'auth_code' });
      expectChineseDetail(noCode.body, 'auth_code', '付款码');

      const expiring = await ask('POST', '/v1/charges', barcodeCharge({ expires_in_seconds: 60 }));
      expect(expiring.status, expiring.text).toBe(400);
      expect(expiring.body).toMatchObject({ code: 'invalid_params', param: 'expires_in_seconds' });
      expectChineseDetail(expiring.body, 'barcode', 'expires_in_seconds');

      const first = barcodeCharge();
      const paid = await api.request('POST', '/v1/charges', { body: first });
      expect(paid.status, paid.text).toBe(200);
      const reused = await ask('POST', '/v1/charges', { ...first, amount: 200 });
      expect(reused.status, reused.text).toBe(402);
      expect(reused.body).toMatchObject({ code: 'charge_order_no_used', param: 'out_trade_no' });
      expectChineseDetail(reused.body, first.out_trade_no, '另一笔订单');
    });

    it('schema violations: an unknown parameter, a number over its bound', async () => {
      const answer = await ask('POST', '/v1/charges', barcodeCharge({ colour: 'red' }));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_params', param: 'colour' });
      expectChineseDetail(answer.body, 'colour');

      const tooMany = await ask('GET', '/v1/charges?limit=1000');
      expect(tooMany.status, tooMany.text).toBe(400);
      expect(tooMany.body).toMatchObject({ code: 'invalid_params', param: 'limit' });
      expectChineseDetail(tooMany.body, 'limit 不能大于 100');
    });

    it('webhook endpoint validation: a URL that is not http(s), an unknown event type', async () => {
      const ftp = await ask('POST', '/v1/webhook_endpoints', {
        url: 'ftp://example.com/hook',
        enabled_events: ['charge.succeeded'],
      });
      expect(ftp.status, ftp.text).toBe(400);
      expect(ftp.body).toMatchObject({ code: 'invalid_params', param: 'url' });
      expectChineseDetail(ftp.body, 'https');

      const unknown = await ask('POST', '/v1/webhook_endpoints', {
        url: 'https://example.com/hook',
        enabled_events: ['charge.nope'],
      });
      expect(unknown.status, unknown.text).toBe(400);
      expect(unknown.body).toMatchObject({ code: 'invalid_params', param: 'enabled_events[0]' });
      expectChineseDetail(unknown.body, 'charge.nope', '事件类型');
    });
  });
}
