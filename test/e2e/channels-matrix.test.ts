/**
 * One suite, every channel: charge (barcode, QR), query, refund, cancel and close through the gateway's
 * HTTP API, against the sandbox and against each provider emulator (started on a free port here and
 * configured through /v1/channel_configs, as a merchant would). Where a provider has no such operation
 * the step is skipped with the reason in its name. The gateway listens on a known port so that the
 * emulators' notifications reach it.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorFactory } from '../../src/channels/emulators.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../src/channels/kit/emulator/index.js';
import { getChannelConfigById, getChargeById, getRefundById } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface ChargeView {
  id: string;
  status: string;
  channel: string;
  qr_code: string | null;
  pay_url: string | null;
  channel_trade_no: string | null;
  flows: { kind: string }[];
}

interface Lane {
  readonly name: 'sandbox' | 'shouqianba' | 'eftpay' | 'paycools';
  readonly payway: string;
  readonly currency: string;
  /** Why the channel cannot take barcode charges, when it cannot. */
  readonly noBarcode?: string;
  /** Why the channel sends no payment notifications, when it sends none. */
  readonly noNotifications?: string;
  /** Why an unpaid charge cannot be closed, when it cannot. */
  readonly noClose?: string;
  /** The channel answers a refund in progress and confirms it later (by notification). */
  readonly refundsLater?: boolean;
  /** The buyer scans the QR code of `charge` and pays. */
  buyerPays(api: TestApi, key: string, charge: ChargeView, emulatorUrl?: string): Promise<void>;
}

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const LANES: readonly Lane[] = [
  {
    name: 'sandbox',
    payway: 'alipay',
    currency: 'CNY',
    noNotifications: 'the in-process sandbox is learnt by query only',
    async buyerPays(api, key, charge) {
      const paid = await api.request('POST', `/v1/sandbox/charges/${charge.id}/pay`, { key, body: {} });
      expect(paid.status, paid.text).toBe(200);
    },
  },
  {
    name: 'shouqianba',
    payway: 'alipay',
    currency: 'CNY',
    async buyerPays(_api, _key, charge, emulatorUrl) {
      // upay's client_sn is polypay's charge id.
      const paid = await post(`${emulatorUrl}/_emulator/buyer/pay`, { client_sn: charge.id });
      expect(paid.status, paid.text).toBe(200);
    },
  },
  {
    name: 'eftpay',
    payway: 'alipay_hk',
    currency: 'HKD',
    noBarcode: 'EFTPay VMP has no barcode (B scans C) scene',
    async buyerPays(_api, _key, charge, emulatorUrl) {
      const paid = await post(`${emulatorUrl}/_emulator/buyer/${charge.channel_trade_no}`, {
        result: 'paid',
      });
      expect(paid.status, paid.text).toBe(200);
    },
  },
  {
    name: 'paycools',
    payway: 'ewallet',
    currency: 'PHP',
    noBarcode: 'PayCools collections are checkout pages, no barcode (B scans C)',
    noClose: 'PayCools has no close: an unpaid collection expires by itself',
    refundsLater: true,
    async buyerPays(_api, _key, charge) {
      // The buyer completes the emulator's checkout page (the QR code encodes its URL).
      const paid = await fetch(charge.qr_code!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'result=paid',
      });
      expect(paid.status).toBe(200);
    },
  },
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls until `check` holds; the test's own timeout bounds the wait. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

