/**
 * The statement budget of the hot write paths: how many statements (on PostgreSQL: round trips) one signed
 * barcode charge and one refund send to the database through the public API, counted by the driver
 * wrapper (src/store/statement-counter.ts). The budgets are figures, not times: a change that adds a
 * statement to a hot path fails here and has to raise the budget on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleMerchant } from '../../src/services/settlement.js';
import { StatementCounter } from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  barcodeBody,
  type ChargeView,
  type Envelope,
  expectDeliveriesJobbed,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS, type Dialect } from '../helpers/stores.js';
import { merchantsPerTransaction, tablesWithoutMerchant } from './merchant-scope.js';

/**
 * Statements of one paid barcode charge, BEGIN and COMMIT included. PostgreSQL: the new charge with the
 * request's nonce and claim, then its outcome with the stored answer (each one statement committed alone).
 * SQLite: a unit alone in its group commit (as here) has no savepoint; among others it has two more.
 */
export const CHARGE_STATEMENT_BUDGET: Record<Dialect, number> = { sqlite: 18, postgres: 2 };
/**
 * SQLite commits of one charge: the request's nonce and idempotency claim with the new charge, then its
 * outcome with the stored answer. Each commit waits for the disk (group commit shares that wait).
 */
export const SQLITE_CHARGE_COMMITS = 2;
/** SQLite commits of one refund: nonce, claim and reservation; then the outcome with the stored answer. */
export const SQLITE_REFUND_COMMITS = 2;
/**
 * What two webhook endpoints subscribed to the charge's event add to it: their deliveries and jobs; on
 * PostgreSQL nothing, since they are parts of the outcome's one statement (once the process has seen
 * the app's endpoints: its first charge's outcome reads them in a transaction).
 */
export const WEBHOOK_FANOUT_STATEMENTS: Record<Dialect, number> = { sqlite: 2, postgres: 0 };
/**
 * Statements of one full refund of a paid charge. PostgreSQL: the charge read, then the reservation's
 * transaction (the claim, the charge locked, its refunds and operations in one read, the reservation's
 * writes), then the success in one statement with the refund's event and the stored answer.
 */
export const REFUND_STATEMENT_BUDGET: Record<Dialect, number> = { sqlite: 23, postgres: 8 };

const VERBOSE = process.env.POLYPAY_PRINT_STATEMENTS === '1';

function show(label: string, statements: readonly { sql: string }[]): void {
  if (!VERBOSE) return;
  console.log(`${label}: ${statements.length} statements`);
  for (const s of statements) console.log(`  ${s.sql.slice(0, 160)}`);
}

/** One signed barcode charge with an Idempotency-Key, the hot path the budgets are about. */
function signedCharge(api: TestApi) {
  return api.request<Envelope<ChargeView>>('POST', '/v1/charges', {
    body: barcodeBody({ amount: 1_000 }),
    sign: true,
    headers: { 'idempotency-key': uniqueNo('idem') },
  });
}

