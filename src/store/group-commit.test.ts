import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { SqliteGroupCommitter } from './group-commit.js';

function nonce(i: number) {
  return { merchant_id: 'mch_test', app_id: 'app_test', nonce: `n${i}`, expires_at: 1 };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: store.write`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    it('commits concurrent units, and a failing unit alone rolls back', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          t.store.write(async (trx) => {
            await trx.insertInto('request_nonces').values(nonce(i)).execute();
            if (i % 10 === 3) throw new Error(`unit ${i} fails after writing`);
            return i;
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
      const rows = await t.store.db.selectFrom('request_nonces').select('nonce').execute();
      const written = new Set(rows.map((r) => r.nonce));
      for (let i = 0; i < 40; i += 1) expect(written.has(`n${i}`)).toBe(i % 10 !== 3);
    });
  });
}

describe('sqlite: group commit', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
  });
  afterAll(() => t.dispose());

  it('shares one commit among units that arrive together, and answers only after it', async () => {
    const committer = new SqliteGroupCommitter(t.store.db);
    const answered: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        committer
          .run(async (trx) => {
            await trx
              .insertInto('request_nonces')
              .values(nonce(1000 + i))
              .execute();
          })
          .then(async () => {
            // Visible to a fresh reader: the commit happened before the answer.
            const row = await t.store.db
              .selectFrom('request_nonces')
              .select('nonce')
              .where('nonce', '=', `n${1000 + i}`)
              .executeTakeFirst();
            if (row) answered.push(i);
          }),
      ),
    );
    expect(answered).toHaveLength(100);
    expect(committer.stats.units).toBe(100);
    expect(committer.stats.batches).toBeLessThan(10);
  });

  it('runs a unit alone in its batch without a savepoint: failing, it leaves nothing behind', async () => {
    const committer = new SqliteGroupCommitter(t.store.db);
    await expect(
      committer.run(async (trx) => {
        await trx.insertInto('request_nonces').values(nonce(2000)).execute();
        throw new Error('fails after writing');
      }),
    ).rejects.toThrow('fails after writing');
    await committer.run(async (trx) => {
      await trx.insertInto('request_nonces').values(nonce(2001)).execute();
    });
    const rows = await t.store.db
      .selectFrom('request_nonces')
      .select('nonce')
      .where('nonce', 'in', ['n2000', 'n2001'])
      .execute();
    expect(rows.map((r) => r.nonce)).toEqual(['n2001']);
    expect(committer.stats).toEqual({ batches: 2, units: 1 });
  });
});