for (const dialect of DIALECTS) {
  for (const lane of LANES)
    describe(`${dialect}: ${lane.name} through the gateway`, () => {
      let api: TestApi;
      let emulator: StandaloneEmulator | undefined;
      let key: string;

      beforeAll(async () => {
        const port = await freePort();
        api = await startTestApi(dialect, { port, settings: { publicUrl: `http://127.0.0.1:${port}` } });
        key = api.merchant.secret_key;
        if (lane.name === 'sandbox') return;
        const factory = emulatorFactory(lane.name);
        if (!factory) throw new Error(`no ${lane.name} emulator`);
        const created = factory.create();
        emulator = await startStandaloneEmulator(created, { port: 0 });
        const config = await api.request<{ data: { channel: string } }>('POST', '/v1/channel_configs', {
          key,
          body: {
            provider: lane.name,
            payways: [lane.payway],
            sub_payways: lane.noBarcode ? ['qrcode'] : ['barcode', 'qrcode'],
            currencies: [lane.currency],
            base_url: emulator.url,
            credentials: created.credentials(),
          },
        });
        expect(config.status, config.text).toBe(200);
      });
      afterAll(async () => {
        await emulator?.close();
        await api.close();
      });

      const channelName = () => (lane.name === 'sandbox' ? 'sandbox' : `${lane.name}:`);

      async function charge(subPayway: 'barcode' | 'qrcode') {
        const response = await api.request<{ data: ChargeView }>('POST', '/v1/charges', {
          key,
          body: {
            out_trade_no: uniqueNo(lane.name),
            amount: 1500,
            currency: lane.currency,
            subject: 'Matrix tea',
            payway: lane.payway,
            sub_payway: subPayway,
            ...(subPayway === 'barcode' ? { auth_code: buyerBarcode() } : {}),
          },
        });
        expect(response.status, response.text).toBe(200);
        expect(response.body.data.channel.startsWith(channelName())).toBe(true);
        return response.body.data;
      }

      async function paidCharge(): Promise<ChargeView> {
        if (!lane.noBarcode) return charge('barcode');
        const qr = await charge('qrcode');
        await lane.buyerPays(api, key, qr, emulator?.url);
        const queried = await api.request<{ data: ChargeView }>('GET', `/v1/charges/${qr.id}`, { key });
        expect(queried.body.data.status).toBe('PAID');
        return queried.body.data;
      }

      (lane.noBarcode ? it.skip : it)(
        `barcode charge: paid at once${lane.noBarcode ? ` (skipped: ${lane.noBarcode})` : ''}`,
        async () => {
          const paid = await charge('barcode');
          expect(paid.status).toBe('PAID');
          if (lane.name === 'shouqianba') {
            // The terminal it activated is kept in the connector state, encrypted on the configuration.
            const configId = paid.channel.slice('shouqianba:'.length);
            const row = await getChannelConfigById(api.store.db, configId);
            const state = JSON.parse(api.box.decrypt(row!.state_enc!)) as Record<string, string>;
            expect(state.terminal_sn).toBeTruthy();
            expect(state.terminal_key?.length).toBeGreaterThan(8);
            expect(row!.state_enc).not.toContain(state.terminal_key);
          }
        },
      );

      it('QR charge: a QR code, then paid by the buyer, learnt by query', async () => {
        const qr = await charge('qrcode');
        expect(qr.status).toBe('CREATED');
        expect(qr.qr_code).toBeTruthy();
        await lane.buyerPays(api, key, qr, emulator?.url);
        const queried = await api.request<{ data: ChargeView }>('GET', `/v1/charges/${qr.id}`, { key });
        expect(queried.status, queried.text).toBe(200);
        expect(queried.body.data.status).toBe('PAID');
      });

      (lane.noNotifications ? it.skip : it)(
        `QR charge: the provider's notification makes the gateway query it${lane.noNotifications ? ` (skipped: ${lane.noNotifications})` : ''}`,
        async () => {
          const qr = await charge('qrcode');
          await lane.buyerPays(api, key, qr, emulator?.url);
          // Nobody asks the gateway: only the notification (then its query) can move the charge.
          await eventually(async () => (await getChargeById(api.store.db, qr.id))?.status === 'PAID');
          const flows = (await api.request<{ data: ChargeView }>('GET', `/v1/charges/${qr.id}`, { key })).body
            .data.flows;
          expect(flows.some((f) => f.kind === 'query')).toBe(true);
        },
      );

      it('refund: part of a paid charge goes back', async () => {
        const paid = await paidCharge();
        const refund = await api.request<{ data: { status: string; amount: number } }>(
          'POST',
          `/v1/charges/${paid.id}/refunds`,
          { key, body: { refund_no: uniqueNo('rf'), amount: 500 } },
        );
        expect(refund.status, refund.text).toBe(200);
        if (lane.refundsLater) {
          expect(refund.body.data).toMatchObject({ status: 'PENDING', amount: 500 });
          // The provider's refund notification makes the gateway query the refund.
          const id = (refund.body.data as { id?: string }).id!;
          await eventually(async () => (await getRefundById(api.store.db, id))?.status === 'SUCCEEDED');
        } else expect(refund.body.data).toMatchObject({ status: 'SUCCEEDED', amount: 500 });
        const after = await api.request<{ data: ChargeView }>('GET', `/v1/charges/${paid.id}`, { key });
        expect(after.body.data.status).toBe('PARTIAL_REFUNDED');
      });

      it('cancel: a paid charge is reversed the same day', async () => {
        const paid = await paidCharge();
        const canceled = await api.request<{ data: ChargeView }>('POST', `/v1/charges/${paid.id}/cancel`, {
          key,
        });
        expect(canceled.status, canceled.text).toBe(200);
        expect(canceled.body.data.status).toBe('CANCELED');
      });

      (lane.noClose ? it.skip : it)(
        `close: an unpaid QR charge is closed${lane.noClose ? ` (skipped: ${lane.noClose})` : ''}`,
        async () => {
          const qr = await charge('qrcode');
          const closed = await api.request<{ data: ChargeView }>('POST', `/v1/charges/${qr.id}/close`, {
            key,
          });
          expect(closed.status, closed.text).toBe(200);
          expect(closed.body.data.status).toBe('CLOSED');
        },
      );
    });
}
