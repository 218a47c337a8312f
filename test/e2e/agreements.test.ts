import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateWindowEnd } from '../../src/channels/bybit/emulator/money.js';
import { type BybitEmulator, createBybitEmulator } from '../../src/channels/bybit/emulator/server.js';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../src/channels/kit/emulator/index.js';
import { convertMinorUnits } from '../../src/domain/fx-rates.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { configureBybit } from '../helpers/bybit-config.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Agreements end to end over HTTP: polypay against the Bybit emulator, the buyer signing on the
 * emulator's page. Both move on one clock, so a test can cross a day boundary.
 */

interface Agreement {
  id: string;
  status: string;
  sign_url: string;
  sign_url_expires_at: number;
  buyer_id: string | null;
  period_limits: Array<{ period_type: string; used: string; remaining: string }>;
}
interface Deduction {
  id: string;
  status: string;
  amount: string;
  refunded: string;
  crypto_payment: Record<string, string> | null;
}
interface Failure {
  code: string;
  param?: string;
}

const DAY_MS = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: agreements against the Bybit emulator`, () => {
    const shift = { ms: 0 };
    const clock = { now: () => Date.now() + shift.ms };
    let api: TestApi;
    let emulator: BybitEmulator;
    let running: StandaloneEmulator;

    beforeEach(async () => {
      shift.ms = 0;
      emulator = createBybitEmulator({ clock });
      running = await startStandaloneEmulator(emulator);
      api = await startTestApi(dialect, { clock });
      await configureBybit(api, running.url, emulator.credentials());
    });
    afterEach(async () => {
      await api.close();
      await running.close();
    });

    const create = async (overrides: Record<string, unknown> = {}) => {
      const response = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'BYBIT_RECURRING_STANDARD',
          currency: 'USD',
          single_limit: '5000',
          period_limits: [{ period_type: 'DAY', amount: '8000' }],
          time_zone: 'Asia/Hong_Kong',
          ...overrides,
        },
      });
      expect(response.status, response.text).toBe(200);
      return response.body.data;
    };
    const buyerSigns = async (agreement: Agreement) => {
      const page = await fetch(agreement.sign_url);
      expect(await page.text()).toContain('Agree and sign');
      const signed = await fetch(`${agreement.sign_url}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user_id=U10001',
      });
      expect(signed.status).toBe(200);
      const read = await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreement.id}`);
      expect(read.body.data).toMatchObject({ status: 'SIGNED', buyer_id: 'U10001' });
      return read.body.data;
    };
    const deduct = (agreement: Agreement, amount: string, extra: Record<string, unknown> = {}) =>
      api.request<{ data: Deduction } & Failure>('POST', `/v1/agreements/${agreement.id}/deductions`, {
        body: { amount, title: 'Cloud storage', ...extra },
      });
    const action = (agreement: Agreement, name: string) =>
      api.request<{ data: Agreement } & Failure>('POST', `/v1/agreements/${agreement.id}/${name}`);

    it('signs, deducts within and beyond quota, refunds to give quota back, rolls over a day, unsigns', async () => {
      const agreement = await create();
      expect(agreement).toMatchObject({ status: 'INIT' });
      expect(agreement.sign_url_expires_at).toBeGreaterThan(clock.now());
      expect((await deduct(agreement, '1000')).body.code).toBe('agreement_status_invalid');
      await buyerSigns(agreement);

      const first = await deduct(agreement, '5000');
      expect(first.body.data).toMatchObject({ status: 'succeeded', crypto_payment: { currency: 'USDT' } });
      // Paid at the market rate of its minute, in USDT's 6 decimals, rounded up.
      const paid = first.body.data.crypto_payment!;
      expect(paid.amount).toBe(convertMinorUnits(5000n, 2, paid.exchange_rate!, 6).toString());
      expect((await deduct(agreement, '5001')).body).toMatchObject({
        code: 'agreement_single_limit_exceeded',
        param: 'amount',
      });
      expect((await deduct(agreement, '3500')).body.code).toBe('agreement_quota_exceeded');

      const refund = await api.request<{ data: { status: string; deduction: Deduction } }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions/${first.body.data.id}/refund`,
        { body: { amount: '2000' } },
      );
      expect(refund.body.data).toMatchObject({ status: 'succeeded', deduction: { refunded: '2000' } });
      expect((await deduct(agreement, '3500')).body.data.status).toBe('succeeded');
      const read = await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreement.id}`);
      expect(read.body.data.period_limits[0]).toMatchObject({
        period_type: 'DAY',
        used: '6500',
        remaining: '1500',
      });

      shift.ms += DAY_MS;
      expect((await deduct(agreement, '5000')).body.data.status).toBe('succeeded');

      expect((await action(agreement, 'suspend')).body.data.status).toBe('SUSPENDED');
      expect((await deduct(agreement, '100')).body.code).toBe('agreement_suspended');
      expect((await action(agreement, 'resume')).body.data.status).toBe('SIGNED');
      expect((await action(agreement, 'unsign')).body.data.status).toBe('UNSIGNED');
      expect((await deduct(agreement, '100')).body.code).toBe('agreement_unsigned');

      const events = await api.request<{ data: { items: Array<{ type: string }> } }>(
        'GET',
        '/v1/events?limit=100',
      );
      const types = events.body.data.items.map((e) => e.type);
      for (const type of [
        'agreement.created',
        'agreement.signed',
        'deduction.succeeded',
        'deduction.refunded',
        'agreement.suspended',
        'agreement.resumed',
        'agreement.unsigned',
      ])
        expect(types).toContain(type);
    });

    it('settles a processing deduction later, and refuses a deduction on an expired FX quote', async () => {
      const agreement = await create({ period_limits: [] });
      await buyerSigns(agreement);
      const processing = await deduct(agreement, '1002');
      expect(processing.body.data.status).toBe('processing');
      shift.ms += 6_000;
      const settled = await api.request<{ data: Deduction }>(
        'GET',
        `/v1/agreements/${agreement.id}/deductions/${processing.body.data.id}`,
      );
      expect(settled.body.data.status).toBe('succeeded');

      // At the start of a rate window, so that the quote and the deduction fall in the same one.
      shift.ms += rateWindowEnd(clock.now()) - clock.now();
      const quote = await api.request<{ data: { id: string; rate: string; expires_at: number } }>(
        'POST',
        '/v1/fx/quotes',
        {
          body: { from_currency: 'USD', to_currency: 'USDT' },
        },
      );
      expect(quote.body.data.rate).toMatch(/^[01]\.[0-9]+$/);
      expect(quote.body.data.expires_at).toBe(rateWindowEnd(clock.now()));
      const quoted = await deduct(agreement, '100', { fx_quote_id: quote.body.data.id });
      expect(quoted.body.data).toMatchObject({
        status: 'succeeded',
        crypto_payment: { exchange_rate: quote.body.data.rate },
      });
      // The market moves at the next window: a new quote has another rate, the old one has expired.
      shift.ms += 61_000;
      const later = await api.request<{ data: { rate: string } }>('POST', '/v1/fx/quotes', {
        body: { from_currency: 'USD', to_currency: 'USDT' },
      });
      expect(later.body.data.rate).not.toBe(quote.body.data.rate);
      expect((await deduct(agreement, '100', { fx_quote_id: quote.body.data.id })).body.code).toBe(
        'exchange_rate_expired',
      );
      expect((await deduct(agreement, '12.50')).body).toMatchObject({
        code: 'invalid_amount',
        param: 'amount',
      });
    });

    it('never lets parallel deductions pass the period quota', async () => {
      const agreement = await create({
        single_limit: '1000',
        period_limits: [{ period_type: 'DAY', amount: '7000' }],
      });
      await buyerSigns(agreement);
      const answers = await Promise.all(Array.from({ length: 12 }, () => deduct(agreement, '1000')));
      const taken = answers.filter((a) => a.body.data?.status === 'succeeded');
      const refused = answers.filter((a) => a.body.code === 'agreement_quota_exceeded');
      expect(taken).toHaveLength(7);
      expect(refused).toHaveLength(5);
      const read = await api.request<{ data: Agreement }>('GET', `/v1/agreements/${agreement.id}`);
      expect(read.body.data.period_limits[0]).toMatchObject({ used: '7000', remaining: '0' });
      const upstream = [...emulator.engine.trades.values()].filter((t) => t.status === 'SUCCESS');
      expect(upstream.reduce((sum, t) => sum + t.amount.total, 0n)).toBe(7000n);
    });
  });
}

/** Every agreement_* code of the catalog, and exchange_rate_expired, by the behaviour that causes it. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: agreement error codes by behaviour`, () => {
    const shift = { ms: 0 };
    const clock = { now: () => Date.now() + shift.ms };
    let api: TestApi;
    let running: StandaloneEmulator;

    beforeEach(async () => {
      shift.ms = 0;
      const emulator = createBybitEmulator({ clock });
      running = await startStandaloneEmulator(emulator);
      api = await startTestApi(dialect, { clock });
      await configureBybit(api, running.url, emulator.credentials());
    });
    afterEach(async () => {
      await api.close();
      await running.close();
    });

    const create = (overrides: Record<string, unknown> = {}) =>
      api.request<{ data: Agreement } & Failure>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'BYBIT_RECURRING_STANDARD',
          currency: 'USD',
          single_limit: '5000',
          period_limits: [{ period_type: 'MONTH', amount: '10000' }],
          ...overrides,
        },
      });
    const signed = async (overrides: Record<string, unknown> = {}) => {
      const agreement = (await create(overrides)).body.data;
      await fetch(`${agreement.sign_url}/confirm`, { method: 'POST', body: 'user_id=U10001' });
      return agreement;
    };
    const deduct = (agreement: Agreement, amount = '1000') =>
      api.request<Failure>('POST', `/v1/agreements/${agreement.id}/deductions`, {
        body: { amount, title: 'Plan' },
      });

    const producers: Record<string, () => Promise<{ body: Failure }>> = {
      agreement_not_found: () => api.request('GET', '/v1/agreements/agr_none'),
      agreement_expired: async () => {
        const agreement = await signed({ valid_until: clock.now() + 25 * 3_600_000 });
        shift.ms += 26 * 3_600_000;
        return deduct(agreement);
      },
      agreement_unsigned: async () => {
        const agreement = await signed();
        await api.request('POST', `/v1/agreements/${agreement.id}/unsign`);
        return deduct(agreement);
      },
      agreement_suspended: async () => {
        const agreement = await signed();
        await api.request('POST', `/v1/agreements/${agreement.id}/suspend`);
        return deduct(agreement);
      },
      agreement_status_invalid: async () => deduct((await create()).body.data),
      agreement_already_signed: async () => {
        await signed({ merchant_user_id: 'member-1' });
        return create({ merchant_user_id: 'member-1' });
      },
      agreement_sign_url_expired: async () => {
        const agreement = (await create({ sign_expire_minutes: 1 })).body.data;
        shift.ms += 2 * 60_000;
        return deduct(agreement);
      },
      agreement_single_limit_exceeded: async () => deduct(await signed(), '5001'),
      agreement_quota_exceeded: async () => {
        const agreement = await signed();
        await deduct(agreement, '5000');
        await deduct(agreement, '5000');
        return deduct(agreement, '1');
      },
      agreement_limit_exceeds_template: () =>
        create({ product_code: 'BYBIT_RECURRING_MICRO', single_limit: '20000', period_limits: [] }),
      exchange_rate_expired: async () => {
        const agreement = await signed();
        const quote = await api.request<{ data: { id: string } }>('POST', '/v1/fx/quotes', {
          body: { from_currency: 'USD', to_currency: 'USDT' },
        });
        shift.ms += 61_000;
        return api.request('POST', `/v1/agreements/${agreement.id}/deductions`, {
          body: { amount: '100', title: 'Plan', fx_quote_id: quote.body.data.id },
        });
      },
    };

    it('covers every agreement code of the catalog', async () => {
      const catalog = await api.request<{
        data: { items?: Array<{ code: string }> } | Array<{ code: string }>;
      }>('GET', '/v1/errors');
      const entries = Array.isArray(catalog.body.data) ? catalog.body.data : (catalog.body.data.items ?? []);
      const codes = entries
        .map((e) => e.code)
        .filter((c) => c.startsWith('agreement_') || c === 'exchange_rate_expired');
      expect(codes.sort()).toEqual(Object.keys(producers).sort());
    });

    it.each(Object.keys(producers))('produces %s', async (code) => {
      const answer = await producers[code]!();
      expect(answer.body.code).toBe(code);
    });
  });
}

