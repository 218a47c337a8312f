/**
 * Start-up safety: the database's files are private, a wrong master key refuses to start (instead of
 * answering 500 to every signed request), a lost key file is never silently replaced for a database that
 * holds secrets, a key file readable by others is reported, and database URLs are printed masked.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { prepareStore } from '../../src/prepare-store.js';
import { parseDatabaseUrl, redactDatabaseUrl, SecretBox } from '../../src/store/index.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

const work = mkdtempSync(join(tmpdir(), 'polypay-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;
const OTHER_KEY = Buffer.alloc(32, 9).toString('hex');

describe('database URLs in output', () => {
  it('mask the password', () => {
    expect(redactDatabaseUrl('postgres://polypay:hunter2@db:5432/pay?schema=a')).toBe(
      'postgres://polypay:***@db:5432/pay?schema=a',
    );
    expect(redactDatabaseUrl('postgresql://db/pay')).toBe('postgresql://db/pay');
    expect(redactDatabaseUrl('sqlite:./data/polypay.db')).toBe('sqlite:./data/polypay.db');
  });
});

describe('master key file', () => {
  it('warns when others may read it', () => {
    const file = join(work, 'loose.key');
    writeFileSync(file, `${Buffer.alloc(32, 3).toString('base64')}\n`, { mode: 0o644 });
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    SecretBox.load({ env: {}, keyFile: file, warn: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('chmod 600');
    chmodSync(file, 0o600);
    SecretBox.load({ env: {}, keyFile: file, warn: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
  });
});

describe('sqlite: database files', () => {
  it('creates the directory 0700 and the database 0600', async () => {
    const dir = join(work, 'fresh', 'data');
    const config = loadConfig(
      { databaseUrl: `sqlite:${join(dir, 'polypay.db')}` },
      { POLYPAY_MASTER_KEY_FILE: join(dir, 'master.key') },
    );
    const { store } = await prepareStore(config, { createDemo: true });
    await store.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'polypay.db'))).toBe(0o600);
    expect(mode(join(dir, 'master.key'))).toBe(0o600);
    for (const extra of ['polypay.db-wal', 'polypay.db-shm']) {
      if (existsSync(join(dir, extra))) expect(mode(join(dir, extra))).toBe(0o600);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: master key at start-up`, () => {
    const saved = process.env.POLYPAY_MASTER_KEY;
    let url: string | undefined;
    afterEach(async () => {
      if (saved === undefined) delete process.env.POLYPAY_MASTER_KEY;
      else process.env.POLYPAY_MASTER_KEY = saved;
      if (url) await dropTestDatabase(url);
      url = undefined;
    });

    async function setUp() {
      url = await testDatabaseUrl(dialect);
      const location = parseDatabaseUrl(url);
      const keyFile =
        location.dialect === 'sqlite'
          ? join(dirname(location.filename), 'master.key')
          : join(mkdtempSync(join(work, 'pg-')), 'master.key');
      delete process.env.POLYPAY_MASTER_KEY;
      const config = loadConfig({ databaseUrl: url }, { POLYPAY_MASTER_KEY_FILE: keyFile });
      const first = await prepareStore(config, { createDemo: true });
      expect(first.demo).toBeDefined();
      await first.store.close();
      return { config, keyFile };
    }

    it('starts again with its key, and refuses to start with another', async () => {
      const { config } = await setUp();
      const again = await prepareStore(config, { createDemo: true });
      expect(again.demo).toBeUndefined();
      await again.store.close();

      process.env.POLYPAY_MASTER_KEY = OTHER_KEY;
      await expect(prepareStore(config, { createDemo: true })).rejects.toThrow(/master key does not open/);
    });

    it('never creates a new key for a database that holds secrets', async () => {
      const { config, keyFile } = await setUp();
      rmSync(keyFile);
      await expect(prepareStore(config, { createDemo: true })).rejects.toThrow(/does not exist/);
      expect(existsSync(keyFile)).toBe(false);
    });
  });
}
