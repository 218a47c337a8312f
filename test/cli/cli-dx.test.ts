import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { getApp, openStore, updateAppSettings } from '../../src/store/index.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-dx-'));
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), LOG_LEVEL: 'warn' };
const polypay = (...args: string[]) => run(process.execPath, [...CLI, ...args], { env, cwd: workdir });

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay CLI: the rough edges', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect((await polypay('--version')).stdout.trim()).toBe(version);
  });

  it('errors list starts with a header row', async () => {
    const first = (await polypay('errors', 'list')).stdout.split('\n')[0]!;
    expect(first).toMatch(/^CODE\s+HTTP\s+RETRY\s+MESSAGE$/);
  });

  it('piped into a reader that stops early (head), it ends quietly with status 0', async () => {
    const child = spawn(process.execPath, [...CLI, 'errors', 'list'], { env, cwd: workdir });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Read one chunk, then close the pipe the way `head -1` does.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('app reset-allowlist removes an allow-list that locks the app out; an unknown app exits 1', async () => {
    const url = `sqlite:${join(workdir, 'reset.db')}`;
    await polypay('migrate', '--database-url', url);
    const { stdout } = await polypay(
      'merchant',
      'create',
      '--name',
      'Locked',
      '--json',
      '--database-url',
      url,
    );
    const { app_id: appId } = JSON.parse(stdout) as { app_id: string };
    const store = await openStore(url);
    try {
      await updateAppSettings(store.db, appId, { ipAllowlist: ['203.0.113.7'] });
      const reset = await polypay('app', 'reset-allowlist', appId, '--database-url', url);
      expect(reset.stdout).toContain(appId);
      expect((await getApp(store.db, appId))?.ip_allowlist).toBeNull();
    } finally {
      await store.close();
    }
    await expect(polypay('app', 'reset-allowlist', 'app_nope', '--database-url', url)).rejects.toMatchObject({
      code: 1,
    });
  }, 120_000);

  it('merchant list shows every merchant; keys roll prints a new key and keys revoke stops one', async () => {
    const url = `sqlite:${join(workdir, 'keys.db')}`;
    await polypay('migrate', '--database-url', url);
    const made = JSON.parse(
      (await polypay('merchant', 'create', '--name', 'Key shop', '--json', '--database-url', url)).stdout,
    ) as {
      merchant_id: string;
      app_id: string;
      secret_key: string;
    };
    const listed = (await polypay('merchant', 'list', '--database-url', url)).stdout.split('\n');
    expect(listed[0]).toBe('MERCHANT_ID\tAPP_ID\tMODE\tSTATUS\tNAME');
    expect(listed[1]).toBe(`${made.merchant_id}\t${made.app_id}\ttest\tactive\tKey shop`);
    const store = await openStore(url);
    try {
      const key = await store.db
        .selectFrom('api_keys')
        .select('id')
        .where('app_id', '=', made.app_id)
        .executeTakeFirstOrThrow();
      const rolled = JSON.parse(
        (await polypay('keys', 'roll', key.id, '--overlap-seconds', '3600', '--database-url', url)).stdout,
      ) as {
        id: string;
        key: string;
      };
      expect(rolled.key).toMatch(/^sk_test_/);
      await polypay('keys', 'revoke', rolled.id, '--database-url', url);
      const row = await store.db
        .selectFrom('api_keys')
        .select('status')
        .where('id', '=', rolled.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('revoked');
    } finally {
      await store.close();
    }
    await expect(polypay('keys', 'revoke', 'key_nope', '--database-url', url)).rejects.toMatchObject({
      code: 1,
    });
  }, 120_000);
});
