import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountEmulators } from '../../src/channels/emulators.js';
import type { Emulator } from '../../src/channels/kit/emulator/index.js';
import { ChannelHttpClient } from '../../src/channels/kit/http-client.js';
import { ChannelIoError } from '../../src/channels/port.js';
import { createShouqianbaConnector } from '../../src/channels/shouqianba/client.js';
import { systemClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/** The emulators mounted in the real gateway app, reached by the connector over HTTP. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: emulators mounted under /_emulators`, () => {
    let api: TestApi;
    let mounted: ReadonlyMap<string, Emulator>;
    const http = new ChannelHttpClient({ timeouts: { answerMs: 400, totalMs: 2_000 } });

    beforeAll(async () => {
      api = await startTestApi(dialect, {
        beforeListen: async (app) => {
          mounted = await mountEmulators(app);
        },
      });
    });
    afterAll(async () => {
      await http.close();
      await api?.close();
    });

    it('serves Shouqianba beside the API: the connector pays, a timeout fault is an unknown outcome', async () => {
      let saved: Readonly<Record<string, string>> | undefined;
      const channel = createShouqianbaConnector({
        http,
        payTimeouts: { answerMs: 400, totalMs: 2_000 },
      }).create({
        configId: 'chc_mounted',
        channelName: 'shouqianba',
        mode: 'test',
        baseUrl: `${api.url}/_emulators/shouqianba`,
        credentials: mounted.get('shouqianba')!.credentials(),
        clock: systemClock,
        state: {
          load: async () => saved,
          save: async (state) => {
            saved = state;
          },
        },
        notifyUrl: '',
      });
      const charge = (n: number) => ({
        chargeId: `ch_${randomBytes(12).toString('hex')}`,
        merchantId: 'mch_1',
        outTradeNo: `m-${n}`,
        amount: 100,
        currency: 'CNY',
        payway: 'alipay',
        subPayway: 'barcode' as const,
        subject: 'Tea',
        authCode: `28${randomBytes(8).readBigUInt64BE().toString().padStart(16, '0').slice(0, 16)}`,
        createdAt: Date.now(),
      });
      expect(await channel.pay(charge(1))).toMatchObject({ bizResult: 'PAY_SUCCESS', orderStatus: 'PAID' });

      const queued = await api.request('POST', '/_emulators/shouqianba/_emulator/scenarios', {
        key: null,
        body: { operation: 'pay', fault: 'timeout' },
      });
      expect(queued.status).toBe(200);
      const lost = charge(2);
      const error = await channel.pay(lost).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelIoError);
      expect(await channel.query(lost)).toMatchObject({ orderStatus: 'PAID' });

      // The API is untouched: its routes still authenticate, and the OpenAPI document hides the emulators.
      expect((await api.request('GET', '/v1/charges', { key: null })).status).toBe(401);
      const openapi = await api.request<{ paths: Record<string, unknown> }>('GET', '/openapi.json', {
        key: null,
      });
      expect(Object.keys(openapi.body.paths).some((path) => path.startsWith('/_emulators'))).toBe(false);
    });
  });
}
