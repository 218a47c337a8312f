/**
 * Jobs live in the database: a charge (or refund) left in doubt by one polypay process is finished by the
 * job runner of a new process started on the same database, also when the old process died holding the job.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createMerchantWithApp, openStore, SecretBox, type Store } from '../../src/store/index.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';
import {
  type Charge,
  type Envelope,
  expectPaidOnlyWhenConfirmed,
  type Refund,
  START,
} from './sandbox-harness.js';

const BOX = SecretBox.fromKey(Buffer.alloc(32, 7));

/** One polypay process: its own store connection, runtime (job runner) and HTTP server. */
interface Process {
  readonly store: Store;
  readonly runtime: Runtime;
  readonly app: FastifyInstance;
  request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: Envelope<T> }>;
  /** Stops the process: its runner, its server, its connections. */
  close(): Promise<void>;
}

async function startProcess(store: Store, clock: ManualClock, key: () => string): Promise<Process> {
  const runtime = createRuntime({ store, box: BOX, clock });
  const app = await buildApp({
    store,
    box: BOX,
    clock,
    signatureToleranceSeconds: 300,
    idempotencyTtlMs: 86_400_000,
    charges: runtime.charges,
    channels: runtime.channels,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  return {
    store,
    runtime,
    app,
    async request<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Envelope<T> };
    },
    async close() {
      await runtime.jobs.stop();
      await app.close();
      await store.close();
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: in-doubt work survives a restart`, () => {
    let testStore: TestStore | undefined;
    const processes: Process[] = [];
    afterEach(async () => {
      for (const running of processes.splice(0)) await running.close();
      await testStore?.dispose();
    });

    /** The first process, on a fresh database with one sandbox merchant, and a way to start the next. */
    async function firstProcess() {
      testStore = await createTestStore(dialect);
      const clock = manualClock(START);
      const merchant = await createMerchantWithApp(testStore.store.db, BOX, {
        name: 'Restart merchant',
        mode: 'test',
        now: clock.now(),
      });
      const key = () => merchant.secret_key;
      const first = await startProcess(testStore.store, clock, key);
      processes.push(first);
      const url = testStore.url;
      return {
        clock,
        first,
        /** Stops the first process (as if it exited) and starts a new one on the same database URL. */
        async restart(): Promise<Process> {
          processes.splice(processes.indexOf(first), 1);
          await first.close();
          const next = await startProcess(await openStore(url), clock, key);
          processes.push(next);
          return next;
        },
      };
    }

    async function createCharge(proc: Process, nn: string) {
      const response = await proc.request<Charge>('POST', '/v1/charges', {
        out_trade_no: `restart_${nn}`,
        amount: 20_000,
        currency: 'CNY',
        subject: 'Restart',
        payway: 'alipay',
        sub_payway: 'barcode',
        auth_code: magicBarcode(nn),
      });
      expect(response.status).toBe(200);
      expect(response.body.data?.status).toBe('CREATED');
      return response.body.data!.id;
    }

    async function expectPaid(proc: Process, id: string): Promise<void> {
      const charge = (await proc.request<Charge>('GET', `/v1/charges/${id}`)).body.data!;
      expect(charge.status).toBe('PAID');
      expectPaidOnlyWhenConfirmed(charge);
      const balance = await proc.request<{ balances: { pending: number }[] }>('GET', '/v1/balance');
      expect(balance.body.data?.balances[0]?.pending).toBe(charge.amount - charge.fee);
      const events = await proc.request<{ items: { type: string }[] }>('GET', '/v1/events');
      expect(events.body.data?.items.map((event) => event.type)).toEqual([
        'charge.pending',
        'charge.succeeded',
      ]);
    }

    for (const nn of ['10', '20']) {
      it(`magic ${nn}: left CREATED by the first process, PAID by the new process's job runner`, async () => {
        const { clock, first, restart } = await firstProcess();
        const id = await createCharge(first, nn);
        const pending = await first.store.db
          .selectFrom('jobs')
          .select(['kind', 'status'])
          .where('kind', '=', 'charge.resolve')
          .execute();
        expect(pending).toEqual([{ kind: 'charge.resolve', status: 'pending' }]);
        const second = await restart();
        clock.advance(6_000);
        expect(await second.runtime.jobs.runUntilIdle()).toBeGreaterThan(0);
        await expectPaid(second, id);
      });
    }

    it('a job the dead process had claimed is taken over once its lock expires', async () => {
      const { clock, first, restart } = await firstProcess();
      const id = await createCharge(first, '10');
      // The first process claimed the job and died with it.
      await first.store.db
        .updateTable('jobs')
        .set({ status: 'running', locked_by: 'worker_dead', locked_until: clock.now() + 10_000 })
        .where('kind', '=', 'charge.resolve')
        .execute();
      const second = await restart();
      clock.advance(6_000);
      await second.runtime.jobs.runUntilIdle();
      const locked = await second.store.db
        .selectFrom('charges')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      expect(locked?.status).toBe('CREATED');
      clock.advance(5_000);
      await second.runtime.jobs.runUntilIdle();
      await expectPaid(second, id);
    });

    it("the new process's runner, once started, finishes the charge on its own", async () => {
      const { clock, first, restart } = await firstProcess();
      const id = await createCharge(first, '20');
      const second = await restart();
      clock.advance(3_000);
      second.runtime.jobs.start(10);
      const deadline = Date.now() + 5_000;
      let status: string | undefined;
      while (Date.now() < deadline) {
        const row = await second.store.db
          .selectFrom('charges')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirst();
        status = row?.status;
        if (status === 'PAID') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await second.runtime.jobs.stop();
      expect(status).toBe('PAID');
      await expectPaid(second, id);
    });

    it('a refund left pending (9902) is settled by the new process', async () => {
      const { clock, first, restart } = await firstProcess();
      const paid = await first.request<Charge>('POST', '/v1/charges', {
        out_trade_no: 'restart_refund',
        amount: 20_000,
        currency: 'CNY',
        subject: 'Restart',
        payway: 'alipay',
        sub_payway: 'barcode',
        auth_code: '286512345678901234',
      });
      expect(paid.body.data?.status).toBe('PAID');
      const refund = await first.request<Refund>('POST', `/v1/charges/${paid.body.data!.id}/refunds`, {
        refund_no: 'restart_rf',
        amount: 9_902,
      });
      expect(refund.body.data?.status).toBe('PENDING');
      const second = await restart();
      clock.advance(6_000);
      await second.runtime.jobs.runUntilIdle();
      const settled = await second.request<Refund>('GET', `/v1/refunds/${refund.body.data!.id}`);
      expect(settled.body.data?.status).toBe('SUCCEEDED');
      const charge = await second.request<Charge>('GET', `/v1/charges/${paid.body.data!.id}`);
      expect(charge.body.data).toMatchObject({ status: 'PARTIAL_REFUNDED', amount_refunded: 9_902 });
    });
  });
}
