import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

interface Listed {
  emulators: { provider: string; base_url: string; credentials: Record<string, string> }[];
}

/** The README's flow: a gateway started as `polypay serve` does, charging its own mounted emulators over HTTP. */
for (const dialect of DIALECTS)
  describe(`${dialect}: the gateway with its emulators mounted`, () => {
    let server: RunningServer & { demo?: { secret_key: string } };
    let url: string;
    const workdir = mkdtempSync(join(tmpdir(), 'polypay-serve-emulators-'));

    beforeAll(async () => {
      url = await testDatabaseUrl(dialect);
      server = await startServer(
        loadConfig(
          { port: 0, databaseUrl: url, logLevel: 'warn' },
          { POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key') },
        ),
      );
    });
    afterAll(async () => {
      await server.close();
      await dropTestDatabase(url);
      rmSync(workdir, { recursive: true, force: true });
    });

    it('lists the emulators and serves a charge through each configured one', async () => {
      const key = server.demo!.secret_key;
      const listed = (await (await fetch(`${server.url}/_emulators`)).json()) as Listed;
      expect(listed.emulators.map((e) => e.provider).sort()).toEqual([
        'bybit',
        'eftpay',
        'paycools',
        'shouqianba',
      ]);
      const call = async (path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as { data: Record<string, string> } };
      };
      const lanes = {
        shouqianba: { payway: 'alipay', currency: 'CNY', sub: 'barcode', status: 'PAID' },
        eftpay: { payway: 'alipay_hk', currency: 'HKD', sub: 'qrcode', status: 'CREATED' },
        bybit: { payway: 'bybit_pay', currency: 'USD', sub: 'qrcode', status: 'INIT' },
        paycools: { payway: 'ewallet', currency: 'PHP', sub: 'wap', status: 'CREATED' },
      } as const;
      for (const emulator of listed.emulators) {
        expect(emulator.base_url).toBe(`${server.url}/_emulators/${emulator.provider}`);
        const lane = lanes[emulator.provider as keyof typeof lanes];
        const config = await call('/v1/channel_configs', {
          provider: emulator.provider,
          payways: [lane.payway],
          sub_payways: [lane.sub],
          currencies: [lane.currency],
          base_url: emulator.base_url,
          credentials: emulator.credentials,
        });
        expect(config.status).toBe(200);
        if (emulator.provider === 'bybit') {
          // Bybit recurring takes agreements, not one-off charges.
          const agreement = await call('/v1/agreements', {
            agreement_type: 'CYCLE',
            scene_code: 'SUBSCRIPTION',
            product_code: 'BYBIT_RECURRING_STANDARD',
            currency: lane.currency,
            period_limits: [{ period_type: 'MONTH', amount: '10000' }],
          });
          expect(agreement.status).toBe(200);
          expect(agreement.body.data).toMatchObject({
            status: lane.status,
            channel: config.body.data.channel,
          });
          expect(agreement.body.data.sign_url?.startsWith(`${emulator.base_url}/agreement/sign/`)).toBe(true);
          continue;
        }
        const charge = await call('/v1/charges', {
          out_trade_no: uniqueNo(emulator.provider),
          amount: 1000,
          currency: lane.currency,
          subject: 'Tea',
          payway: lane.payway,
          sub_payway: lane.sub,
          ...(lane.sub === 'barcode' ? { auth_code: buyerBarcode() } : {}),
        });
        expect(charge.status).toBe(200);
        expect(charge.body.data).toMatchObject({ status: lane.status, channel: config.body.data.channel });
      }
    });
  });
