import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every command exits 0 on success, 1 on a failure at run time and 2 on a usage error, with its
 * messages on stderr and nothing but results on stdout (the table is in `--help` and the README).
 */

const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-exit-'));
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), LOG_LEVEL: 'warn' };
const url = `sqlite:${join(workdir, 'exit.db')}`;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
const polypay = (...args: string[]): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { env, cwd: workdir }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });

beforeAll(async () => {
  expect((await polypay('migrate', '--database-url', url)).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe('polypay exit codes', () => {
  it('0 on success, results on stdout and nothing on stderr', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    for (const args of [
      ['--version'],
      ['--help'],
      ['errors', 'list'],
      ['merchant', 'list', '--database-url', url],
    ]) {
      const ran = await polypay(...args);
      expect(ran, args.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(ran.stdout, args.join(' ')).not.toBe('');
    }
    expect((await polypay('--version')).stdout.trim()).toBe(version);
  }, 120_000);

  it('--help documents the exit codes', async () => {
    const help = (await polypay('--help')).stdout;
    expect(help).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+runtime failure.*\n\s+2\s+usage error/);
  }, 60_000);

  it('2 on a usage error: unknown command or option, missing or invalid argument', async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: polypay/],
      [['refund-everything'], /unknown command 'refund-everything'/],
      [['errors', 'list', '--bogus'], /unknown option '--bogus'/],
      [['keys', 'roll', 'key_x', '--overlap-seconds', 'soon'], /argument 'soon' is invalid/],
      [['merchant', 'create', '--database-url', url], /required option '--name <name>'/],
      [
        ['merchant', 'create', '--name', 'Shop', '--mode', 'demo', '--database-url', url],
        /--mode must be test or live/,
      ],
      [['errors', 'lookup', 'nopay', '1'], /expected one of/],
      [['emulator', 'nopay'], /no emulator for "nopay"/],
      [['trigger', 'nothing.happened'], /cannot trigger nothing\.happened/],
    ];
    for (const [args, message] of cases) {
      const ran = await polypay(...args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(ran.stderr, args.join(' ')).toMatch(message);
      expect(ran.stdout, args.join(' ')).toBe('');
    }
  }, 120_000);

  it('1 on a failure at run time: not found, unreachable database or server', async () => {
    const cases: [string[], RegExp][] = [
      [['errors', 'show', 'no_such_code'], /no_such_code/],
      [['keys', 'revoke', 'key_nope', '--database-url', url], /no active key key_nope/],
      [['app', 'roll-signing-secret', 'app_nope', '--database-url', url], /no app app_nope/],
      [['channels', 'list', '--app', 'app_nope', '--database-url', url], /no app app_nope/],
      [['migrate', '--database-url', 'postgres://nobody@127.0.0.1:1/none'], /polypay: /],
      [
        ['trigger', 'charge.succeeded', '--api-key', 'sk_test_x', '--base-url', 'http://127.0.0.1:1'],
        /polypay: /,
      ],
    ];
    for (const [args, message] of cases) {
      const ran = await polypay(...args);
      expect(ran.code, args.join(' ')).toBe(1);
      expect(ran.stderr, args.join(' ')).toMatch(message);
      expect(ran.stdout, args.join(' ')).toBe('');
    }
  }, 120_000);
});
