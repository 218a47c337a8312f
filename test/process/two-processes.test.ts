/**
 * Two gateway processes over one PostgreSQL database and one Redis, as `polypay serve` run twice behind a
 * load balancer: every job runs once (in-doubt charges resolved once, webhooks delivered once), the
 * per-app concurrency limit and the public rate limit hold across both, the same Idempotency-Key sent to
 * both at once makes one charge, and a signed request replayed to the other process is refused.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/api/request-signature.js';
import { openStore, type Store } from '../../src/store/index.js';
import { magicBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

const run = promisify(execFile);
const TSX_LOADER = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const CLI = ['--import', TSX_LOADER, join(import.meta.dirname, '../../src/cli/main.ts')];
const REDIS_URL = process.env.POLYPAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * A dead process's concurrency slots are free again after this (short, for the test; renewed every third
 * of it, so a process the machine starves for a second still keeps its slots).
 */
const LEASE_MS = 3_000;
const RATE_LIMIT = 6;
/** How long each process caches a key's answer: the longest another process's change takes to apply. */
const READ_CACHE_TTL_MS = 300;

interface Gateway {
  readonly child: ChildProcess;
  readonly base: string;
  readonly exited: Promise<number | null>;
  output(): string;
}

interface Answer {
  readonly status: number;
  readonly body: { code: number | string; data?: Record<string, unknown>; message?: string };
}

const workdir = mkdtempSync(join(tmpdir(), 'polypay-two-'));
const env = {
  ...process.env,
  POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'),
  LOG_LEVEL: 'warn',
  POLYPAY_REDIS_URL: REDIS_URL,
  // Each run its own keys: runs never share a window or a slot.
  POLYPAY_REDIS_PREFIX: `polypay-test-${randomBytes(4).toString('hex')}:`,
  POLYPAY_REDIS_LEASE_MS: String(LEASE_MS),
  POLYPAY_READ_CACHE_TTL_MS: String(READ_CACHE_TTL_MS),
  POLYPAY_EMULATORS: 'off',
};

function startGateway(url: string): Promise<Gateway> {
  const child = spawn(
    process.execPath,
    [
      ...CLI,
      'serve',
      '--port',
      '0',
      '--database-url',
      url,
      '--public-rate-limit',
      String(RATE_LIMIT),
      '--allow-private-webhook-targets',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: workdir },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<Gateway>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s;,)]+)/.exec(output);
      if (match?.[1]) resolve({ child, base: match[1], exited, output: () => output });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await sleep(100);
  }
}

