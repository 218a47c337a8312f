import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFICATION_RESULT_HEADER } from '../../src/api/routes/channel-notifications.js';
import { getChargeById } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  PLAIN_TEST_PROVIDER,
  startTestProvider,
  TEST_PROVIDER,
  TEST_PROVIDERS,
  type TestProvider,
} from '../helpers/test-provider.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: provider notifications`, () => {
    let api: TestApi;
    let provider: TestProvider;
    let configId: string;
    let notifyUrl: string;
    let charge: { id: string; out_trade_no: string };

    beforeEach(async () => {
      provider = await startTestProvider();
      api = await startTestApi(dialect, { providers: TEST_PROVIDERS });
      const config = await api.request<{ data: { id: string } }>('POST', '/v1/channel_configs', {
        body: {
          provider: TEST_PROVIDER,
          payways: ['alipay'],
          sub_payways: ['qrcode', 'barcode'],
          currencies: ['CNY'],
          base_url: provider.url,
          credentials: { merchant_no: provider.merchantNo, secret: provider.secret },
        },
      });
      configId = config.body.data.id;
      notifyUrl = `${api.url}/v1/channel_notifications/${TEST_PROVIDER}/${configId}`;
      const created = await api.request<{ data: { id: string; out_trade_no: string; status: string } }>(
        'POST',
        '/v1/charges',
        {
          body: {
            out_trade_no: uniqueNo(),
            amount: 880,
            currency: 'CNY',
            subject: 'Dumplings',
            payway: 'alipay',
            sub_payway: 'qrcode',
          },
        },
      );
      expect(created.body.data.status).toBe('CREATED');
      charge = created.body.data;
    });
    afterEach(async () => {
      await api.close();
      await provider.close();
    });

    const queries = () => provider.calls.filter((c) => c === '/query').length;
    const statusOf = async () => (await getChargeById(api.store.db, charge.id))?.status;

    it('a good notification makes the gateway query the provider, which settles the charge', async () => {
      provider.markPaid(charge.out_trade_no);
      const before = queries();
      const answer = await provider.notify(notifyUrl, { out_trade_no: charge.out_trade_no, status: 'PAID' });
      expect(answer).toMatchObject({ status: 200, body: 'success' });
      expect(answer.headers.get(NOTIFICATION_RESULT_HEADER)).toBeNull();
      expect(queries()).toBe(before + 1);
      expect(await statusOf()).toBe('PAID');
    });

    it('the notification is not the truth: one that says PAID while the provider says not yet changes nothing', async () => {
      const answer = await provider.notify(notifyUrl, { out_trade_no: charge.out_trade_no, status: 'PAID' });
      expect(answer.status).toBe(200);
      expect(await statusOf()).toBe('CREATED');
    });

    it('also finds the charge by the provider trade number', async () => {
      provider.markPaid(charge.out_trade_no);
      const tradeNo = provider.orders.get(charge.out_trade_no)!.tradeNo;
      // The trade number is known to the gateway once an answer carried it (the precreate did).
      const answer = await provider.notify(notifyUrl, { trade_no: tradeNo });
      expect(answer).toMatchObject({ status: 200, body: 'success' });
      expect(await statusOf()).toBe('PAID');
    });

    it('reads the raw body whatever its content type (a form-encoded notification)', async () => {
      provider.markPaid(charge.out_trade_no);
      const answer = await provider.notify(
        notifyUrl,
        { out_trade_no: charge.out_trade_no, status: 'PAID' },
        { form: true },
      );
      expect(answer).toMatchObject({ status: 200, body: 'success' });
      expect(await statusOf()).toBe('PAID');
    });

    it('a connector with no answer of its own for an unknown order gets the unified error envelope', async () => {
      const config = await api.request<{ data: { id: string } }>('POST', '/v1/channel_configs', {
        body: {
          provider: PLAIN_TEST_PROVIDER,
          payways: ['wechat'],
          sub_payways: ['qrcode'],
          currencies: ['CNY'],
          base_url: provider.url,
          credentials: { merchant_no: provider.merchantNo, secret: provider.secret },
        },
      });
      const url = `${api.url}/v1/channel_notifications/${PLAIN_TEST_PROVIDER}/${config.body.data.id}`;
      // An order of the app, but of the other configuration: not this one's.
      const answer = await provider.notify(url, { out_trade_no: charge.out_trade_no });
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'channel_notify_id_error' });
      expect(await statusOf()).toBe('CREATED');
    });

    it('a refund notification makes the gateway query the refund, which settles it', async () => {
      const paid = await api.request<{ data: { id: string; out_trade_no: string; status: string } }>(
        'POST',
        '/v1/charges',
        {
          body: {
            out_trade_no: uniqueNo(),
            amount: 1000,
            currency: 'CNY',
            subject: 'Tea',
            payway: 'alipay',
            sub_payway: 'barcode',
            auth_code: '280000000000012345',
          },
        },
      );
      expect(paid.body.data.status).toBe('PAID');
      provider.deferRefunds = true;
      const refundNo = uniqueNo('rf');
      const refund = await api.request<{ data: { id: string; status: string } }>(
        'POST',
        `/v1/charges/${paid.body.data.id}/refunds`,
        { body: { refund_no: refundNo, amount: 400 } },
      );
      expect(refund.body.data.status).toBe('PENDING');
      const refundStatus = async () =>
        (
          await api.store.db
            .selectFrom('refunds')
            .select('status')
            .where('id', '=', refund.body.data.id)
            .executeTakeFirst()
        )?.status;

      const unknown = await provider.notify(notifyUrl, {
        out_trade_no: paid.body.data.out_trade_no,
        refund_no: 'no-such-refund',
      });
      expect(unknown.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_notify_id_error');
      expect(await refundStatus()).toBe('PENDING');

      provider.settleRefunds(paid.body.data.out_trade_no);
      const before = provider.calls.filter((c) => c === '/query_refund').length;
      const answer = await provider.notify(notifyUrl, {
        out_trade_no: paid.body.data.out_trade_no,
        refund_no: refundNo,
      });
      expect(answer).toMatchObject({ status: 200, body: 'success' });
      expect(provider.calls.filter((c) => c === '/query_refund')).toHaveLength(before + 1);
      expect(await refundStatus()).toBe('SUCCEEDED');
      expect((await getChargeById(api.store.db, paid.body.data.id))?.status).toBe('PARTIAL_REFUNDED');
    });

    it('a bad signature changes nothing and answers channel_sign_error', async () => {
      provider.markPaid(charge.out_trade_no);
      const before = queries();
      const answer = await provider.notify(
        notifyUrl,
        { out_trade_no: charge.out_trade_no, status: 'PAID' },
        { badSignature: true },
      );
      expect(answer).toMatchObject({ status: 400, body: 'bad sign' });
      expect(answer.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_sign_error');
      expect(queries()).toBe(before);
      expect(await statusOf()).toBe('CREATED');
    });

    it('an order the configuration does not know changes nothing and answers channel_notify_id_error', async () => {
      provider.markPaid(charge.out_trade_no);
      const before = queries();
      const answer = await provider.notify(notifyUrl, { out_trade_no: 'no-such-order', status: 'PAID' });
      expect(answer).toMatchObject({ status: 404, body: 'unknown order' });
      expect(answer.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_notify_id_error');
      expect(queries()).toBe(before);
      expect(await statusOf()).toBe('CREATED');

      // A charge of the same app on another channel is not this configuration's order either.
      const sandboxCharge = await api.request<{ data: { out_trade_no: string } }>('POST', '/v1/charges', {
        body: {
          out_trade_no: uniqueNo(),
          amount: 100,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'wechat',
          sub_payway: 'qrcode',
        },
      });
      const other = await provider.notify(notifyUrl, { out_trade_no: sandboxCharge.body.data.out_trade_no });
      expect(other.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_notify_id_error');
    });

    it('an unknown configuration or a provider that does not match its path is a 404', async () => {
      const body = { out_trade_no: charge.out_trade_no };
      for (const url of [
        `${api.url}/v1/channel_notifications/${TEST_PROVIDER}/chc_nope`,
        `${api.url}/v1/channel_notifications/shouqianba/${configId}`,
      ]) {
        const answer = await provider.notify(url, body);
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'resource_not_found', param: 'config_id' });
      }
      expect(await statusOf()).toBe('CREATED');
    });
  });
}
