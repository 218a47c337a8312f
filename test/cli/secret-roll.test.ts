import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock.js';
import { createWebhookEndpoint } from '../../src/services/webhooks/endpoints.js';
import { openStore, SecretBox } from '../../src/store/index.js';

/** `polypay app roll-signing-secret` and `polypay webhooks rotate-secret`: the server side of a roll. */

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-roll-'));
const keyFile = join(workdir, 'master.key');
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: keyFile, LOG_LEVEL: 'warn' };
const polypay = (...args: string[]) => run(process.execPath, [...CLI, ...args], { env, cwd: workdir });
const url = `sqlite:${join(workdir, 'roll.db')}`;

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay CLI: rolling secrets with an overlap', () => {
  it('app roll-signing-secret stores a new secret and keeps the old one for the overlap', async () => {
    await polypay('migrate', '--database-url', url);
    const made = JSON.parse(
      (await polypay('merchant', 'create', '--name', 'Signer', '--json', '--database-url', url)).stdout,
    ) as { app_id: string; signing_secret: string };
    const before = Date.now();
    const rolled = JSON.parse(
      (
        await polypay(
          'app',
          'roll-signing-secret',
          made.app_id,
          '--overlap-seconds',
          '3600',
          '--database-url',
          url,
        )
      ).stdout,
    ) as { app_id: string; signing_secret: string; previous_secret_expires_at: number };
    expect(rolled.app_id).toBe(made.app_id);
    expect(rolled.signing_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rolled.previous_secret_expires_at).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(rolled.previous_secret_expires_at).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const box = SecretBox.load({ keyFile, createIfMissing: false });
    const store = await openStore(url);
    try {
      const app = await store.db
        .selectFrom('apps')
        .selectAll()
        .where('id', '=', made.app_id)
        .executeTakeFirstOrThrow();
      expect(box.decrypt(app.signing_secret_enc)).toBe(rolled.signing_secret);
      expect(box.decrypt(app.previous_signing_secret_enc!)).toBe(made.signing_secret);
      expect(Number(app.previous_signing_secret_expires_at)).toBe(rolled.previous_secret_expires_at);
    } finally {
      await store.close();
    }
    const unknown = polypay('app', 'roll-signing-secret', 'app_nope', '--database-url', url);
    await expect(unknown).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no app app_nope'),
    });
  }, 120_000);

  it('webhooks rotate-secret gives an endpoint a new secret; the old one signs for the grace period', async () => {
    const made = JSON.parse(
      (await polypay('merchant', 'create', '--name', 'Hooked', '--json', '--database-url', url)).stdout,
    ) as { merchant_id: string; app_id: string };
    const box = SecretBox.load({ keyFile, createIfMissing: false });
    const store = await openStore(url);
    try {
      const { endpoint, secret: old } = await createWebhookEndpoint(
        { store, box, clock: systemClock },
        { merchantId: made.merchant_id, appId: made.app_id, mode: 'test' },
        { url: 'https://example.com/hooks', enabledEvents: ['*'] },
      );
      const before = Date.now();
      const rotated = JSON.parse(
        (
          await polypay(
            'webhooks',
            'rotate-secret',
            endpoint.id,
            '--grace-period-seconds',
            '600',
            '--database-url',
            url,
          )
        ).stdout,
      ) as { id: string; secret: string; previous_secret_expires_at: number };
      expect(rotated.id).toBe(endpoint.id);
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.previous_secret_expires_at).toBeGreaterThanOrEqual(before + 600_000);
      const row = await store.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      expect(box.decrypt(row.secret_enc)).toBe(rotated.secret);
      expect(box.decrypt(row.previous_secret_enc!)).toBe(old);
    } finally {
      await store.close();
    }
    const unknown = polypay('webhooks', 'rotate-secret', 'we_nope', '--database-url', url);
    await expect(unknown).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no webhook endpoint we_nope'),
    });
  }, 120_000);
});
