import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOTIFICATION_RESULT_HEADER } from '../../src/api/routes/channel-notifications.js';
import { vmpSign, vmpVerify } from '../../src/channels/eftpay/sign.js';
import { emulatorFactory } from '../../src/channels/emulators.js';
import { signed } from '../../src/channels/paycools/sign.js';
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

    /** A barcode charge paid through testpay (1000, refundable). */
    const paidBarcodeCharge = async () => {
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
      return paid;
    };
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
      const paid = await paidBarcodeCharge();
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

    it('a refund notification that overtakes the refund’s own answer: the refund is booked once', async () => {
      const paid = await paidBarcodeCharge();
      const refundNo = uniqueNo('rf');
      let notified: { status: number; body: string } | undefined;
      // The provider settles the refund, and its notification is handled (the gateway queries the refund
      // and books it) before the refund call is answered: the charge is no longer at the version the
      // refund's reservation saw, and the refund no longer pending.
      provider.beforeRefundAnswer = async () => {
        notified = await provider.notify(notifyUrl, {
          out_trade_no: paid.body.data.out_trade_no,
          refund_no: refundNo,
        });
      };
      const refund = await api.request<{ data: { id: string; status: string } }>(
        'POST',
        `/v1/charges/${paid.body.data.id}/refunds`,
        { body: { refund_no: refundNo, amount: 400 }, headers: { 'idempotency-key': uniqueNo('idem') } },
      );
      expect(notified).toMatchObject({ status: 200, body: 'success' });
      expect(refund.status, refund.text).toBe(200);
      expect(refund.body.data.status).toBe('SUCCEEDED');
      const charge = await getChargeById(api.store.db, paid.body.data.id);
      expect(charge).toMatchObject({ status: 'PARTIAL_REFUNDED', amount_refunded: 400 });
      const events = await api.store.db
        .selectFrom('events')
        .select('type')
        .where('object_id', '=', refund.body.data.id)
        .execute();
      expect(events.map((e) => e.type).sort()).toEqual(['refund.succeeded']);
      const journals = await api.store.db
        .selectFrom('ledger_entries')
        .select(['journal_id'])
        .where('ref_id', '=', refund.body.data.id)
        .groupBy('journal_id')
        .execute();
      expect(journals).toHaveLength(1);
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

  describe(`${dialect}: a notification of an order no configuration knows, answered in each provider's form`, () => {
    let api: TestApi;
    // Shouqianba and Bybit sign with keys whose public half is configured; these stand in for theirs.
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rsa = (text: string) => createSign('RSA-SHA256').update(text).sign(keys.privateKey, 'base64');

    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => {
      await api.close();
    });

    /** A configuration of `provider` with its emulator's credentials; returns its notification URL. */
    async function configure(
      provider: 'eftpay' | 'paycools' | 'shouqianba' | 'bybit',
      body: Record<string, unknown>,
      overrides: Record<string, string> = {},
    ): Promise<{ url: string; credentials: Record<string, string> }> {
      const emulator = emulatorFactory(provider)!.create();
      const credentials = { ...emulator.credentials(), ...overrides } as Record<string, string>;
      await emulator.close();
      const config = await api.request<{ data: { id: string } }>('POST', '/v1/channel_configs', {
        body: { provider, base_url: 'http://127.0.0.1:9', credentials, ...body },
      });
      expect(config.status, config.text).toBe(200);
      return { url: `${api.url}/v1/channel_notifications/${provider}/${config.body.data.id}`, credentials };
    }

    const send = async (url: string, body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };

    it('EFTPay: a signed return_code "false", so VMP sends it again', async () => {
      const { url, credentials } = await configure('eftpay', {
        payways: ['alipay_hk'],
        sub_payways: ['qrcode'],
        currencies: ['HKD'],
      });
      const fields: Record<string, string> = {
        out_trade_no: 'no-such-order',
        eft_trade_no: 'EFT0000000001',
        trade_status: 'TRADE_SUCCESS',
        trade_type: 'SALE',
      };
      fields.sign = vmpSign(fields, credentials.secret_code!);
      const answer = await send(url, JSON.stringify(fields));
      expect(answer.status).toBe(200);
      expect(answer.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_notify_id_error');
      const reply = JSON.parse(answer.body) as Record<string, string>;
      expect(reply).toMatchObject({ return_code: 'false', time: expect.stringMatching(/^\d{14}$/) });
      expect(vmpVerify(reply, credentials.secret_code!)).toBe(true);
    });

    it('PayCools: {"code": 0} for a collection or a payout it does not know, so PayCools sends it again', async () => {
      const { url, credentials } = await configure('paycools', {
        payways: ['ewallet'],
        sub_payways: ['qrcode'],
        currencies: ['PHP'],
      });
      for (const callback of [
        { eventName: 'h5.payment.success', mchOrderId: 'nosuchorder', transactionId: 'abc123' },
        { eventName: 'disbursement.completed', mchOrderId: 'trNoSuchPayout00000000000', transactionId: 'x' },
      ]) {
        const body = signed(
          { ...callback, amount: 100, transactionStatus: 'COMPLETE' },
          credentials.app_secret!,
        );
        const answer = await send(url, JSON.stringify(body));
        expect(answer.status).toBe(200);
        expect(answer.headers.get(NOTIFICATION_RESULT_HEADER)).toBe('channel_notify_id_error');
        expect(JSON.parse(answer.body)).toMatchObject({ code: 0 });
      }
    });

    it('Shouqianba documents no refusal (anything but `success` is retried): the unified envelope', async () => {
      const { url } = await configure(
        'shouqianba',
        { payways: ['alipay'], sub_payways: ['qrcode'], currencies: ['CNY'] },
        { sqb_public_key: publicPem },
      );
      const body = JSON.stringify({
        sn: '7895000000000001',
        client_sn: 'no-such-order',
        order_status: 'PAID',
      });
      const answer = await send(url, body, { authorization: rsa(body) });
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'channel_notify_id_error' });
    });

    it('Bybit documents no refusal (anything but 200 `success` is retried): the unified envelope', async () => {
      const { url } = await configure(
        'bybit',
        { payways: ['bybit_pay'], sub_payways: ['qrcode'], currencies: ['USD'] },
        { platform_public_key: publicPem },
      );
      const body = JSON.stringify({
        notifyId: 'n-1',
        notifyType: 'TRANSACTION_RESULT',
        notifyTime: new Date().toISOString(),
        merchantId: 'm',
        data: { outTradeNo: 'no-such-order', tradeNo: 'T1', eventType: 'PAY', status: 'SUCCESS' },
      });
      const timestamp = String(Date.now());
      const nonce = '12345';
      const answer = await send(url, body, {
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-sign-type': 'RSA2',
        'x-signature': rsa(`${timestamp}${nonce}${body}`),
      });
      expect(answer.status).toBe(502);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'channel_notify_id_error' });
    });
  });
}
