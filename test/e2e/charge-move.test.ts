/**
 * A charge's status move writes the charge, the channel answer's flow result, the dropped resolution job,
 * its event and its journal (on PostgreSQL in one statement): deliveries go only to the endpoints that
 * subscribe to the event, and a charge changed meanwhile leaves nothing of the move behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARGE_RESOLVE_JOB } from '../../src/services/charges/deps.js';
import { moveCharge } from '../../src/services/charges/move-charge.js';
import { WEBHOOK_DELIVER_JOB } from '../../src/services/events.js';
import {
  flowsOf,
  getChargeById,
  StaleChargeError,
  StatementCounter,
  updateCharge,
} from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  chargeAction,
  createBarcodeCharge,
  createQrCharge,
  magicBarcode,
  paidCharge,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: a charge's status move`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { counter, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => api?.close());

    const endpoint = async (enabledEvents: string[]) => {
      const created = await api.request<{ data: { id: string } }>('POST', '/v1/webhook_endpoints', {
        body: { url: 'http://127.0.0.1:9/hooks', enabled_events: enabledEvents },
      });
      expect(created.status, created.text).toBe(200);
      return created.body.data.id;
    };

    it('a paid charge schedules one delivery: to the endpoint subscribed to charge.succeeded only', async () => {
      const subscribed = await endpoint(['charge.succeeded']);
      await endpoint(['refund.succeeded']);
      const paid = await paidCharge(api);
      const { db } = api.store;
      const events = await db
        .selectFrom('events')
        .select(['id', 'type'])
        .where('object_id', '=', paid.id)
        .execute();
      expect(events.map((e) => e.type)).toEqual(['charge.succeeded']);
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select(['id', 'endpoint_id'])
        .where('event_id', '=', events[0]!.id)
        .execute();
      expect(deliveries.map((d) => d.endpoint_id)).toEqual([subscribed]);
      const jobs = await db
        .selectFrom('jobs')
        .select('payload')
        .where('kind', '=', WEBHOOK_DELIVER_JOB)
        .where('payload', '=', JSON.stringify({ deliveryId: deliveries[0]!.id }))
        .execute();
      expect(jobs).toHaveLength(1);
      await assertLedgerConsistent(api.store, api.merchant.merchant_id);
    });

    it.skipIf(dialect !== 'postgres')(
      'failed, canceled and closed: the event and the journal go in the statement that moves the charge',
      async () => {
        counter.start();
        const failed = await createBarcodeCharge(api, { authCode: magicBarcode('01') });
        expect(failed.status, failed.text).toBe(402);
        const paid = await paidCharge(api);
        const canceled = await chargeAction(api, paid.id, 'cancel');
        expect(canceled.body.data?.status, canceled.text).toBe('CANCELED');
        const open = await createQrCharge(api);
        const closed = await chargeAction(api, open.body.data.id, 'close');
        expect(closed.body.data?.status, closed.text).toBe('CLOSED');
        const statements = counter.stop().map((s) => s.sql);
        // A charge's update that sets its status (a pending answer's update sets none).
        const moves = statements.filter((sql) =>
          /\bmoved as \(update "charges" set [^)]*"status" = /.test(sql),
        );
        // Paid, failed, canceled (a paid charge: its journal reversed), closed: each one statement.
        expect(moves).toHaveLength(4);
        for (const move of moves) expect(move).toContain('insert into "events"');
        expect(moves.filter((sql) => sql.includes('insert into "ledger_balances"'))).toHaveLength(2);
        const apart = statements.filter((sql) =>
          /^(with "?\w+"? as \()?insert into "(events|ledger_entries)"/.test(sql),
        );
        expect(apart).toEqual([]);
        await assertLedgerConsistent(api.store, api.merchant.merchant_id);
      },
    );

    it('a version changed meanwhile throws StaleChargeError and leaves nothing of the move', async () => {
      const created = await createQrCharge(api);
      expect(created.status, created.text).toBe(200);
      const id = created.body.data.id;
      const { db } = api.store;
      const written = (await getChargeById(db, id))!;
      const flow = (await flowsOf(db, id))[0]!;
      const job = await db
        .selectFrom('jobs')
        .select(['id', 'status'])
        .where('kind', '=', CHARGE_RESOLVE_JOB)
        .where('payload', '=', JSON.stringify({ chargeId: id }))
        .executeTakeFirstOrThrow();
      const balancesBefore = await db.selectFrom('ledger_balances').selectAll().execute();
      const eventsBefore = await db.selectFrom('events').select('id').where('object_id', '=', id).execute();
      // Someone else changes the charge after it was read: a new version.
      await updateCharge(db, id, { updated_at: written.updated_at + 1 });
      const changed = (await getChargeById(db, id))!;

      counter.start();
      const move = api.store.write((trx) =>
        moveCharge(
          trx,
          api.runtime.charges,
          written,
          'PAID',
          { channel_trade_no: 'T-stale' },
          {
            expectVersion: true,
            flowResult: {
              flowId: flow.id,
              changes: { status: 'SUCCESS', biz_result: 'PAY_SUCCESS', updated_at: written.updated_at + 2 },
              dropJobId: job.id,
            },
          },
        ),
      );
      await expect(move).rejects.toBeInstanceOf(StaleChargeError);
      const statements = counter.stop();
      if (dialect === 'postgres') {
        // The event and the journal were written with the charge's update, and rolled back with it.
        const combined = statements.filter((s) => s.sql.includes('update "charges"'));
        expect(combined).toHaveLength(1);
        expect(combined[0]!.sql).toContain('insert into "events"');
        expect(combined[0]!.sql).toContain('insert into "ledger_balances"');
      }

      expect(await getChargeById(db, id)).toEqual(changed);
      expect(await flowsOf(db, id)).toEqual([flow]);
      expect(
        await db.selectFrom('jobs').select(['id', 'status']).where('id', '=', job.id).executeTakeFirst(),
      ).toEqual(job);
      expect(await db.selectFrom('events').select('id').where('object_id', '=', id).execute()).toEqual(
        eventsBefore,
      );
      expect(await db.selectFrom('ledger_entries').select('id').where('ref_id', '=', id).execute()).toEqual(
        [],
      );
      expect(await db.selectFrom('ledger_balances').selectAll().execute()).toEqual(balancesBefore);
      await assertLedgerConsistent(api.store, api.merchant.merchant_id);
    });
  });
}
