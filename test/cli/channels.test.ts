import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import { createChannelConfig } from '../../src/services/channel-configs.js';
import { openStore, SecretBox } from '../../src/store/index.js';
import { DIALECTS, testDatabaseUrl } from '../helpers/stores.js';
import { TEST_PROVIDER, TEST_PROVIDERS } from '../helpers/test-provider.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-channels-'));
const keyFile = join(workdir, 'master.key');
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: keyFile, LOG_LEVEL: 'warn' };

function polypay(...args: string[]) {
  return run(process.execPath, [...CLI, ...args], { env, cwd: workdir });
}

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay channels', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: add refuses what the API refuses; list and disable work on the app's configurations`, async () => {
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
      ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('no app app_nope') });

      // A configuration of a provider this CLI build does not ship, made through the same service.
      const store = await openStore(url);
      const created = await createChannelConfig(
        {
          store,
          box: SecretBox.load({ env: {}, keyFile }),
          clock: systemClock,
          providers: TEST_PROVIDERS,
          publicUrl: 'http://127.0.0.1:8080',
        },
        { merchantId: merchant.merchant_id, appId: merchant.app_id, mode: 'test', timeZone: 'Asia/Shanghai' },
        {
          provider: TEST_PROVIDER,
          payways: ['alipay'],
          sub_payways: ['barcode'],
          currencies: ['CNY'],
          base_url: 'http://127.0.0.1:9',
          credentials: { merchant_no: 'm1', secret: 'very-secret' },
        },
      );
      await store.close();

      const listed = await polypay('channels', 'list', ...app, '--json');
      expect(listed.stdout).not.toContain('very-secret');
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: created.id, status: 'enabled', credentials_set: ['merchant_no', 'secret'] },
      ]);
      const text = await polypay('channels', 'list', ...app);
      expect(text.stdout).toContain(`${created.id}  enabled  ${TEST_PROVIDER}  alipay  barcode  CNY`);

      const disabled = await polypay('channels', 'disable', created.id, ...app, '--json');
      expect(JSON.parse(disabled.stdout)).toMatchObject({ id: created.id, status: 'disabled' });
      await expect(polypay('channels', 'disable', 'chc_nope', ...app)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('resource_not_found (id)'),
      });
      // Eight CLI processes, each compiling the sources on start.
    }, 120_000);
  }
});
