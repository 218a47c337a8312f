import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForbiddenText } from '../../src/api/text-guard.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

const BAD = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
];
/** A printable string with one forbidden character somewhere in it. */
const printable = (text: string) =>
  [...text].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
const tainted = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...BAD), fc.string({ maxLength: 20 }))
  .map(([head, bad, tail]) => `${printable(head)}${bad}${printable(tail)}`);

const charge = (overrides: Record<string, unknown>) => ({
  out_trade_no: uniqueNo('cc'),
  amount: 100,
  currency: 'CNY',
  subject: 'Tea',
  payway: 'alipay',
  sub_payway: 'barcode',
  auth_code: buyerBarcode(),
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: control characters and lone surrogates are refused at the edge`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    const targets: { name: string; path: string; body: (s: string) => unknown; param: string }[] = [
      {
        name: 'charge subject',
        path: '/v1/charges',
        body: (s) => charge({ subject: `x${s}` }),
        param: 'subject',
      },
      {
        name: 'charge description',
        path: '/v1/charges',
        body: (s) => charge({ description: s }),
        param: 'description',
      },
      {
        name: 'metadata value',
        path: '/v1/charges',
        body: (s) => charge({ metadata: { note: s } }),
        param: 'metadata.note',
      },
      {
        name: 'metadata key',
        path: '/v1/charges',
        body: (s) => charge({ metadata: { [`k${s}`]: 'v' } }),
        param: `metadata.k`,
      },
      {
        name: 'webhook url',
        path: '/v1/webhook_endpoints',
        body: (s) => ({ url: `https://example.com/${s}`, enabled_events: ['*'] }),
        param: 'url',
      },
      { name: 'store name', path: '/v1/stores', body: (s) => ({ name: `s${s}` }), param: 'name' },
    ];
    for (const target of targets) {
      it(`${target.name}: 400 invalid_params with the field, never a 500`, async () => {
        await fc.assert(
          fc.asyncProperty(tainted, async (text) => {
            const body = target.body(text);
            const response = await api.request<{ code: string; param?: string }>('POST', target.path, {
              body,
            });
            expect(response.status, response.text).toBe(400);
            expect(response.body.code).toBe('invalid_params');
            if (target.param === 'metadata.k') expect(response.body.param).toMatch(/^metadata\.k/);
            else expect(response.body.param).toBe(target.param);
          }),
          { numRuns: 15 },
        );
      });
    }

    it('a query string with NUL is refused too', async () => {
      const response = await api.request<{ code: string; param?: string }>(
        'GET',
        '/v1/charges?out_trade_no=a%00b',
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: 'out_trade_no' });
    });

    it('tab, newline and CJK text pass', async () => {
      const response = await api.request('POST', '/v1/charges', {
        body: charge({ subject: '咖啡 ☕', description: 'line one\nline two\tend 😀' }),
      });
      expect(response.status, response.text).toBe(200);
    });
  });
}

describe('findForbiddenText', () => {
  it('names the path of the first bad string', () => {
    expect(findForbiddenText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toBe('a[1].c');
    expect(findForbiddenText({ a: '😀' })).toBeUndefined();
    expect(findForbiddenText({ a: '\ud83d' })).toBe('a');
  });
});
