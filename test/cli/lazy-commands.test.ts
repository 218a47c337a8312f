import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `polypay --version`, `--help`, `errors` and usage errors load none of the server's modules (the
 * database drivers, Fastify, the store, the services): a command imports them when it runs, and a
 * database command no HTTP stack. Each run is traced by a module hook (test/helpers/module-trace) that
 * writes down every module the process resolves.
 */

const root = join(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const TRACE = pathToFileURL(join(root, 'test/helpers/module-trace/register.mjs')).href;
const workdir = mkdtempSync(join(tmpdir(), 'polypay-cli-lazy-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const HEAVY = [
  '/src/server.ts',
  '/src/store/',
  '/src/api/',
  '/node_modules/fastify/',
  '/node_modules/kysely/',
  '/node_modules/better-sqlite3/',
  '/node_modules/pg/',
];

let runs = 0;
/** Runs the CLI and answers its exit code and the modules it resolved. */
function traced(...args: string[]): Promise<{ code: number; modules: string[] }> {
  const trace = join(workdir, `trace-${runs++}.txt`);
  const env = {
    ...process.env,
    POLYPAY_MODULE_TRACE: trace,
    POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'),
    LOG_LEVEL: 'warn',
  };
  const argv = ['--import', TSX, '--import', TRACE, join(root, 'src/cli/main.ts'), ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { env, cwd: workdir }, (error) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      let modules: string[] = [];
      try {
        modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
      } catch {}
      resolve({ code, modules });
    });
  });
}

describe('polypay loads a command’s modules only when it runs', () => {
  it.each([
    [['--version'], 0],
    [['--help'], 0],
    [['serve', '--help'], 0],
    [['errors', 'list'], 0],
    [['serve', '--port', 'abc'], 2],
  ])(
    '%j loads no server module',
    async (args, code) => {
      const ran = await traced(...args);
      expect(ran.code).toBe(code);
      expect(ran.modules.some((url) => url.endsWith('/src/cli/main.ts'))).toBe(true);
      expect(ran.modules.filter((url) => HEAVY.some((part) => url.includes(part)))).toEqual([]);
    },
    60_000,
  );

  it('a command that opens the database loads the store, and no HTTP stack', async () => {
    const ran = await traced('migrate', '--database-url', `sqlite:${join(workdir, 'lazy.db')}`);
    expect(ran.code).toBe(0);
    expect(ran.modules.some((url) => url.endsWith('/src/prepare-store.ts'))).toBe(true);
    expect(ran.modules.some((url) => url.includes('/node_modules/better-sqlite3/'))).toBe(true);
    const http = ['/src/server.ts', '/src/api/', '/node_modules/fastify/'];
    expect(ran.modules.filter((url) => http.some((part) => url.includes(part)))).toEqual([]);
  }, 60_000);
});
