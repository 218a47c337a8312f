import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, testDatabaseUrl } from '../helpers/stores.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-channels-'));
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), LOG_LEVEL: 'warn' };

function polypay(...args: string[]) {
  return run(process.execPath, [...CLI, ...args], { env, cwd: workdir });
}

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay channels', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: add (refusing what the API refuses), list and disable an app's configurations`, async () => {
      const url = await testDatabaseUrl(dialect);
      const merchant = JSON.parse(
        (await polypay('merchant', 'create', '--name', 'CLI shop', '--json', '--database-url', url)).stdout,
      ) as { merchant_id: string; app_id: string };
      const app = ['--app', merchant.app_id, '--database-url', url];

      const refused = polypay(
        'channels',
        'add',
        ...app,
        '--provider',
        'nopay',
        '--payways',
        'alipay',
        '--sub-payways',
        'barcode',
        '--currencies',
        'CNY',
        '--base-url',
        'https://nopay.example',
        '--credential',
        'key=value',
      );
      await expect(refused).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('invalid_params (provider)'),
      });
      await expect(
        polypay('channels', 'list', '--app', 'app_nope', '--database-url', url),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no app app_nope') });

      const missing = polypay(
        'channels',
        'add',
        ...app,
        '--provider',
        'shouqianba',
        '--payways',
        'alipay',
        '--sub-payways',
        'barcode',
        '--currencies',
        'CNY',
        '--base-url',
        'https://vsi-api.shouqianba.com',
        '--credential',
        'vendor_sn=91800001',
      );
      await expect(missing).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('missing_param (credentials.vendor_key)'),
      });
      const added = await polypay(
        'channels',
        'add',
        ...app,
        '--provider',
        'shouqianba',
        '--payways',
        'alipay,wechat',
        '--sub-payways',
        'barcode,qrcode',
        '--currencies',
        'CNY',
        '--base-url',
        'https://vsi-api.shouqianba.com/',
        '--credential',
        'vendor_sn=91800001',
        '--credential',
        'vendor_key=very-secret',
        '--credential',
        'app_id=2026000001',
        '--credential',
        'code=12345678',
        '--json',
      );
      expect(added.stdout).not.toContain('very-secret');
      const created = JSON.parse(added.stdout) as { id: string };
      expect(created).toMatchObject({
        provider: 'shouqianba',
        mode: 'test',
        base_url: 'https://vsi-api.shouqianba.com',
        credentials_set: ['app_id', 'code', 'vendor_key', 'vendor_sn'],
      });

      const listed = await polypay('channels', 'list', ...app, '--json');
      expect(listed.stdout).not.toContain('very-secret');
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: created.id, status: 'enabled', payways: ['alipay', 'wechat'] },
      ]);
      const text = await polypay('channels', 'list', ...app);
      expect(text.stdout).toContain(`${created.id}  enabled  shouqianba  alipay,wechat  barcode,qrcode  CNY`);

      const disabled = await polypay('channels', 'disable', created.id, ...app, '--json');
      expect(JSON.parse(disabled.stdout)).toMatchObject({ id: created.id, status: 'disabled' });
      await expect(polypay('channels', 'disable', 'chc_nope', ...app)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('resource_not_found (id)'),
      });
      // Nine CLI processes, each compiling the sources on start.
    }, 120_000);
  }
});
