import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { manualClock } from '../domain/clock.js';
import { enqueueJob, type Job } from './queue.js';
import { type JobFailure, type JobHandler, JobRunner, pickFairly } from './runner.js';

describe('pickFairly', () => {
  const jobs = (spec: string) =>
    spec.split(' ').map((s, i) => ({ id: `j${i}_${s}`, merchant_id: s === '-' ? null : s }));

  it('takes merchants in turn, in due order within each', () => {
    expect(pickFairly(jobs('a a a a b c'), 4, new Map(), 10)).toEqual(['j0_a', 'j4_b', 'j5_c', 'j1_a']);
  });

  it('never lets a merchant pass its cap, counting what already runs', () => {
    const running = new Map([['r1', 'a']]);
    expect(pickFairly(jobs('a a a b'), 4, running, 2)).toEqual(['j0_a', 'j3_b']);
  });

  it('does not cap platform jobs', () => {
    expect(pickFairly(jobs('- - -'), 3, new Map(), 1)).toHaveLength(3);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: JobRunner`, () => {
    let testStore: TestStore;
    const clock = manualClock(1_000_000);

    beforeEach(async () => {
      testStore = await createTestStore(dialect);
    });
    afterEach(async () => {
      await testStore.dispose();
    });

    const enqueue = (kind: string, merchantId: string | null = 'mch_a') =>
      enqueueJob(testStore.store.db, { merchantId, kind, payload: {}, runAt: clock.now(), now: clock.now() });
    const job = (id: string) =>
      testStore.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('runs the claimed jobs of a lane at the same time, up to its concurrency', async () => {
      let running = 0;
      let most = 0;
      const slow: JobHandler = async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        return { kind: 'done' };
      };
      for (let i = 0; i < 6; i += 1) await enqueue('slow', `mch_${i}`);
      const runner = new JobRunner({
        store: testStore.store,
        clock,
        handlers: { slow },
        lanes: [{ name: 'all', concurrency: 4 }],
      });
      expect(await runner.runDue()).toBe(4);
      expect(most).toBe(4);
      expect(await runner.runUntilIdle()).toBe(2);
    });

    it('keeps a lane for its kinds: a hanging webhook does not hold up a resolution job', async () => {
      let release: () => void = () => {};
      const hanging = new Promise<void>((r) => {
        release = r;
      });
      const ran: string[] = [];
      const runner = new JobRunner({
        store: testStore.store,
        clock,
        handlers: {
          'webhook.deliver': async () => {
            await hanging;
            return { kind: 'done' };
          },
          'charge.resolve': async () => {
            ran.push('resolve');
            return { kind: 'done' };
          },
        },
        lanes: [
          { name: 'resolution', concurrency: 1 },
          { name: 'webhooks', kinds: ['webhook.deliver'], concurrency: 1 },
        ],
      });
      await enqueue('webhook.deliver', 'mch_hostile');
      await enqueue('webhook.deliver', 'mch_hostile');
      const resolveId = await enqueue('charge.resolve', 'mch_other');
      runner.start(5);
      for (let i = 0; i < 200 && ran.length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
      expect(ran).toEqual(['resolve']);
      expect((await job(resolveId)).status).toBe('done');
      release();
      await runner.stop();
    });

    it('extends the lock of a running job and hands it back on stop', async () => {
      let release: () => void = () => {};
      const hanging = new Promise<void>((r) => {
        release = r;
      });
      const id = await enqueue('hang');
      const runner = new JobRunner({
        store: testStore.store,
        clock,
        handlers: {
          hang: async () => {
            await hanging;
            return { kind: 'done' };
          },
        },
        lockMs: 60,
        stopGraceMs: 10,
      });
      runner.start(5);
      for (let i = 0; i < 200 && (await job(id)).status !== 'running'; i += 1)
        await new Promise((r) => setTimeout(r, 5));
      const claimedUntil = (await job(id)).locked_until!;
      clock.advance(1000);
      await new Promise((r) => setTimeout(r, 80));
      // The heartbeat moved the lock with the clock: no other worker may take the job.
      expect((await job(id)).locked_until!).toBeGreaterThan(claimedUntil + 900);
      await runner.stop();
      const handedBack = await job(id);
      expect(handedBack).toMatchObject({ status: 'pending', locked_by: null });
      expect(handedBack.run_at).toBeLessThanOrEqual(clock.now());
      release();
    });

    it('takes over the job of a worker that died once its short lock runs out', async () => {
      const id = await enqueue('work');
      const seen: Job[] = [];
      const handlers = {
        work: async (j: Job) => {
          seen.push(j);
          return { kind: 'done' } as const;
        },
      };
      // A worker that claimed the job and died: its lock is never extended.
      await testStore.store.db
        .updateTable('jobs')
        .set({ status: 'running', locked_by: 'worker_dead', locked_until: clock.now() + 15_000, attempts: 1 })
        .where('id', '=', id)
        .execute();
      const runner = new JobRunner({ store: testStore.store, clock, handlers });
      expect(await runner.runDue()).toBe(0);
      clock.advance(15_001);
      expect(await runner.runDue()).toBe(1);
      expect(seen[0]?.attempts).toBe(2);
      expect((await job(id)).status).toBe('done');
    });

    it('lets two runners on one database claim each job once', async () => {
      const count = 40;
      for (let i = 0; i < count; i += 1) await enqueue('once', `mch_${i % 5}`);
      const runs = new Map<string, number>();
      const handlers = {
        once: async (j: Job) => {
          runs.set(j.id, (runs.get(j.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 1));
          return { kind: 'done' } as const;
        },
      };
      const a = new JobRunner({ store: testStore.store, clock, handlers });
      const b = new JobRunner({ store: testStore.store, clock, handlers });
      await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
      expect(runs.size).toBe(count);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: JobRunner reports every failed run`, () => {
    let testStore: TestStore;
    const clock = manualClock(1_000_000);
    beforeEach(async () => {
      testStore = await createTestStore(dialect);
    });
    afterEach(async () => {
      await testStore.dispose();
    });

    it('names the job, the object and the error, for answered and thrown failures alike', async () => {
      const db = testStore.store.db;
      const now = clock.now();
      await enqueueJob(db, {
        merchantId: 'mch_a',
        kind: 'answers',
        payload: { charge_id: 'ch_1' },
        runAt: now,
        now,
      });
      await enqueueJob(db, {
        merchantId: 'mch_a',
        kind: 'throws',
        payload: { event_id: 'ev_1' },
        runAt: now,
        now,
        maxAttempts: 1,
      });
      const failures: JobFailure[] = [];
      const runner = new JobRunner({
        store: testStore.store,
        clock,
        handlers: {
          answers: async () => ({
            kind: 'retry',
            at: clock.now() + 1_000,
            error: 'channel_connection_error',
          }),
          throws: async () => {
            throw new Error('cannot decrypt: wrong master key');
          },
        },
        onFailure: (failure) => failures.push(failure),
      });
      await runner.runDue();
      const byKind = Object.fromEntries(failures.map((f) => [f.kind, f]));
      expect(byKind.answers).toMatchObject({
        object: 'ch_1',
        merchant_id: 'mch_a',
        final: false,
        error: 'channel_connection_error',
      });
      expect(byKind.throws).toMatchObject({
        object: 'ev_1',
        final: true,
        error: 'cannot decrypt: wrong master key',
        attempt: 1,
      });
    });
  });
}
