import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime.js';
import { createMerchantWithApp, getChannelConfigById } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';
import {
  startTestProvider,
  TEST_PROVIDER,
  TEST_PROVIDERS,
  type TestProvider,
} from '../helpers/test-provider.js';

interface ConfigView {
  id: string;
  channel: string;
  status: string;
  mode: string;
  payways: string[];
  sub_payways: string[];
  currencies: string[];
  base_url: string;
  credentials_set: string[];
  notify_url: string;
}
interface ChargeView {
  id: string;
  status: string;
  channel: string;
  qr_code: string | null;
  amount_refunded: number;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: channel configurations`, () => {
    let api: TestApi;
    let provider: TestProvider;

    beforeEach(async () => {
      provider = await startTestProvider();
      api = await startTestApi(dialect, { providers: TEST_PROVIDERS });
    });
    afterEach(async () => {
      await api.close();
      await provider.close();
    });

    const body = (overrides: Record<string, unknown> = {}) => ({
      provider: TEST_PROVIDER,
      payways: ['alipay'],
      sub_payways: ['barcode', 'qrcode'],
      currencies: ['CNY'],
      base_url: `${provider.url}/`,
      credentials: { merchant_no: provider.merchantNo, secret: provider.secret },
      ...overrides,
    });

    async function configure(overrides: Record<string, unknown> = {}, key?: string): Promise<ConfigView> {
      const response = await api.request<{ data: ConfigView }>('POST', '/v1/channel_configs', {
        body: body(overrides),
        ...(key ? { key } : {}),
      });
      expect(response.status, response.text).toBe(200);
      return response.body.data;
    }

    function charge(extra: Record<string, unknown> = {}) {
      return api.request<{ data: ChargeView; code: string | number }>('POST', '/v1/charges', {
        body: {
          out_trade_no: uniqueNo(),
          amount: 1200,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: buyerBarcode(),
          ...extra,
        },
      });
    }

    it('creates a configuration, shows which credentials are set and never their values', async () => {
      const view = await configure();
      expect(view).toMatchObject({
        mode: 'test',
        status: 'enabled',
        channel: `${TEST_PROVIDER}:${view.id}`,
        base_url: provider.url,
        credentials_set: ['merchant_no', 'secret'],
      });
      expect(view.notify_url).toMatch(new RegExp(`/v1/channel_notifications/${TEST_PROVIDER}/${view.id}$`));
      const listed = await api.request<{ data: { items: ConfigView[] } }>('GET', '/v1/channel_configs');
      const retrieved = await api.request('GET', `/v1/channel_configs/${view.id}`);
      for (const text of [JSON.stringify(view), listed.text, retrieved.text])
        expect(text).not.toContain(provider.secret);
      expect(listed.body.data.items.map((c) => c.id)).toEqual([view.id]);
      // At rest: encrypted, and the box opens it.
      const row = await getChannelConfigById(api.store.db, view.id);
      expect(row?.credentials_enc).not.toContain(provider.secret);
      expect(JSON.parse(api.box.decrypt(row!.credentials_enc))).toEqual({
        merchant_no: provider.merchantNo,
        secret: provider.secret,
      });
      // Another merchant's key does not see it.
      const other = await api.createMerchant('Other');
      const foreign = await api.request('GET', `/v1/channel_configs/${view.id}`, { key: other.secret_key });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toMatchObject({ code: 'resource_not_found', param: 'id' });
    });

    it('documents its routes in the OpenAPI document', async () => {
      const doc = await api.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json', {
        key: null,
      });
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/channel_configs',
          '/v1/channel_configs/{id}',
          '/v1/channel_configs/{id}/disable',
          '/v1/channel_notifications/{provider}/{config_id}',
        ]),
      );
    });

    it('refuses bad input with the field at fault', async () => {
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ provider: 'nopay' }, 400, 'invalid_params', 'provider'],
        [{ credentials: { merchant_no: 'm' } }, 400, 'missing_param', 'credentials.secret'],
        [
          { credentials: { merchant_no: 'm', secret: 's', pin: '1' } },
          400,
          'invalid_params',
          'credentials.pin',
        ],
        [{ credentials: { merchant_no: 'm', secret: 7 } }, 400, 'invalid_params', 'credentials.secret'],
        [
          { credentials: { merchant_no: '  ', secret: 's' } },
          400,
          'invalid_params',
          'credentials.merchant_no',
        ],
        [{ payways: ['alipay', 'jdpay'] }, 400, 'invalid_params', 'payways[1]'],
        [{ sub_payways: ['wap'] }, 400, 'invalid_params', 'sub_payways[0]'],
        [{ sub_payways: ['tap'] }, 400, 'invalid_params', 'sub_payways[0]'],
        [{ currencies: ['USD'] }, 400, 'invalid_params', 'currencies[0]'],
        [{ currencies: [] }, 400, 'invalid_params', 'currencies'],
        [{ base_url: 'ftp://example.com' }, 400, 'invalid_params', 'base_url'],
        [{ base_url: 'https://user:pw@example.com' }, 400, 'invalid_params', 'base_url'],
        [{ base_url: 'not a url' }, 400, 'invalid_params', 'base_url'],
        [{ base_url: undefined }, 400, 'missing_param', 'base_url'],
        [{ colour: 'red' }, 400, 'invalid_params', 'colour'],
      ];
      for (const [overrides, status, code, param] of cases) {
        const response = await api.request('POST', '/v1/channel_configs', { body: body(overrides) });
        expect({ overrides, status: response.status, body: response.body }).toMatchObject({
          status,
          body: { code, param },
        });
      }
      const live = await createMerchantWithApp(api.store.db, api.box, {
        name: 'Live shop',
        mode: 'live',
        now: Date.now(),
      });
      const http = await api.request('POST', '/v1/channel_configs', { body: body(), key: live.secret_key });
      expect(http.body).toMatchObject({ code: 'invalid_params', param: 'base_url' });
      expect((await api.request('GET', '/v1/channel_configs')).body).toMatchObject({
        data: { items: [] },
      });
    });

    it('sends matching charges to the provider; others keep the sandbox; disabling stops new ones only', async () => {
      const config = await configure();
      const paid = await charge();
      expect(paid.status, paid.text).toBe(200);
      expect(paid.body.data).toMatchObject({ status: 'PAID', channel: config.channel });
      expect(provider.orders.size).toBe(1);

      const qr = await charge({ sub_payway: 'qrcode', auth_code: undefined });
      expect(qr.body.data).toMatchObject({ status: 'CREATED', channel: config.channel });
      expect(qr.body.data.qr_code).toMatch(/^testpay:\/\/qr\//);

      // Not served by the configuration (payway, currency): the sandbox answers a test-mode app.
      for (const extra of [{ payway: 'wechat' }, { currency: 'HKD' }]) {
        const other = await charge(extra);
        expect(other.body.data).toMatchObject({ channel: 'sandbox' });
      }

      // A refund of the provider's charge goes to the provider.
      const refund = await api.request('POST', `/v1/charges/${paid.body.data.id}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 200 },
      });
      expect(refund.status, refund.text).toBe(200);
      expect(provider.orders.get([...provider.orders.keys()][0]!)).toMatchObject({
        refunded: 200,
        status: 'PARTIAL_REFUNDED',
      });

      const disabled = await api.request<{ data: ConfigView }>(
        'POST',
        `/v1/channel_configs/${config.id}/disable`,
      );
      expect(disabled.body.data.status).toBe('disabled');
      const again = await api.request<{ data: ConfigView }>(
        'POST',
        `/v1/channel_configs/${config.id}/disable`,
      );
      expect(again.body.data.status).toBe('disabled');
      expect((await charge()).body.data.channel).toBe('sandbox');

      // The QR charge made before still belongs to the provider: closing it reaches the provider.
      const closed = await api.request<{ data: ChargeView }>('POST', `/v1/charges/${qr.body.data.id}/close`);
      expect(closed.status, closed.text).toBe(200);
      expect(closed.body.data.status).toBe('CLOSED');
      expect(provider.calls.filter((c) => c === '/close')).toHaveLength(1);
    });

    it('keeps the connector state encrypted on the configuration, across restarts', async () => {
      const config = await configure();
      expect((await charge()).body.data.status).toBe('PAID');
      const row = await getChannelConfigById(api.store.db, config.id);
      expect(row?.state_enc).toBeTruthy();
      const state = JSON.parse(api.box.decrypt(row!.state_enc!)) as { session: string };
      expect(state.session).toMatch(/^[0-9a-f]{16}$/);
      expect(row!.state_enc).not.toContain(state.session);

      // Another process over the same database reuses the saved session: no second check-in.
      const restarted = createRuntime({
        store: api.store,
        box: api.box,
        clock: { now: () => Date.now() },
        providers: TEST_PROVIDERS,
      });
      const channel = await restarted.channels.byName(config.channel);
      expect(channel?.name).toBe(config.channel);
      const outTradeNo = [...provider.orders.keys()][0]!;
      const answer = await channel!.query({
        chargeId: 'ch_x',
        merchantId: api.merchant.merchant_id,
        outTradeNo,
        amount: 1200,
        currency: 'CNY',
        payway: 'alipay',
        subPayway: 'barcode',
        subject: 'Tea',
        createdAt: Date.now(),
      });
      expect(answer.orderStatus).toBe('PAID');
      expect(provider.calls.filter((c) => c === '/checkin')).toHaveLength(1);
    });

    it('a live app is served only by a configuration: none means payway_not_enabled', async () => {
      const live = await createMerchantWithApp(api.store.db, api.box, {
        name: 'Live shop',
        mode: 'live',
        now: Date.now(),
      });
      const refused = await api.request('POST', '/v1/charges', {
        key: live.secret_key,
        body: {
          out_trade_no: uniqueNo(),
          amount: 100,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'qrcode',
        },
      });
      expect(refused.status).toBe(402);
      expect(refused.body).toMatchObject({ code: 'payway_not_enabled', param: 'payway' });
    });
  });
}