describe.skipIf(!DIALECTS.includes('postgres'))('two gateway processes, one PostgreSQL, one Redis', () => {
  let url: string;
  let store: Store;
  let a: Gateway;
  let b: Gateway;
  let key: string;
  let signingSecret: string;
  let receiver: Server;
  const deliveries: string[] = [];

  const call = async (
    gateway: Gateway,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; sign?: boolean; auth?: boolean } = {},
  ): Promise<Answer> => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...(options.auth === false ? {} : { authorization: `Bearer ${key}` }),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.sign ? signRequest({ secret: signingSecret, method, path, body: body ?? '' }) : {}),
      ...options.headers,
    };
    const response = await fetch(`${gateway.base}${path}`, { method, headers, ...(body ? { body } : {}) });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };

  const barcodeCharge = (authCode: string) => ({
    out_trade_no: uniqueNo('two'),
    amount: 100,
    currency: 'CNY',
    subject: 'Two processes',
    payway: 'alipay',
    sub_payway: 'barcode',
    auth_code: authCode,
  });

  /** A request whose headers arrived and whose body never does: it holds its concurrency slot. */
  const holdSlot = async (gateway: Gateway): Promise<Socket> => {
    const { hostname, port } = new URL(gateway.base);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    socket.write(
      `POST /v1/app HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${key}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    return socket;
  };

  /**
   * Holds one more slot through `gateway`, then waits until `probe` (a request to either process) is
   * refused. A slot is given back just after its answer is sent, so a hold may come a moment too early
   * and be refused itself: then it is tried again (a few times).
   */
  const holdAnotherSlot = async (gateway: Gateway, probe: Gateway): Promise<Socket> => {
    for (let attempt = 1; ; attempt += 1) {
      const socket = await holdSlot(gateway);
      let refused = false;
      let lastProbe = 'none yet';
      socket.on('data', () => {
        refused = true;
      });
      const held = await until(
        () => `the limit reached (attempt ${attempt}; the last probe answered ${lastProbe})`,
        async () => {
          if (refused) return false;
          const answer = await call(probe, 'GET', '/v1/app');
          lastProbe = `${answer.status} ${String(answer.body.code)}`;
          return answer.status === 403 ? true : undefined;
        },
        attempt < 4 ? 5_000 : 30_000,
      ).catch((error: unknown) => {
        if (attempt < 4) return false;
        throw error;
      });
      if (held) return socket;
      socket.destroy();
    }
  };

  beforeAll(async () => {
    url = await testDatabaseUrl('postgres');
    const { stdout } = await run(
      process.execPath,
      [...CLI, 'merchant', 'create', '--name', 'Two processes', '--json', '--database-url', url],
      { env, cwd: workdir },
    );
    const created = JSON.parse(stdout) as { secret_key: string; signing_secret: string };
    key = created.secret_key;
    signingSecret = created.signing_secret;
    store = await openStore(url);
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        deliveries.push((JSON.parse(text) as { id: string }).id);
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    [a, b] = await Promise.all([startGateway(url), startGateway(url)]);
  }, 60_000);

  afterAll(async () => {
    for (const gateway of [a, b]) gateway?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    receiver?.close();
    await store?.close();
    if (url) await dropTestDatabase(url);
    rmSync(workdir, { recursive: true, force: true });
  });

  it('runs every job once: in-doubt charges resolved once, each webhook delivered once', async () => {
    const port = (receiver.address() as { port: number }).port;
    const endpoint = await call(a, 'POST', '/v1/webhook_endpoints', {
      body: { url: `http://127.0.0.1:${port}/hook`, enabled_events: ['*'] },
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(200);

    // In doubt (the pay call's answer is lost); the resolution job's first query finds them paid.
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const answer = await call(i % 2 === 0 ? a : b, 'POST', '/v1/charges', {
        body: barcodeCharge(magicBarcode('20')),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.data?.status).toBe('CREATED');
      ids.push(answer.body.data?.id as string);
    }
    await until('every in-doubt charge resolved', async () => {
      const rows = await store.db.selectFrom('charges').select('status').where('id', 'in', ids).execute();
      return rows.every((row) => row.status === 'PAID') ? true : undefined;
    });
    // Resolved once: one query to the channel per charge (a second worker would have queried again).
    const flows = await store.db
      .selectFrom('charge_flows')
      .select(['charge_id', 'kind'])
      .where('charge_id', 'in', ids)
      .execute();
    for (const id of ids) {
      expect(
        flows.filter((f) => f.charge_id === id && f.kind === 'query'),
        id,
      ).toHaveLength(1);
    }

    // Every event owed to the endpoint delivered, each exactly once.
    await until('no webhook job left', async () => {
      const left = await store.db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'webhook.deliver')
        .where('status', 'in', ['pending', 'running'])
        .execute();
      return left.length === 0 ? true : undefined;
    });
    const owed = await store.db.selectFrom('webhook_deliveries').select(['event_id', 'status']).execute();
    expect(owed.length).toBeGreaterThanOrEqual(ids.length * 2);
    const counts = new Map<string, number>();
    for (const id of deliveries) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts].filter(([, count]) => count !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(owed.map((row) => row.event_id).sort());

    // The platform jobs both processes scheduled at start exist once.
    const platform = await store.db
      .selectFrom('jobs')
      .select('kind')
      .where('merchant_id', 'is', null)
      .where('status', 'in', ['pending', 'running'])
      .execute();
    expect(platform.map((job) => job.kind).sort()).toEqual(['maintenance.purge', 'settlement.run']);
  }, 60_000);

  it('one Idempotency-Key sent to both processes at once makes one charge', async () => {
    const body = barcodeCharge(magicBarcode('00'));
    const idempotencyKey = uniqueNo('idem');
    const answers = await Promise.all(
      [a, b, a, b].map((gateway) =>
        call(gateway, 'POST', '/v1/charges', { body, headers: { 'idempotency-key': idempotencyKey } }),
      ),
    );
    const ok = answers.filter((answer) => answer.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok.map((answer) => answer.body.data?.id)).size).toBe(1);
    // The others were told the first is still in progress (retry), never a second charge.
    for (const answer of answers.filter((x) => x.status !== 200)) {
      expect(answer.body.code, JSON.stringify(answer.body)).toBe('idempotency_request_in_progress');
    }
    const rows = await store.db
      .selectFrom('charges')
      .select('id')
      .where('out_trade_no', '=', body.out_trade_no)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('a signed request replayed to the other process is refused', async () => {
    const body = JSON.stringify(barcodeCharge(magicBarcode('00')));
    const headers = {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...signRequest({ secret: signingSecret, method: 'POST', path: '/v1/charges', body }),
    };
    const first = await fetch(`${a.base}/v1/charges`, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    const replay = await fetch(`${b.base}/v1/charges`, { method: 'POST', headers, body });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as Answer['body']).code).toBe('nonce_replayed');
  });

  it('the public rate limit counts the requests of both processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i += 1) {
      statuses.push((await call(i % 2 === 0 ? a : b, 'GET', '/v1/errors', { auth: false })).status);
    }
    expect(statuses).toEqual(Array(RATE_LIMIT).fill(200));
    // Each process alone saw half the limit; together they used it up.
    for (const gateway of [a, b]) {
      const refused = await call(gateway, 'GET', '/v1/errors', { auth: false });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limit_exceeded');
    }
  });

  it('a key revoked through one process is refused by the other once its read cache has expired', async () => {
    const created = await call(a, 'POST', '/v1/api_keys', { body: { kind: 'restricted' } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { id, key: restricted } = created.body.data as { id: string; key: string };
    const list = (gateway: Gateway) =>
      call(gateway, 'GET', '/v1/api_keys', { headers: { authorization: `Bearer ${restricted}` } });
    expect((await list(b)).status).toBe(200);
    expect((await call(a, 'DELETE', `/v1/api_keys/${id}`)).status).toBe(200);
    expect((await list(a)).body.code).toBe('invalid_api_key');
    // B heard nothing of the revoke: it reads it again once its cached answer has lived out its time
    // (the margin: timers and Date.now are different clocks).
    await sleep(READ_CACHE_TTL_MS + 50);
    expect((await list(b)).body.code).toBe('invalid_api_key');
  });

  it('the per-app concurrency limit holds across both, and a dead process gives its slots back', async () => {
    const set = await call(a, 'POST', '/v1/app', { body: { concurrency_limit: 2 } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    // A holds both slots: B refuses, once its cached answer of the key has expired (it then applies the
    // new limit) and because it counts A's slots.
    const held = [await holdSlot(a)];
    held.push(await holdAnotherSlot(a, b));
    held[1]?.destroy();
    // A request that ends gives its slot back at once.
    await until('the slot released', async () =>
      (await call(a, 'GET', '/v1/app')).status === 200 ? true : undefined,
    );

    // One slot held through each process: either process refuses a third request.
    held.push(await holdAnotherSlot(b, a));
    const refused = await call(b, 'GET', '/v1/app');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('concurrency_limit_exceeded');
    held[2]?.destroy();
    await until('the slot released', async () =>
      (await call(a, 'GET', '/v1/app')).status === 200 ? true : undefined,
    );

    // A takes both slots and dies without releasing them: its leases run out and B gets them back.
    held.push(await holdAnotherSlot(a, b));
    a.child.kill('SIGKILL');
    await a.exited;
    for (const socket of held) socket.destroy();
    await until('the dead process’s leases expired', async () =>
      (await call(b, 'GET', '/v1/app')).status === 200 ? true : undefined,
    );
  }, 60_000);
});