/** The emulator's signed webhooks reach polypay, which reads the agreement and the deduction again. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: Bybit webhooks into polypay`, () => {
    let api: TestApi;
    let running: StandaloneEmulator;

    beforeEach(async () => {
      const emulator = createBybitEmulator();
      running = await startStandaloneEmulator(emulator);
      const port = await freePort();
      api = await startTestApi(dialect, { port, settings: { publicUrl: `http://127.0.0.1:${port}` } });
      await configureBybit(api, running.url, emulator.credentials());
    });
    afterEach(async () => {
      await api.close();
      await running.close();
    });

    const eventTypes = async () =>
      (
        await api.request<{ data: { items: Array<{ type: string }> } }>('GET', '/v1/events?limit=100')
      ).body.data.items.map((e) => e.type);
    async function eventually(type: string) {
      for (;;) {
        if ((await eventTypes()).includes(type)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('marks the agreement signed and a settled deduction succeeded from the webhooks alone', async () => {
      const created = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'CLOUD',
          product_code: 'BYBIT_RECURRING_STANDARD',
          currency: 'USD',
        },
      });
      const agreement = created.body.data;
      await fetch(`${agreement.sign_url}/confirm`, { method: 'POST', body: 'user_id=U10001' });
      await eventually('agreement.signed');
      const processing = await api.request<{ data: Deduction }>(
        'POST',
        `/v1/agreements/${agreement.id}/deductions`,
        {
          body: { amount: '1002', title: 'Plan' },
        },
      );
      expect(processing.body.data.status).toBe('processing');
      // The emulator settles it about 5 s later and sends TRANSACTION_RESULT; polypay reads it again.
      await eventually('deduction.succeeded');
    });
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
