/**
 * A charge's status move writes the charge, the channel answer's flow result, the dropped resolution job,
 * its event and its journal (on PostgreSQL in one statement): deliveries go only to the endpoints that
 * subscribe to the event, and a charge changed meanwhile leaves nothing of the move behind.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARGE_RESOLVE_JOB } from '../../src/services/charges/deps.js';
import { moveCharge } from '../../src/services/charges/move-charge.js';
import { MoveNeedsTransaction } from '../../src/services/charges/move-statement.js';
import { WEBHOOK_DELIVER_JOB } from '../../src/services/events.js';
import {
  type Charge,
  type CountedStatement,
  type Database,
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

    /** A QR charge written and read, then `before` (another writer meanwhile), then its move to PAID refused. */
    async function refusedMove(options: {
      before: (id: string, written: Charge) => Promise<void>;
      standalone: boolean;
      refusal: new (...args: never[]) => Error;
    }): Promise<CountedStatement[]> {
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
      await options.before(id, written);
      const balancesBefore = await db.selectFrom('ledger_balances').selectAll().execute();
      const eventsBefore = await db.selectFrom('events').select('id').where('object_id', '=', id).execute();
      const chargeBefore = await getChargeById(db, id);

      counter.start();
      const work = (trx: Kysely<Database>) =>
        moveCharge(
          trx,
          api.runtime.charges,
          written,
          'PAID',
          { channel_trade_no: 'T-refused' },
          {
            expectVersion: true,
            ...(options.standalone ? { standalone: true } : {}),
            flowResult: {
              flowId: flow.id,
              changes: { status: 'SUCCESS', biz_result: 'PAY_SUCCESS', updated_at: written.updated_at + 2 },
              dropJobId: job.id,
            },
          },
        );
      const move = options.standalone ? api.store.writeAutocommit(work) : api.store.write(work);
      await expect(move).rejects.toBeInstanceOf(options.refusal);
      const statements = counter.stop();
      if (dialect === 'postgres') {
        // The event and the journal were written with the charge's update, and rolled back with it.
        const combined = statements.filter((s) => s.sql.includes('update "charges"'));
        expect(combined).toHaveLength(1);
        expect(combined[0]!.sql).toContain('insert into "events"');
        expect(combined[0]!.sql).toContain('insert into "ledger_balances"');
      }

      expect(await getChargeById(db, id)).toEqual(chargeBefore);
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
      return statements;
    }

    /** Someone else changes the charge after it was read: a new version. */
    const changeIt = async (id: string, written: Charge) => {
      await updateCharge(api.store.db, id, { updated_at: written.updated_at + 1 });
    };

    it('a version changed meanwhile throws StaleChargeError and leaves nothing of the move', async () => {
      await refusedMove({ before: changeIt, standalone: false, refusal: StaleChargeError });
    });

    it.skipIf(dialect !== 'postgres')(
      'standalone (no BEGIN/COMMIT): a version changed meanwhile aborts the statement itself',
      async () => {
        const statements = await refusedMove({
          before: changeIt,
          standalone: true,
          refusal: StaleChargeError,
        });
        expect(statements.map((s) => s.sql)).not.toContain('begin');
      },
    );

    it.skipIf(dialect !== 'postgres')(
      'standalone: an app with webhook endpoints the process has not seen aborts the statement (a transaction reads them)',
      async () => {
        const statements = await refusedMove({
          before: async () => {
            await endpoint(['charge.succeeded']);
          },
          standalone: true,
          refusal: MoveNeedsTransaction,
        });
        expect(statements.map((s) => s.sql)).not.toContain('begin');
      },
    );

    it.skipIf(dialect !== 'sqlite')(
      'standalone is refused before anything is written on SQLite',
      async () => {
        await refusedMove({ before: async () => {}, standalone: true, refusal: Error });
      },
    );
  });
}
