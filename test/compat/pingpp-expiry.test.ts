import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../../src/api/context.js';
import { buildPingppApp } from '../../src/compat/pingpp/app.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/** The official Ping++ Node SDK from npm, unchanged (CommonJS, untyped). */
// biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
const createPingpp = createRequire(import.meta.url)('pingpp') as (key: string) => any;

const MINUTE = 60_000;
/** polypay's own deadline of a QR charge, when the merchant gives none. */
const QR_DEADLINE_MS = 4 * MINUTE;

for (const dialect of DIALECTS) {
  describe(`${dialect}: Ping++ time_expire on a clock the test moves`, () => {
    let api: TestApi;
    let pingppApp: FastifyInstance;
    let clock: ManualClock;
    // biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
    let pingpp: any;
    let seq = 0;

    beforeAll(async () => {
      clock = manualClock(Date.UTC(2026, 0, 5, 2, 0, 0));
      api = await startTestApi(dialect, { clock });
      const ctx: ApiContext = {
        store: api.store,
        box: api.box,
        clock,
        signatureToleranceSeconds: 300,
        idempotencyTtlMs: 86_400_000,
        charges: api.runtime.charges,
        channels: api.runtime.channels,
      };
      pingppApp = await buildPingppApp(ctx);
      await pingppApp.listen({ host: '127.0.0.1', port: 0 });
      pingpp = createPingpp(api.merchant.secret_key);
      pingpp.setHost('127.0.0.1', (pingppApp.server.address() as AddressInfo).port, 'http');
    });
    afterAll(async () => {
      await pingppApp?.close();
      await api?.close();
    });

    const create = (channel: string, expiresInMs?: number) =>
      pingpp.charges.create({
        order_no: `exp${dialect}${seq++}`,
        app: { id: api.merchant.app_id },
        channel,
        amount: 1000,
        client_ip: '127.0.0.1',
        currency: 'cny',
        subject: 'Tea',
        body: 'Green tea',
        ...(expiresInMs !== undefined ? { time_expire: Math.floor((clock.now() + expiresInMs) / 1000) } : {}),
      });
    const pay = (id: string) =>
      api.request<{ data?: { status: string }; code?: string }>('POST', `/v1/sandbox/charges/${id}/pay`, {
        body: { outcome: 'pay' },
      });
    /** Lets the resolution jobs due by now run, as the job runner would. */
    const runJobs = () => api.runtime.jobs.runUntilIdle();

    it('keeps a charge payable until its own time_expire, past polypay’s deadline, then closes it', async () => {
      const start = clock.now();
      const long = await create('alipay_qr', 10 * MINUTE);
      const longUnpaid = await create('wx_pub_qr', 10 * MINUTE);
      const short = await create('alipay_qr', 2 * MINUTE);
      const plain = await create('alipay_qr');
      const expiry = (ms: number) => Math.floor((start + ms) / 1000);
      expect(long.time_expire).toBe(expiry(10 * MINUTE));
      expect(short.time_expire).toBe(expiry(2 * MINUTE));
      expect(plain.time_expire).toBe(expiry(QR_DEADLINE_MS));

      // Past its own 2 minutes, before the default 4: the short one is closed, the others still open.
      clock.advance(2 * MINUTE + 1_000);
      await runJobs();
      expect(await pingpp.charges.retrieve(short.id)).toMatchObject({
        paid: false,
        failure_code: 'trade_timeout',
      });
      expect((await pay(short.id)).status).toBe(402);
      expect(await pingpp.charges.retrieve(plain.id)).toMatchObject({ paid: false, failure_code: null });

      // Past the default deadline: the charge without time_expire is closed; those with 10 minutes are not.
      clock.set(start + QR_DEADLINE_MS + 30_000);
      await runJobs();
      expect(await pingpp.charges.retrieve(plain.id)).toMatchObject({
        paid: false,
        failure_code: 'trade_timeout',
      });
      expect(await pingpp.charges.retrieve(longUnpaid.id)).toMatchObject({ paid: false, failure_code: null });
      const paid = await pay(long.id);
      expect(paid.status).toBe(200);
      expect(await pingpp.charges.retrieve(long.id)).toMatchObject({
        paid: true,
        time_expire: expiry(10 * MINUTE),
      });

      // Past its own 10 minutes: closed by the resolution job, and the buyer can no longer pay.
      clock.set(start + 10 * MINUTE + 1_000);
      await runJobs();
      expect(await pingpp.charges.retrieve(longUnpaid.id)).toMatchObject({
        paid: false,
        failure_code: 'trade_timeout',
      });
      const late = await pay(longUnpaid.id);
      expect(late.status).toBe(402);
    });

    it('refuses a time_expire under a minute or over 15 days away, naming it', async () => {
      for (const ms of [30_000, 16 * 86_400_000]) {
        await expect(create('alipay_wap', ms)).rejects.toMatchObject({
          rawType: 'invalid_request_error',
          param: 'time_expire',
        });
      }
    });
  });
}
