import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, testDatabaseUrl } from '../helpers/stores.js';

const run = promisify(execFile);
// tsx is resolved from the repository, since the CLI runs in a temporary working directory.
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-'));
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), LOG_LEVEL: 'warn' };

function polypay(...args: string[]) {
  return run(process.execPath, [...CLI, ...args], { env, cwd: workdir });
}

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay CLI', () => {
  it('--help lists the commands', async () => {
    const { stdout } = await polypay('--help');
    for (const command of ['serve', 'migrate', 'merchant', 'errors']) expect(stdout).toContain(command);
    const serveHelp = await polypay('serve', '--help');
    expect(serveHelp.stdout).toContain('--database-url');
    expect(serveHelp.stdout).toContain('--port');
    for (const option of [
      '--allow-private-webhook-targets',
      '--webhook-timeout-ms',
      '--metrics-token',
      '--public-rate-limit',
      '--request-timeout-ms',
      '--connection-timeout-ms',
      '--read-cache-ttl-ms',
    ]) {
      expect(serveHelp.stdout).toContain(option);
    }
  });

  it('errors lookup bybit 139002005 prints a retryable unified error', async () => {
    const { stdout } = await polypay('errors', 'lookup', 'bybit', '139002005');
    const result = JSON.parse(stdout) as { unified: { retryable: boolean }; upstream: { code: string } };
    expect(result.unified.retryable).toBe(true);
    expect(result.upstream.code).toBe('139002005');
  });

  it('errors show and list agree with the catalog; unknown input fails clearly', async () => {
    const shown = JSON.parse((await polypay('errors', 'show', 'charge_closed')).stdout) as { code: string };
    expect(shown.code).toBe('charge_closed');
    const listed = JSON.parse((await polypay('errors', 'list', '--json')).stdout) as unknown[];
    expect(listed.length).toBeGreaterThan(60);
    await expect(polypay('errors', 'show', 'nope')).rejects.toMatchObject({ code: 1 });
    await expect(polypay('errors', 'lookup', 'visa', '1')).rejects.toMatchObject({
      stderr: expect.stringContaining('expected one of'),
    });
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: migrate, then merchant create --json prints working credentials`, async () => {
      let url = await testDatabaseUrl(dialect);
      if (dialect === 'postgres') {
        // The test server trusts local connections, so any password works; it must never be printed.
        const withPassword = new URL(url);
        withPassword.password = 'hunter2-secret';
        url = withPassword.toString();
      }
      const migrated = await polypay('migrate', '--database-url', url);
      expect(migrated.stdout).not.toContain('hunter2-secret');
      if (dialect === 'postgres') expect(migrated.stdout).toContain(':***@');
      const { stdout } = await polypay(
        'merchant',
        'create',
        '--name',
        'CLI shop',
        '--json',
        '--database-url',
        url,
      );
      const created = JSON.parse(stdout) as Record<string, string>;
      expect(Object.keys(created).sort()).toEqual(['app_id', 'merchant_id', 'secret_key', 'signing_secret']);
      expect(created.secret_key).toMatch(/^sk_test_/);
    });
  }

  it('serve on an empty database creates a demo merchant and prints a curl line that works', async () => {
    const url = `sqlite:${join(workdir, 'serve.db')}`;
    const child: ChildProcess = spawn(
      process.execPath,
      [...CLI, 'serve', '--port', '0', '--database-url', url],
      { env, cwd: workdir },
    );
    let logged = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      logged += chunk.toString();
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no curl line in: ${text}`)), 20_000);
        // The banner (and its curl line) is on stderr, apart from the JSON log on stdout.
        child.stderr?.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/curl .*\n/.test(text)) {
            clearTimeout(timer);
            resolve(text);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
      });
      const curl = /curl -s (\S+) -H 'Authorization: Bearer (\S+)'/.exec(output);
      expect(curl).not.toBeNull();
      // stdout is the JSON log alone: the banner never mixes into it.
      expect(logged).not.toContain('curl');
      expect(logged).not.toContain('listening on');
      const response = await fetch(curl![1]!, { headers: { authorization: `Bearer ${curl![2]}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ code: 0, message: 'success' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
