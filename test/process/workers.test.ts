/**
 * `polypay serve --workers 2`: two gateway processes on one port over one PostgreSQL database. They
 * answer charges, share the default pool of connections out between them, a killed worker is replaced,
 * and SIGTERM stops them all and exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-workers-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'),
  LOG_LEVEL: 'warn',
  POLYPAY_EMULATORS: 'off',
};
delete env.POLYPAY_REDIS_URL;

/** Pids of the live gateway processes (`… serve …`) whose parent is `pid` (not tsx's esbuild helper). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (Number(fields[1]) === pid && fields[0] !== 'Z' && command.includes('serve'))
        found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!DIALECTS.includes('postgres'))('polypay serve --workers', () => {
  let url: string | undefined;
  afterAll(async () => {
    if (url) await dropTestDatabase(url);
    rmSync(workdir, { recursive: true, force: true });
  });

  it('runs N processes on one port, replaces a dead one, and stops them all on SIGTERM', async () => {
    url = await testDatabaseUrl('postgres');
    const child = spawn(
      process.execPath,
      [...CLI, 'serve', '--port', '0', '--workers', '2', '--database-url', url],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
        cwd: workdir,
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^\s;,)]+)/.exec(output);
        if (match?.[1] && /2 worker processes/.test(output)) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    try {
      // The primary created the demo merchant once and printed its key.
      const key = /secret_key=(sk_test_\S+)/.exec(output)?.[1];
      expect(key, output).toBeDefined();
      const workers = childrenOf(child.pid!);
      expect(workers).toHaveLength(2);

      const charge = async (no: string) => {
        const response = await fetch(`${base}/v1/charges`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            out_trade_no: no,
            amount: 100,
            currency: 'CNY',
            subject: 'Workers',
            payway: 'alipay',
            sub_payway: 'barcode',
            auth_code: '286512345678901234',
          }),
        });
        return { status: response.status, body: (await response.json()) as { data?: { status?: string } } };
      };
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => charge(`workers-${i}`)));
      for (const answer of answers)
        expect(answer.body.data?.status, JSON.stringify(answer.body)).toBe('PAID');

      // The default 10 connections are the machine's: 5 each, however many requests are in flight
      // (each process names its connections `polypay <pid>`; idle ones stay open 10 s).
      expect(output).toContain('each with up to 5 PostgreSQL connections');
      const observer = await openStore(url);
      try {
        const { rows } = await sql<{ name: string; connections: number }>`
          select application_name as name, count(*)::int as connections from pg_stat_activity
          where application_name in (${sql.join(workers.map((pid) => `polypay ${pid}`))})
          group by application_name`.execute(observer.db);
        expect(rows.length, JSON.stringify(rows)).toBeGreaterThan(0);
        for (const row of rows) expect(row.connections, JSON.stringify(rows)).toBeLessThanOrEqual(5);
      } finally {
        await observer.close();
      }

      // A worker that dies is replaced.
      process.kill(workers[0]!, 'SIGKILL');
      for (let i = 0; i < 300; i += 1) {
        const now = childrenOf(child.pid!);
        if (now.length === 2 && !now.includes(workers[0]!) && /starting another/.test(output)) break;
        await sleep(100);
      }
      expect(childrenOf(child.pid!).filter((pid) => pid !== workers[0])).toHaveLength(2);
      for (let i = 0; i < 4; i += 1) expect((await charge(`workers-after-${i}`)).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(output).toContain('stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
