import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Crypto amounts of 18 decimals (wei) pass 2^53: they travel as integer strings through the API, the
 * store, the events and the refunds, exactly; the ledger books their USD value in cents. Too much
 * precision and strings that are not integers are refused with invalid_amount and `param`.
 */

interface Agreement {
  id: string;
  single_limit: string | null;
  period_limits: Array<{ amount: string }>;
}
interface Deduction {
  id: string;
  amount: string;
  currency: string;
  status: string;
  refunded: string;
  ledger_amount: number | null;
  ledger_currency: string | null;
}

const TWO_53 = 2n ** 53n;
const isMagic = (n: bigint) => ['02', '03', '99'].includes(String(n).slice(-2));
/** USD cents of wei at polypay's indicative 3000 USD per ETH. */
const centsOfWei = (wei: bigint) => (wei * 300_000n) / 10n ** 18n;

for (const dialect of DIALECTS) {
  describe(`${dialect}: 18-decimal amounts end to end`, () => {
    let api: TestApi;
    let agreement: Agreement;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      const created = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'ANY',
          currency: 'ETH',
          single_limit: `1${'0'.repeat(28)}`,
          period_limits: [{ period_type: 'YEAR', amount: `9${'0'.repeat(30)}` }],
        },
      });
      expect(created.status, created.text).toBe(200);
      agreement = created.body.data;
      expect(agreement.single_limit).toBe(`1${'0'.repeat(28)}`);
      expect(agreement.period_limits[0]!.amount).toBe(`9${'0'.repeat(30)}`);
      await api.request('POST', `/v1/sandbox/agreements/${agreement.id}/sign`, { body: {} });
    });
    afterAll(() => api?.close());

    const path = () => `/v1/agreements/${agreement.id}/deductions`;

    it('round-trips amounts above 2^53 through the API, the store, events, refunds and the ledger', async () => {
      await fc.assert(
        fc.asyncProperty(
          // Up to 10^27 wei (a billion ETH), whose USD cents still fit the ledger's integers.
          fc
            .bigInt({ min: TWO_53, max: 10n ** 27n })
            .filter((n) => !['02', '03', '99'].includes(String(n).slice(-2))),
          fc.bigInt({ min: 1n, max: 10n ** 27n }),
          async (wei, share) => {
            const amount = wei.toString();
            const created = await api.request<{ data: Deduction }>('POST', path(), {
              body: { amount, title: 'Node hosting' },
            });
            expect(created.status, created.text).toBe(200);
            const cents = Number(centsOfWei(wei));
            expect(created.body.data).toMatchObject({
              amount,
              currency: 'ETH',
              status: 'succeeded',
              ...(cents > 0 ? { ledger_amount: cents, ledger_currency: 'USD' } : { ledger_amount: null }),
            });
            const id = created.body.data.id;
            const read = await api.request<{ data: Deduction }>('GET', `${path()}/${id}`);
            expect(read.body.data.amount).toBe(amount);
            const row = await api.store.db
              .selectFrom('agreement_deductions')
              .select(['amount'])
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            expect(row.amount).toBe(amount);

            // A refund of part (the rest of the deduction at most), then of all that is left.
            // (Neither part may end in a sandbox magic refund ending: those settle later.)
            let part = (share % (wei - 10n)) + 1n;
            while (isMagic(part) || isMagic(wei - part)) part += 1n;
            const first = await api.request<{
              data: { status: string; amount: string; deduction: Deduction };
            }>('POST', `${path()}/${id}/refund`, { body: { amount: part.toString() } });
            expect(first.body.data).toMatchObject({ status: 'succeeded', amount: part.toString() });
            expect(first.body.data.deduction.refunded).toBe(part.toString());
            if (part < wei) {
              const rest = (wei - part).toString();
              const second = await api.request<{ data: { deduction: Deduction } }>(
                'POST',
                `${path()}/${id}/refund`,
                {
                  body: { amount: rest },
                },
              );
              expect(second.body.data.deduction.refunded).toBe(amount);
            }

            // Events carry the same strings.
            const events = (
              await api.request<{
                data: {
                  items: Array<{
                    type: string;
                    data: { object: { id: string; amount: string; refunded: string } };
                  }>;
                };
              }>('GET', '/v1/events?limit=100')
            ).body.data.items.filter((e) => e.data.object.id === id);
            expect(events.find((e) => e.type === 'deduction.succeeded')?.data.object.amount).toBe(amount);
            expect(
              events.filter((e) => e.type === 'deduction.refunded').map((e) => e.data.object.refunded),
            ).toContain(amount);

            // The ledger: what was booked for the deduction comes back exactly with its refunds.
            const entries = await api.store.db
              .selectFrom('ledger_entries')
              .select(['account', 'amount', 'ref_type', 'ref_id'])
              .where('merchant_id', '=', api.merchant.merchant_id)
              .execute();
            const refunds = await api.store.db
              .selectFrom('agreement_deduction_refunds')
              .select('id')
              .where('deduction_id', '=', id)
              .execute();
            const mine = new Set([id, ...refunds.map((r) => r.id)]);
            const receivable = entries
              .filter((e) => mine.has(e.ref_id) && e.account === 'channel_receivable')
              .reduce((s, e) => s + Number(e.amount), 0);
            expect(receivable).toBe(0);
            expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
          },
        ),
        { numRuns: 15 },
      );
    });

    it.each([
      ['1.5', 'a decimal point: more precision than minimum units'],
      ['1e18', 'an exponent'],
      ['-5', 'a sign'],
      ['0', 'zero'],
      [' 12', 'a space'],
      ['0x10', 'hex'],
      ['1'.repeat(33), 'more digits than any amount'],
      [`1${'0'.repeat(31)}`, 'worth more than the ledger holds'],
    ])('refuses %s (%s) with invalid_amount', async (amount) => {
      const answer = await api.request<{ code: string; param: string }>('POST', path(), {
        body: { amount, title: 'Node hosting' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_amount', param: 'amount' });
    });

    it('refuses a bad refund amount or limit with invalid_amount and its param', async () => {
      const created = await api.request<{ data: Deduction }>('POST', path(), {
        body: { amount: (TWO_53 * 1000n + 1n).toString(), title: 'Node hosting' },
      });
      const refund = await api.request<{ code: string; param: string }>(
        'POST',
        `${path()}/${created.body.data.id}/refund`,
        { body: { amount: '0.5' } },
      );
      expect(refund.body).toMatchObject({ code: 'invalid_amount', param: 'amount' });
      const limits = await api.request<{ code: string; param: string }>('POST', '/v1/agreements', {
        body: {
          agreement_type: 'CYCLE',
          scene_code: 'SUBSCRIPTION',
          product_code: 'ANY',
          currency: 'ETH',
          period_limits: [{ period_type: 'DAY', amount: '12.000000000000000001' }],
        },
      });
      expect(limits.body).toMatchObject({ code: 'invalid_amount', param: 'period_limits[0].amount' });
      // A fiat amount past 2^53 minor units is more than the ledger's integers hold.
      const usd = await api.request<{ data: Agreement }>('POST', '/v1/agreements', {
        body: { agreement_type: 'CYCLE', scene_code: 'SUBSCRIPTION', product_code: 'ANY', currency: 'USD' },
      });
      await api.request('POST', `/v1/sandbox/agreements/${usd.body.data.id}/sign`, { body: {} });
      const big = await api.request<{ code: string; param: string }>(
        'POST',
        `/v1/agreements/${usd.body.data.id}/deductions`,
        { body: { amount: (TWO_53 + 1n).toString(), title: 'Plan' } },
      );
      expect(big.body).toMatchObject({ code: 'invalid_amount', param: 'amount' });
    });
  });
}
