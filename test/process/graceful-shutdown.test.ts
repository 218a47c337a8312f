/**
 * SIGTERM under load: the gateway stops accepting, answers what it accepted, finishes its jobs, and
 * exits 0; no request is answered 5xx because of it, and every charge answered 2xx is in the database.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const workdir = mkdtempSync(join(tmpdir(), 'polypay-shutdown-'));
const env = { ...process.env, POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), LOG_LEVEL: 'warn' };
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** Requests sent this long before the signal must have been answered (they reached the server). */
const REACHED_MARGIN_MS = 500;

interface Sent {
  readonly outTradeNo: string;
  readonly at: number;
  status?: number;
  error?: string;
}

describe('graceful shutdown', () => {
  it('SIGTERM under load: every accepted request answered without a 5xx, every 2xx charge stored, exit 0', async () => {
    const url = `sqlite:${join(workdir, 'shutdown.db')}`;
    const { stdout } = await run(
      process.execPath,
      [...CLI, 'merchant', 'create', '--name', 'Shutdown', '--json', '--database-url', url],
      { env, cwd: workdir },
    );
    const { secret_key: key } = JSON.parse(stdout) as { secret_key: string };
    const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--database-url', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
      cwd: workdir,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      // The banner is on stderr; stdout carries the JSON log.
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^\s;,)]+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });

    const sent: Sent[] = [];
    let signalAt = Number.POSITIVE_INFINITY;
    let sequence = 0;
    const worker = async () => {
      for (;;) {
        sequence += 1;
        const request: Sent = { outTradeNo: `shutdown-${sequence}`, at: Date.now() };
        sent.push(request);
        try {
          const response = await fetch(`${base}/v1/charges`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              out_trade_no: request.outTradeNo,
              amount: 100,
              currency: 'CNY',
              subject: 'Shutdown',
              payway: 'alipay',
              sub_payway: 'barcode',
              auth_code: '286512345678901234',
            }),
          });
          request.status = response.status;
          await response.arrayBuffer();
        } catch (error) {
          request.error = String((error as Error).cause ?? error);
          // Refused or cut after the signal: the server is gone, as it should be.
          if (request.at >= signalAt - REACHED_MARGIN_MS) return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    while (sent.filter((r) => r.status === 200).length < 50) await new Promise((r) => setTimeout(r, 20));
    signalAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    await Promise.all(workers);

    expect(code, output).toBe(0);
    expect(output).toContain('stopped');
    const answered = sent.filter((r) => r.status !== undefined);
    expect(answered.filter((r) => r.status! >= 500)).toEqual([]);
    // Everything sent well before the signal reached the server and was answered.
    expect(sent.filter((r) => r.at < signalAt - REACHED_MARGIN_MS && r.status === undefined)).toEqual([]);

    const store = await openStore(url);
    try {
      const paid = new Set(
        (await store.db.selectFrom('charges').select(['out_trade_no', 'status']).execute())
          .filter((c) => c.status === 'PAID')
          .map((c) => c.out_trade_no),
      );
      const acknowledged = answered.filter((r) => r.status === 200).map((r) => r.outTradeNo);
      expect(acknowledged.length).toBeGreaterThanOrEqual(50);
      expect(acknowledged.filter((no) => !paid.has(no))).toEqual([]);
      const running = await store.db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'running')
        .execute();
      expect(running).toEqual([]);
    } finally {
      await store.close();
    }
  }, 90_000);
});
