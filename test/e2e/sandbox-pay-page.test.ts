import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the sandbox pay page at pay_url`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    const wapCharge = async () => {
      const created = await api.request<{ data: { id: string; pay_url: string; status: string } }>(
        'POST',
        '/v1/charges',
        {
          body: {
            out_trade_no: uniqueNo('page'),
            amount: 1_234,
            currency: 'CNY',
            subject: 'Green tea <b>',
            payway: 'alipay',
            sub_payway: 'wap',
          },
        },
      );
      expect(created.status, created.text).toBe(200);
      return created.body.data;
    };
    const pathOf = (url: string) => new URL(url, api.url).pathname;

    for (const outcome of ['pay', 'decline'] as const) {
      it(`is a real HTML page where a person can ${outcome}`, async () => {
        const charge = await wapCharge();
        const shown = await fetch(`${api.url}${pathOf(charge.pay_url)}`);
        expect(shown.status).toBe(200);
        expect(shown.headers.get('content-type')).toContain('text/html');
        const html = await shown.text();
        expect(html).toContain('<!doctype html>');
        expect(html).toContain('CNY 12.34');
        expect(html).toContain('Green tea &#60;b&#62;');
        const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
        expect(action).toBeDefined();
        const pressed = await fetch(`${api.url}${action}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `outcome=${outcome}`,
        });
        expect(pressed.status, await pressed.clone().text()).toBe(200);
        const after = await api.request<{ data: { status: string } }>('GET', `/v1/charges/${charge.id}`);
        expect(after.body.data.status).toBe(outcome === 'pay' ? 'PAID' : 'PAY_CANCELED');
        const again = await fetch(`${api.url}${pathOf(charge.pay_url)}`);
        expect(await again.text()).toContain('This charge is decided.');
      });
    }

    it('answers 404 for an unknown charge', async () => {
      const missing = await fetch(`${api.url}/v1/sandbox/charges/ch_nope/pay`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('No such sandbox charge');
    });
  });
}
