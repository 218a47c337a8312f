import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DemoMerchant } from '../../src/prepare-store.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type Dialect, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

/** The official Ping++ Node SDK from npm, unchanged (CommonJS, untyped). */
// biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
export const createPingpp = createRequire(import.meta.url)('pingpp') as (key: string) => any;

/** A webhook the test receiver got: its raw body and its Ping++ signature header. */
export interface Received {
  readonly body: string;
  readonly signature: string | undefined;
}

/** A port free at the time of asking, for the Ping++ listener of `serve`. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An error the SDK rejected with, as the tests read it. */
export interface SdkError {
  type: string;
  rawType: string;
  code: string;
  param: string;
  message: string;
}

/**
 * `polypay serve` on `dialect` with its Ping++ listener, its demo merchant and a webhook receiver, started
 * before the calling describe's tests and stopped after them. Values set at start-up are getters.
 */
export function usePingppServer(dialect: Dialect) {
  let server: RunningServer & { demo?: DemoMerchant };
  let merchant: DemoMerchant;
  let dbUrl: string;
  let port: number;
  let receiver: Server;
  const received: Received[] = [];
  const workdir = mkdtempSync(join(tmpdir(), 'polypay-pingpp-'));
  let orderSeq = 0;

  beforeAll(async () => {
    dbUrl = await testDatabaseUrl(dialect);
    port = await freePort();
    server = await startServer(
      loadConfig(
        {
          port: 0,
          pingppPort: port,
          databaseUrl: dbUrl,
          logLevel: 'warn',
          allowPrivateWebhookTargets: true,
        },
        { POLYPAY_MASTER_KEY_FILE: join(workdir, 'master.key'), POLYPAY_EMULATORS: 'off' },
      ),
    );
    expect(server.pingppUrl).toBe(`http://127.0.0.1:${port}`);
    merchant = server.demo!;
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const signature = req.headers['x-pingplusplus-signature'];
        received.push({ body, signature: typeof signature === 'string' ? signature : undefined });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await server?.close();
    await dropTestDatabase(dbUrl);
    rmSync(workdir, { recursive: true, force: true });
  });

  const orderNo = () => `pp${dialect}${Date.now()}${orderSeq++}`;
  return {
    get server() {
      return server;
    },
    get merchant() {
      return merchant;
    },
    get port() {
      return port;
    },
    get receiver() {
      return receiver;
    },
    received,
    /** The Ping++ SDK pointed at the Ping++ listener, with the demo merchant's key or another. */
    // biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
    sdk(key = merchant.secret_key): any {
      const pingpp = createPingpp(key);
      pingpp.setHost('127.0.0.1', port, 'http');
      return pingpp;
    },
    /** polypay's own API, on the main port. */
    async main(method: string, path: string, body?: unknown, key = merchant.secret_key) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
      return { status: response.status, body: (await response.json()) as any };
    },
    /** The Ping++ listener without the SDK. */
    async raw(method: string, path: string, body?: unknown, key = merchant.secret_key) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as { error?: Record<string, string> } };
    },
    orderNo,
    chargeParams(extra: Record<string, unknown> = {}) {
      return {
        order_no: orderNo(),
        app: { id: merchant.app_id },
        channel: 'alipay_qr',
        amount: 2500,
        client_ip: '127.0.0.1',
        currency: 'cny',
        subject: 'Cake',
        body: 'A cake',
        metadata: { cart: 42 },
        ...extra,
      };
    },
    async rejection(promise: Promise<unknown>): Promise<SdkError> {
      try {
        await promise;
      } catch (error) {
        return error as SdkError;
      }
      throw new Error('expected the SDK to reject');
    },
  };
}
