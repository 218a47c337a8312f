/**
 * bench:emulator — latency of calls to the Shouqianba emulator, run alone in a child process
 * (`polypay emulator shouqianba`), made three ways, interleaved round by round:
 *   1. raw: a request signed by hand (MD5(body + key)) on a keep-alive undici Pool — the floor;
 *   2. connector: the same operation through the Shouqianba connector (signing, answer reading, code mapping);
 *   3. gateway: POST /v1/charges through a polypay server (SQLite, its own process) whose app has a
 *      channel configuration for the same emulator — the gateway's overhead over a direct call.
 * Prints p50/p99 of each and the overhead over raw. Prints figures; asserts nothing about speed.
 *
 * Env: BENCH_CALLS (2000 per target and round), BENCH_ROUNDS (3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import type { ConnectorStateStore } from '../src/channels/kit/connector.js';
import { ChannelHttpClient } from '../src/channels/kit/http-client.js';
import type { ChannelCharge } from '../src/channels/port.js';
import { createShouqianbaConnector } from '../src/channels/shouqianba/client.js';
import { systemClock } from '../src/domain/clock.js';
import { childEnv, startServer } from './lib/processes.js';
import { CLI, createMerchant } from './lib/setup.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 200;

export interface Target {
  readonly name: string;
  /** One call; `i` makes order numbers unique. */
  call(i: number): Promise<void>;
}

/** Latencies in milliseconds of `calls` sequential calls. */
export async function measure(target: Target, calls: number, offset: number): Promise<number[]> {
  const out: number[] = new Array(calls);
  for (let i = 0; i < calls; i += 1) {
    const start = process.hrtime.bigint();
    await target.call(offset + i);
    out[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function startEmulator(): Promise<{ child: ChildProcess; creds: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'emulator', 'shouqianba', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, creds: JSON.parse(first) as Record<string, string> };
}

class MemoryState implements ConnectorStateStore {
  #value: Readonly<Record<string, string>> | undefined;
  async load() {
    return this.#value;
  }
  async save(state: Readonly<Record<string, string>>) {
    this.#value = state;
  }
}

async function main(): Promise<void> {
  const { child, creds } = await startEmulator();
  const baseUrl = creds.base_url!;
  const http = new ChannelHttpClient();
  const state = new MemoryState();
  const channel = createShouqianbaConnector({ http }).create({
    configId: 'bench',
    channelName: 'shouqianba',
    mode: 'test',
    baseUrl,
    credentials: creds,
    clock: systemClock,
    state,
    notifyUrl: '',
  });
  const run = randomBytes(3).toString('hex');
  const charge = (i: number): ChannelCharge => ({
    chargeId: `ch_bench${run}${i}`,
    merchantId: 'mch_bench',
    outTradeNo: `bench-${i}`,
    amount: 1,
    currency: 'CNY',
    payway: 'alipay',
    subPayway: 'barcode',
    subject: 'bench',
    // Ordinary barcodes are single-use: one per call.
    authCode: `28${String(i).padStart(16, '0')}`,
    createdAt: Date.now(),
  });
  await channel.query(charge(-1)); // activates the terminal
  const saved = (await state.load())!;
  const terminal = { sn: saved.terminal_sn!, key: saved.terminal_key! };
  const pool = new Pool(new URL(baseUrl).origin, { connections: 1 });

  const rawPay = async (i: number) => {
    const body = JSON.stringify({
      terminal_sn: terminal.sn,
      client_sn: `raw${run}${i}`,
      total_amount: '1',
      dynamic_id: `25${String(i).padStart(16, '0')}`,
      subject: 'bench',
      operator: 'bench',
    });
    const sign = createHash('md5')
      .update(body + terminal.key)
      .digest('hex');
    const answer = await pool.request({
      method: 'POST',
      path: '/upay/v2/pay',
      headers: { 'content-type': 'application/json', authorization: `${terminal.sn} ${sign}` },
      body,
    });
    await answer.body.text();
  };

  // The gateway: its own process over a fresh SQLite file, a merchant whose app has a Shouqianba
  // configuration on the same emulator (with a fresh activation code: the connector above used its own).
  const dir = mkdtempSync(join(tmpdir(), 'polypay-bench-emulator-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  const env = childEnv({ POLYPAY_MASTER_KEY_FILE: join(dir, 'master.key'), POLYPAY_EMULATORS: 'off' });
  const merchant = await createMerchant(databaseUrl, env, 'Emulator bench');
  const gateway = await startServer([...CLI, 'serve', '--port', '0', '--database-url', databaseUrl], env);
  const gatewayPool = new Pool(gateway.url.origin, { connections: 1 });
  const api = async (path: string, body: unknown) => {
    const answer = await gatewayPool.request({
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${merchant.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 200) throw new Error(`${path} answered ${answer.statusCode}: ${text}`);
    return JSON.parse(text) as { data: Record<string, unknown> };
  };
  const fresh = await pool.request({ method: 'POST', path: '/_emulator/activation_codes', body: '{}' });
  const { code } = (await fresh.body.json()) as { code: string };
  await api('/v1/channel_configs', {
    provider: 'shouqianba',
    base_url: baseUrl,
    credentials: { vendor_sn: creds.vendor_sn, vendor_key: creds.vendor_key, app_id: creds.app_id, code },
    payways: ['alipay'],
    sub_payways: ['barcode'],
    currencies: ['CNY'],
  });
  const gatewayPay = async (i: number) => {
    const answer = await api('/v1/charges', {
      out_trade_no: `gw${run}${i}`,
      amount: 100, // polypay's smallest CNY charge is 2 fen; the emulator answers the same for any amount
      currency: 'CNY',
      subject: 'bench',
      payway: 'alipay',
      sub_payway: 'barcode',
      auth_code: `28${String(i).padStart(16, '0')}`,
    });
    if (answer.data.status !== 'PAID')
      throw new Error(`gateway charge ${i} is ${String(answer.data.status)}`);
  };

  const targets: Target[] = [
    { name: 'raw HTTP pay (hand-signed)', call: rawPay },
    {
      name: 'connector pay',
      call: async (i) => {
        await channel.pay(charge(i));
      },
    },
    { name: 'gateway POST /v1/charges', call: gatewayPay },
  ];

  const results = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  let offset = 1_000_000;
  for (const target of targets) {
    await measure(target, WARMUP, offset);
    offset += WARMUP;
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of targets) {
      results.get(target.name)!.push(...(await measure(target, CALLS, offset)));
      offset += CALLS;
    }
  }

  const rows = targets.map((t) => {
    const sorted = [...results.get(t.name)!].sort((a, b) => a - b);
    return { name: t.name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
  });
  const floor = rows[0]!;
  process.stdout.write(`Shouqianba emulator, ${ROUNDS} rounds × ${CALLS} sequential calls per target\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.name.padEnd(32)} p50 ${row.p50.toFixed(3)} ms  p99 ${row.p99.toFixed(3)} ms  ` +
        `(p50 over raw: ${(row.p50 - floor.p50).toFixed(3)} ms, n=${row.n})\n`,
    );
  }
  await pool.close();
  await gatewayPool.close();
  await http.close();
  await gateway.child.stop();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

await main();