/** docs/scaling.md: no unit of work may name two merchants (it could not run on one shard). */
function expectOneMerchantPerTransaction(statements: Parameters<typeof merchantsPerTransaction>[0]): void {
  const units = merchantsPerTransaction(statements);
  expect(units.length).toBeGreaterThan(0);
  for (const unit of units) expect(unit.size, [...unit].join(', ')).toBeLessThanOrEqual(1);
  expect(units.some((unit) => unit.size === 1)).toBe(true);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: statement budget of the write paths`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      // The API key and the channel configurations are read once per time to live (src/store/read-cache.ts):
      // a long one here, so that a slow machine does not turn the steady state into a first use.
      api = await startTestApi(dialect, { counter, readCacheTtlMs: 600_000 });
      // Warm-up: first-use reads (caches of keys, apps, channels) are not the steady state.
      const first = await charge();
      expect(first.status, first.text).toBe(200);
    });
    afterAll(async () => api?.close());

    const charge = () => signedCharge(api);

    it('every table is distributed by merchant, or is a declared reference table', async () => {
      expect(await tablesWithoutMerchant(api.store.db)).toEqual([]);
    });

    it('one signed barcode charge stays within its statement budget', async () => {
      counter.start();
      const answer = await charge();
      const statements = counter.stop();
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.data.status).toBe('PAID');
      show(`${dialect} charge`, statements);
      expectOneMerchantPerTransaction(statements);
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.length).toBeLessThanOrEqual(CHARGE_STATEMENT_BUDGET[dialect]);
      if (dialect === 'sqlite') {
        expect(statements.filter((s) => s.sql === 'commit')).toHaveLength(SQLITE_CHARGE_COMMITS);
      }
    });

    it('one signed full refund stays within its statement budget', async () => {
      const paid = await charge();
      expect(paid.body.data.status).toBe('PAID');
      counter.start();
      const answer = await api.request('POST', `/v1/charges/${paid.body.data.id}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 1_000 },
        sign: true,
        headers: { 'idempotency-key': uniqueNo('idem') },
      });
      const statements = counter.stop();
      expect(answer.status, answer.text).toBe(200);
      show(`${dialect} refund`, statements);
      expectOneMerchantPerTransaction(statements);
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.length).toBeLessThanOrEqual(REFUND_STATEMENT_BUDGET[dialect]);
      if (dialect === 'sqlite') {
        expect(statements.filter((s) => s.sql === 'commit')).toHaveLength(SQLITE_REFUND_COMMITS);
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: statement budget of a charge whose app has webhook endpoints`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, {
        counter,
        readCacheTtlMs: 600_000,
        webhookTargets: PRIVATE_TARGETS_FOR_TESTS,
      });
      for (const events of [['charge.succeeded'], ['*'], ['refund.succeeded']]) {
        const created = await api.request('POST', '/v1/webhook_endpoints', {
          body: { url: 'http://127.0.0.1:9/hooks', enabled_events: events },
        });
        expect(created.status, created.text).toBe(200);
      }
      // The app's first charge: on PostgreSQL its outcome tries one statement, which refuses itself for
      // endpoints this process has not seen, and is applied again in a transaction that reads them.
      const first = await charge();
      expect(first.status, first.text).toBe(200);
      expect(await deliveriesOf(first.body.data.id)).toHaveLength(2);
    });
    afterAll(async () => api?.close());

    const charge = () => signedCharge(api);
    const deliveriesOf = (chargeId: string) =>
      api.store.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select('d.id')
        .where('e.object_id', '=', chargeId)
        .execute();

    it('schedules the deliveries of every subscribed endpoint in a fixed number of statements', async () => {
      counter.start();
      const answer = await charge();
      const statements = counter.stop();
      expect(answer.status, answer.text).toBe(200);
      show(`${dialect} charge with webhook endpoints`, statements);
      expect(statements.length).toBeLessThanOrEqual(
        CHARGE_STATEMENT_BUDGET[dialect] + WEBHOOK_FANOUT_STATEMENTS[dialect],
      );
      const deliveries = await deliveriesOf(answer.body.data.id);
      // charge.succeeded reaches the endpoint for it and the one for every event, not the refunds' one.
      expect(deliveries).toHaveLength(2);
    });
  });
}

/**
 * Statements of one settlement batch, whatever the number of charges in it: the charges locked, their
 * refunds and flows read, their settled mark, their events, their deliveries and the deliveries' jobs,
 * their journals' entries and the balances those move, BEGIN and COMMIT (and the first read of the app's
 * mode).
 */
export const SETTLEMENT_BATCH_STATEMENT_BUDGET = 13;

for (const dialect of DIALECTS) {
  describe(`${dialect}: statement budget of the settlement`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { counter, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => api?.close());

    it('settles in batches of a fixed number of statements, each charge with its journal and event', async () => {
      const endpoint = await api.request<Envelope<{ id: string }>>('POST', '/v1/webhook_endpoints', {
        body: { url: 'http://127.0.0.1:9/hooks', enabled_events: ['charge.settled'] },
      });
      expect(endpoint.status, endpoint.text).toBe(200);
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const answer = await signedCharge(api);
        expect(answer.body.data?.status, answer.text).toBe('PAID');
        ids.push(answer.body.data.id);
      }
      const refunded = await api.request('POST', `/v1/charges/${ids[0]}/refunds`, {
        body: { refund_no: uniqueNo('rf'), amount: 300 },
      });
      expect(refunded.status, refunded.text).toBe(200);
      const { db } = api.store;
      const charges = await db
        .selectFrom('charges')
        .select(['id', 'merchant_id', 'amount', 'fee'])
        .where('id', 'in', ids)
        .execute();
      const refunds = await db.selectFrom('refunds').select(['funded_from_pending']).execute();
      const proceeds =
        charges.reduce((sum, c) => sum + c.amount - c.fee, 0) -
        refunds.reduce((sum, r) => sum + r.funded_from_pending, 0);
      const before = await balanceOf(api);

      counter.start();
      const settled = await settleMerchant(api.runtime.charges, charges[0]!.merchant_id, 'Asia/Shanghai', {
        cutoff: Date.now() + 1,
        batch: 3,
      });
      const statements = counter.stop();
      expect(settled).toBe(7);
      show(`${dialect} settlement of 7 in batches of 3`, statements);
      // 3 + 3 + 1: three transactions, each of the same few statements.
      expect(statements.filter((s) => s.sql === 'commit')).toHaveLength(3);
      expect(statements.length).toBeLessThanOrEqual(3 * SETTLEMENT_BATCH_STATEMENT_BUDGET);
      expectOneMerchantPerTransaction(statements);

      const after = await balanceOf(api);
      expect(after).toEqual({
        available: before.available + proceeds,
        pending: before.pending - proceeds,
      });
      await assertLedgerConsistent(api.store, charges[0]!.merchant_id);
      const marked = await db
        .selectFrom('charges')
        .select(['settled_at', 'version'])
        .where('id', 'in', ids)
        .execute();
      for (const row of marked) expect(row.settled_at).not.toBeNull();
      const events = await db
        .selectFrom('events')
        .select(['id', 'object_id'])
        .where('type', '=', 'charge.settled')
        .execute();
      expect(events.map((e) => e.object_id).sort()).toEqual([...ids].sort());
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select(['id', 'event_id'])
        .where(
          'event_id',
          'in',
          events.map((e) => e.id),
        )
        .execute();
      expect(deliveries).toHaveLength(7);
      await expectDeliveriesJobbed(
        api.store,
        deliveries.map((delivery) => delivery.id),
      );
      // Nothing is settled twice.
      expect(
        await settleMerchant(api.runtime.charges, charges[0]!.merchant_id, 'Asia/Shanghai', {
          cutoff: Date.now() + 1,
        }),
      ).toBe(0);
    });
  });
}
