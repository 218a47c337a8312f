import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs an example with tsx, as its header says to, and collects its output. */
function run(file: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  return { child, output };
}

async function waitFor(
  output: { stdout: string },
  pattern: RegExp,
  child: ChildProcess,
): Promise<RegExpMatchArray> {
  for (;;) {
    const match = output.stdout.match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`exited before ${pattern}: ${output.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('examples/', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite', { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
  });
  afterAll(() => api?.close());

  it('charge-and-refund.ts charges, refunds and lists', async () => {
    const { child, output } = run('examples/charge-and-refund.ts', {
      POLYPAY_API_KEY: api.merchant.secret_key,
      POLYPAY_BASE_URL: api.url,
    });
    const [code] = await once(child, 'exit');
    expect(code, output.stderr).toBe(0);
    const charge = output.stdout.match(/^charge (ch_\w+) PAID$/m);
    expect(charge, output.stdout).not.toBeNull();
    expect(output.stdout).toMatch(/^refund re_\w+ SUCCEEDED$/m);
    expect(output.stdout).toContain(`recent ${charge![1]} 1200 PARTIAL_REFUNDED`);
  });

  it('webhook-receiver.ts verifies what polypay sends and refuses a forgery', async () => {
    const endpoint = await api.request<{ data: { id: string; secret: string } }>(
      'POST',
      '/v1/webhook_endpoints',
      {
        body: { url: 'http://127.0.0.1:9/placeholder', enabled_events: ['charge.succeeded'] },
      },
    );
    expect(endpoint.status, endpoint.text).toBe(200);
    const { child, output } = run('examples/webhook-receiver.ts', {
      POLYPAY_WEBHOOK_SECRET: endpoint.body.data.secret,
      PORT: '0',
    });
    try {
      const [, port] = await waitFor(output, /listening on (\d+)/, child);
      const url = `http://127.0.0.1:${port}/webhooks`;
      const moved = await api.request('POST', `/v1/webhook_endpoints/${endpoint.body.data.id}`, {
        body: { url },
      });
      expect(moved.status, moved.text).toBe(200);
      const charge = await api.request<{ data: { id: string } }>('POST', '/v1/charges', {
        body: {
          out_trade_no: `ex_${Date.now()}`,
          amount: 800,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: '280000000000000000',
        },
      });
      expect(charge.status, charge.text).toBe(200);
      await api.runtime.jobs.runUntilIdle();
      await waitFor(
        output,
        new RegExp(`verified charge\\.succeeded ev\\w*_\\w+ ${charge.body.data.id}`),
        child,
      );
      const forged = await fetch(url, {
        method: 'POST',
        headers: { 'polypay-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
        body: '{"id":"evt_forged","type":"charge.succeeded","data":{"object":{}}}',
      });
      expect(forged.status).toBe(400);
      await waitFor(output, /refused no_matching_signature/, child);
    } finally {
      child.kill();
    }
  });
});
