/**
 * SSRF through webhook URLs: every local, private and reserved range is refused when an endpoint is
 * created or changed (in every spelling), names are checked when a delivery resolves them and the
 * connection goes to the checked address, private targets are allowed only to test-mode apps behind the
 * operator's setting, and the deliveries API reports coarse error categories, not socket errors.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { recordEvent } from '../../src/services/events.js';
import { type WebhookTargetPolicy, webhookJobHandlers } from '../../src/services/webhooks/index.js';
import { createMerchantWithApp } from '../../src/store/index.js';
import { type Credentials, PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { startReceiver } from './receivers.js';

/** One URL per refused range, several spellings of loopback. */
const REFUSED = [
  'https://127.0.0.1/hooks',
  'https://127.8.9.10/hooks',
  'https://10.0.0.5/hooks',
  'https://172.16.4.4/hooks',
  'https://192.168.1.20/hooks',
  'https://169.254.169.254/latest/meta-data',
  'https://100.64.0.1/hooks',
  'https://0.0.0.0/hooks',
  'https://[::1]/hooks',
  'https://[::]/hooks',
  'https://[fe80::1]/hooks',
  'https://[fc00::1]/hooks',
  'https://[fd12:3456::1]/hooks',
  'https://[::ffff:127.0.0.1]/hooks',
  'https://[::ffff:a9fe:a9fe]/hooks',
  'https://2130706433/hooks',
  'https://0x7f000001/hooks',
  'https://0177.0.0.1/hooks',
  'https://224.0.0.1/hooks',
  'https://255.255.255.255/hooks',
  'https://192.0.2.10/hooks',
];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhook URLs cannot reach the gateway's network`, () => {
    let api: TestApi | undefined;
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of closers.splice(0)) await close();
      await api?.close();
      api = undefined;
    });

    const create = (url: string, who?: Credentials) =>
      api!.request<{ code?: string; param?: string; data?: { id: string } }>(
        'POST',
        '/v1/webhook_endpoints',
        {
          ...(who ? { key: who.secret_key } : {}),
          body: { url, enabled_events: ['*'] },
        },
      );

    async function liveMerchant(): Promise<Credentials> {
      return createMerchantWithApp(api!.store.db, api!.box, { name: 'Live', mode: 'live', now: Date.now() });
    }

    function runner(targets: WebhookTargetPolicy, resolve?: Record<string, string>) {
      const deps = { store: api!.store, box: api!.box, clock: systemClock };
      return new JobRunner({
        ...deps,
        handlers: webhookJobHandlers({
          ...deps,
          timeoutMs: 2_000,
          targets,
          ...(resolve
            ? {
                resolver: async (host: string) => {
                  const address = resolve[host];
                  if (!address) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
                  return [{ address, family: address.includes(':') ? 6 : 4 }];
                },
              }
            : {}),
        }),
      });
    }

    async function lastDelivery(who: Credentials = api!.merchant) {
      const eventId = await recordEvent(api!.store.db, {
        merchantId: who.merchant_id,
        appId: who.app_id,
        type: 'charge.succeeded',
        objectId: 'ch_x',
        object: { id: 'ch_x' },
        now: Date.now(),
      });
      return async () => {
        const response = await api!.request<{
          data: { items: { last_error: string | null; attempts: unknown[] }[] };
        }>('GET', `/v1/events/${eventId}/deliveries`, { key: who.secret_key });
        return response.body.data.items[0]!;
      };
    }

    it('refuses every local, private and reserved address, in test and live mode, on create and update', async () => {
      api = await startTestApi(dialect);
      const live = await liveMerchant();
      for (const url of REFUSED) {
        for (const who of [api.merchant, live]) {
          const response = await create(url, who);
          expect({
            url,
            status: response.status,
            code: response.body.code,
            param: response.body.param,
          }).toEqual({
            url,
            status: 400,
            code: 'invalid_params',
            param: 'url',
          });
        }
      }
      const ok = await create('https://hooks.example.com/polypay');
      expect(ok.status).toBe(200);
      const changed = await api.request<{ code: string; param: string }>(
        'POST',
        `/v1/webhook_endpoints/${ok.body.data!.id}`,
        { body: { url: 'https://[::ffff:10.0.0.1]/x' } },
      );
      expect(changed.body).toMatchObject({ code: 'invalid_params', param: 'url' });
    });

    it('allows private targets only to test-mode apps, and only with the operator setting', async () => {
      api = await startTestApi(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      expect((await create('http://127.0.0.1:9/hooks')).status).toBe(200);
      expect((await create('https://192.168.1.20/hooks')).status).toBe(200);
      // Never metadata services, unspecified or reserved addresses, and never for live mode.
      expect((await create('http://169.254.169.254/latest')).status).toBe(400);
      expect((await create('http://0.0.0.0:9/hooks')).status).toBe(400);
      expect((await create('https://127.0.0.1/hooks', await liveMerchant())).status).toBe(400);
    });

    it('checks names when delivering, and connects to the address it checked', async () => {
      api = await startTestApi(dialect);
      const receiver = await startReceiver('ok');
      closers.push(receiver.close);
      expect((await create(`http://hooks.internal.test:${receiver.port}/hooks`)).status).toBe(200);

      // Strict: the name resolves to loopback, so nothing is sent.
      let delivery = await lastDelivery();
      await runner({ allowPrivateInTestMode: false }, { 'hooks.internal.test': '127.0.0.1' }).runUntilIdle();
      expect((await delivery()).last_error).toMatch(/^address_not_allowed/);
      expect(receiver.state.received).toBe(0);

      // A name that resolves to an IPv4-mapped loopback is refused just the same.
      delivery = await lastDelivery();
      await runner(
        { allowPrivateInTestMode: false },
        { 'hooks.internal.test': '::ffff:127.0.0.1' },
      ).runUntilIdle();
      expect((await delivery()).last_error).toMatch(/^address_not_allowed/);
      expect(receiver.state.received).toBe(0);

      // Allowed for this test-mode app: the connection goes where the checked answer says.
      delivery = await lastDelivery();
      await runner(PRIVATE_TARGETS_FOR_TESTS, { 'hooks.internal.test': '127.0.0.1' }).runUntilIdle();
      expect((await delivery()).last_error).toBeNull();
      expect(receiver.state.received).toBe(1);
    });

    it('refuses at delivery an address stored while private targets were allowed', async () => {
      api = await startTestApi(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      const receiver = await startReceiver('ok');
      closers.push(receiver.close);
      expect((await create(receiver.url)).status).toBe(200);
      const delivery = await lastDelivery();
      await runner({ allowPrivateInTestMode: false }).runUntilIdle();
      expect((await delivery()).last_error).toMatch(/^address_not_allowed/);
      expect(receiver.state.received).toBe(0);
    });

    it('reports coarse error categories, never the socket error or the address', async () => {
      api = await startTestApi(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      const port = await closedPort();
      expect((await create(`http://127.0.0.1:${port}/hooks`)).status).toBe(200);
      const delivery = await lastDelivery();
      await runner(PRIVATE_TARGETS_FOR_TESTS).runUntilIdle();
      const error = (await delivery()).last_error!;
      expect(error).toMatch(/^connection_refused/);
      expect(error).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
      expect(error).not.toContain(String(port));
    });

    it('reports an unknown host as dns_error', async () => {
      api = await startTestApi(dialect);
      expect((await create('https://nowhere.invalid/hooks')).status).toBe(200);
      const delivery = await lastDelivery();
      await runner({ allowPrivateInTestMode: false }, {}).runUntilIdle();
      expect((await delivery()).last_error).toMatch(/^dns_error/);
    });
  });
}
