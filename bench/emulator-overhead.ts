/**
 * bench:emulator — latency of calls to the Shouqianba emulator, run alone in a child process
 * (`polypay emulator shouqianba`), made three ways, interleaved round by round:
 *   1. raw: a request signed by hand (MD5(body + key)) on a keep-alive undici Pool — the floor;
 *   2. connector: the same operation through the Shouqianba connector (signing, answer reading, code mapping);
 *   3. gateway (to add once channel configurations exist): POST /v1/charges through polypay to the emulator.
 * Prints p50/p99 of each and the overhead over raw. Prints figures; asserts nothing about speed.
 *
 * To add the gateway half: push a Target to `targets` in main() whose call() sends one charge through a
 * running polypay configured with a Shouqianba channel on the same emulator (see bench/charges.ts).
 *
 * Env: BENCH_CALLS (2000 per target and round), BENCH_ROUNDS (3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import type { ConnectorStateStore } from '../src/channels/kit/connector.js';
import { ChannelHttpClient } from '../src/channels/kit/http-client.js';
import type { ChannelCharge } from '../src/channels/port.js';
import { createShouqianbaConnector } from '../src/channels/shouqianba/client.js';
import { systemClock } from '../src/domain/clock.js';

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

  const targets: Target[] = [
    { name: 'raw HTTP pay (hand-signed)', call: rawPay },
    {
      name: 'connector pay',
      call: async (i) => {
        await channel.pay(charge(i));
      },
    },
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
  await http.close();
  child.kill('SIGTERM');
}

await main();
