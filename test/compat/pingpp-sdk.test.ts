import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type DemoMerchant, type RunningServer, startServer } from '../../src/server.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

/** The official Ping++ Node SDK from npm, unchanged (CommonJS, untyped). */
// biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
const createPingpp = createRequire(import.meta.url)('pingpp') as (key: string) => any;

/** The SDK's own webhook verification (example/webhooks_verify.js of the pingpp package), verbatim. */
const verify_signature = (raw_data: string, signature: string, pub_key: string) => {
  const verifier = createVerify('RSA-SHA256').update(raw_data, 'utf8');
  return verifier.verify(pub_key, signature, 'base64');
};

interface Received {
  readonly body: string;
  readonly signature: string | undefined;
}

/** A port free at the time of asking, for the Ping++ listener of `serve`. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('serve --pingpp-port', () => {
  it('defaults to the main port + 1, is set by POLYPAY_PINGPP_PORT, and 0 turns it off', () => {
    expect(loadConfig({ port: 8080 }, {}).pingppPort).toBe(8081);
    expect(loadConfig({ port: 8080 }, { POLYPAY_PINGPP_PORT: '9000' }).pingppPort).toBe(9000);
    expect(loadConfig({ port: 8080, pingppPort: 0 }, {}).pingppPort).toBe(0);
    expect(loadConfig({ port: 0 }, {}).pingppPort).toBe(0);
    expect(() => loadConfig({ port: 8080, pingppPort: 70000 }, {})).toThrow(/Ping\+\+ port/);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the Ping++ SDK against polypay serve's Ping++ listener`, () => {
    let server: RunningServer & { demo?: DemoMerchant };
    let merchant: DemoMerchant;
    let dbUrl: string;
    let port: number;
    let receiver: Server;
    const received: Received[] = [];
    const workdir = mkdtempSync(join(tmpdir(), 'polypay-pingpp-'));

    // biome-ignore lint/suspicious/noExplicitAny: the SDK ships no types
    const sdk = (key = merchant.secret_key): any => {
      const pingpp = createPingpp(key);
      pingpp.setHost('127.0.0.1', port, 'http');
      return pingpp;
    };
    /** polypay's own API, on the main port. */
    const main = async (method: string, path: string, body?: unknown, key = merchant.secret_key) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
      return { status: response.status, body: (await response.json()) as any };
    };
    const raw = async (method: string, path: string, body?: unknown, key = merchant.secret_key) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as { error?: Record<string, string> } };
    };
    let orderSeq = 0;
    const orderNo = () => `pp${dialect}${Date.now()}${orderSeq++}`;
    const chargeParams = (extra: Record<string, unknown> = {}) => ({
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
    });
    const rejection = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return error as { type: string; rawType: string; code: string; param: string; message: string };
      }
      throw new Error('expected the SDK to reject');
    };

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

    it('creates a QR charge with its credential, is paid by the sandbox buyer, retrieves and lists it', async () => {
      const pingpp = sdk();
      const charge = await pingpp.charges.create(chargeParams({ description: 'For the party' }));
      expect(charge).toMatchObject({
        object: 'charge',
        channel: 'alipay_qr',
        paid: false,
        refunded: false,
        amount: 2500,
        currency: 'cny',
        app: merchant.app_id,
        metadata: { cart: '42' },
        refunds: { object: 'list', data: [] },
      });
      expect(charge.id).toMatch(/^ch_/);
      expect(charge.credential.alipay_qr).toBe(`polypay-sandbox://pay/${charge.id}`);
      expect(charge).toMatchObject({ client_ip: '127.0.0.1', body: 'A cake', description: 'For the party' });
      const paid = await main('POST', `/v1/sandbox/charges/${charge.id}/pay`, { outcome: 'pay' });
      expect(paid.status).toBe(200);
      const retrieved = await pingpp.charges.retrieve(charge.id);
      expect(retrieved).toMatchObject({
        id: charge.id,
        paid: true,
        order_no: charge.order_no,
        client_ip: '127.0.0.1',
      });
      expect(typeof retrieved.time_paid).toBe('number');
      const list = await pingpp.charges.list({ app: { id: merchant.app_id }, limit: 5 });
      expect(list).toMatchObject({ object: 'list', url: '/v1/charges' });
      expect(list.data.map((c: { id: string }) => c.id)).toContain(charge.id);
      const since = await pingpp.charges.list({
        app: { id: merchant.app_id },
        created: { gte: charge.created },
      });
      expect(since.data.map((c: { id: string }) => c.id)).toContain(charge.id);
      const before = await pingpp.charges.list({
        app: { id: merchant.app_id },
        created: { lt: charge.created },
      });
      expect(before.data.map((c: { id: string }) => c.id)).not.toContain(charge.id);
      const unsupported = await rejection(pingpp.charges.list({ app: { id: merchant.app_id }, paid: true }));
      expect(unsupported).toMatchObject({ rawType: 'invalid_request_error', param: 'paid' });
      // As the Python SDK sends it: Bearer, and a JSON content type on a GET without a body.
      const python = await fetch(`http://127.0.0.1:${port}/v1/charges/${charge.id}`, {
        headers: {
          authorization: `Bearer ${merchant.secret_key}`,
          'content-type': 'application/json;charset=UTF-8',
        },
      });
      expect(python.status).toBe(200);
      expect(await python.json()).toMatchObject({ id: charge.id, paid: true });
      // Without app[id] the SDK refuses by itself; a raw request gets Ping++'s error naming it.
      await expect(pingpp.charges.list({ limit: 5 })).rejects.toMatchObject({ type: 'PingppInvalidRequest' });
      const noApp = await raw('GET', '/v1/charges?limit=5');
      expect(noApp.status).toBe(400);
      expect(noApp.body.error).toMatchObject({ type: 'invalid_request_error', param: 'app[id]' });
    });

    it('refunds in part and in full, and lists and retrieves the refunds', async () => {
      const pingpp = sdk();
      const charge = await pingpp.charges.create(
        chargeParams({ channel: 'wx_pub_scan', amount: 1000, extra: { scan_code: '130000000000000000' } }),
      );
      expect(charge).toMatchObject({ paid: true, channel: 'wx_pub_scan' });
      const part = await pingpp.charges.createRefund(charge.id, {
        amount: 300,
        description: 'One cup short',
      });
      // Ping++'s `refunded`: the charge has a refund, whatever its amount.
      expect(await pingpp.charges.retrieve(charge.id)).toMatchObject({
        refunded: true,
        amount_refunded: 300,
      });
      expect(part).toMatchObject({
        object: 'refund',
        amount: 300,
        status: 'succeeded',
        succeed: true,
        charge: charge.id,
        funding_source: 'unsettled_funds',
      });
      const rest = await pingpp.charges.createRefund(charge.id, { description: 'The rest' });
      expect(rest).toMatchObject({ amount: 700, status: 'succeeded' });
      const after = await pingpp.charges.retrieve(charge.id);
      expect(after).toMatchObject({ refunded: true, amount_refunded: 1000 });
      expect(after.refunds.data).toHaveLength(2);
      const refunds = await pingpp.charges.listRefunds(charge.id);
      expect(refunds.data.map((r: { id: string }) => r.id)).toEqual([part.id, rest.id]);
      expect(await pingpp.charges.retrieveRefund(charge.id, part.id)).toMatchObject({
        id: part.id,
        amount: 300,
      });
      const over = await rejection(pingpp.charges.createRefund(charge.id, { amount: 1 }));
      expect(over.rawType).toBe('invalid_request_error');
    });

    it('keeps an order number’s first request fields with its charge; a repeat of the order keeps them', async () => {
      const pingpp = sdk();
      const params = chargeParams({
        channel: 'alipay_scan',
        amount: 600,
        client_ip: '10.0.0.1',
        description: 'First',
        extra: { scan_code: '280000000000000000' },
      });
      const charge = await pingpp.charges.create(params);
      expect(charge).toMatchObject({ paid: true, client_ip: '10.0.0.1', description: 'First' });
      // The same order again (a client's retry), its other fields changed: the same charge, as first kept.
      const again = await pingpp.charges.create({ ...params, client_ip: '10.0.0.2', description: 'Second' });
      expect(again).toMatchObject({ id: charge.id, client_ip: '10.0.0.1', description: 'First' });
      const rows = await server.store.db
        .selectFrom('pingpp_charges')
        .select(['client_ip', 'description'])
        .where('order_no', '=', charge.order_no)
        .execute();
      expect(rows).toEqual([{ client_ip: '10.0.0.1', description: 'First' }]);
    });

    it('answers a new charge (built without reading it back) exactly as retrieving it does', async () => {
      const pingpp = sdk();
      const scan = await pingpp.charges.create(
        chargeParams({
          channel: 'wx_pub_scan',
          amount: 700,
          description: 'Scanned',
          extra: { scan_code: '130000000000000000', terminal_id: 'T1' },
        }),
      );
      expect(scan).toMatchObject({ paid: true, extra: { terminal_id: 'T1' } });
      expect(scan.extra.scan_code).not.toContain('130000000000000000');
      const qr = await pingpp.charges.create(
        chargeParams({ time_expire: Math.floor(Date.now() / 1000) + 600 }),
      );
      expect(qr).toMatchObject({ paid: false, client_ip: '127.0.0.1' });
      for (const created of [scan, qr]) {
        const { credential: _created, ...answered } = created;
        const { credential: _retrieved, ...retrieved } = await pingpp.charges.retrieve(created.id);
        expect(answered).toEqual(retrieved);
      }
    });

    it('refunds a charge once when two full refunds race', async () => {
      const pingpp = sdk();
      const charge = await pingpp.charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 500, extra: { scan_code: '280000000000000000' } }),
      );
      const results = await Promise.allSettled([
        pingpp.charges.createRefund(charge.id, { amount: 500, description: 'a' }),
        pingpp.charges.createRefund(charge.id, { amount: 500, description: 'b' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason.rawType).toBe('invalid_request_error');
      expect(await pingpp.charges.retrieve(charge.id)).toMatchObject({
        refunded: true,
        amount_refunded: 500,
      });
    });

    it('reverses a barcode charge', async () => {
      const pingpp = sdk();
      const charge = await pingpp.charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 800, extra: { scan_code: '280000000000000000' } }),
      );
      expect(charge.paid).toBe(true);
      const reversed = await pingpp.charges.reverse(charge.id);
      expect(reversed).toMatchObject({ id: charge.id, reversed: true });
      const after = await rejection(pingpp.charges.createRefund(charge.id, { amount: 100 }));
      expect(after).toMatchObject({ code: 'refund_not_allowed', rawType: 'invalid_request_error' });
    });

    it('sends a transfer and a red envelope from the settled balance', async () => {
      const pingpp = sdk();
      await pingpp.charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 100_000, extra: { scan_code: '280000000000000000' } }),
      );
      expect((await main('POST', '/v1/test/settlement', {})).status).toBe(200);
      const transfer = await pingpp.transfers.create({
        order_no: orderNo(),
        app: { id: merchant.app_id },
        channel: 'wx_pub',
        amount: 5000,
        currency: 'cny',
        type: 'b2c',
        recipient: 'o9zpMs_openid',
        description: 'Refund of deposit',
      });
      expect(transfer).toMatchObject({
        object: 'transfer',
        status: 'pending',
        amount: 5000,
        recipient: 'o9zpMs_openid',
      });
      expect(await pingpp.transfers.retrieve(transfer.id)).toMatchObject({ id: transfer.id });
      expect((await pingpp.transfers.list({ limit: 3 })).data[0].id).toBe(transfer.id);
      const transferParams = {
        app: { id: merchant.app_id },
        channel: 'wx_pub',
        currency: 'cny',
        type: 'b2c',
        recipient: 'o9zpMs_openid',
      };
      const wait = await rejection(
        pingpp.transfers.create({ ...transferParams, order_no: orderNo(), amount: 2222 }),
      );
      expect(wait).toMatchObject({ code: 'transfer_wait_operation' });
      const legacy = await rejection(
        pingpp.transfers.create({
          ...transferParams,
          order_no: orderNo(),
          amount: 100,
          recipient: 'legacy_channel',
        }),
      );
      expect(legacy).toMatchObject({ code: 'channel_not_support_transfer' });
      const busyTransfer = await rejection(
        pingpp.transfers.create({ ...transferParams, order_no: orderNo(), amount: 1111 }),
      );
      expect(busyTransfer).toMatchObject({ rawType: 'channel_error', code: 'transfer_system_busy' });
      const bank = await rejection(
        pingpp.transfers.create({ ...transferParams, channel: 'unionpay', order_no: orderNo(), amount: 100 }),
      );
      expect(bank).toMatchObject({ param: 'extra[open_bank_code]' });
      // Ping++ cancels only scheduled transfers; polypay never schedules one.
      const cancel = await raw('PUT', `/v1/transfers/${transfer.id}`, { status: 'canceled' });
      expect(cancel.status).toBe(400);
      expect(cancel.body.error).toMatchObject({ type: 'invalid_request_error', param: 'status' });

      const envelope = {
        order_no: orderNo(),
        app: { id: merchant.app_id },
        channel: 'wx_pub',
        amount: 1000,
        currency: 'cny',
        subject: 'Happy new year',
        body: 'From the shop',
        recipient: 'o9zpMs_openid',
        extra: { send_name: 'Shop' },
      };
      const sent = await pingpp.redEnvelopes.create(envelope);
      expect(sent).toMatchObject({
        object: 'red_envelope',
        status: 'sending',
        amount: 1000,
        subject: 'Happy new year',
      });
      expect(await pingpp.redEnvelopes.retrieve(sent.id)).toMatchObject({ id: sent.id });
      expect((await pingpp.redEnvelopes.list({ limit: 3 })).data[0].id).toBe(sent.id);
      const busy = await rejection(
        pingpp.redEnvelopes.create({ ...envelope, order_no: orderNo(), amount: 1111 }),
      );
      expect(busy).toMatchObject({ rawType: 'channel_error', code: 'red_system_busy' });
    });

    /** Settled money to pay out from: a paid scan charge, settled at once. */
    const fund = async () => {
      await sdk().charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 50_000, extra: { scan_code: '280000000000000000' } }),
      );
      expect((await main('POST', '/v1/test/settlement', {})).status).toBe(200);
    };
    const payoutParams = (extra: Record<string, unknown> = {}) => ({
      order_no: orderNo(),
      app: { id: merchant.app_id },
      amount: 300,
      currency: 'cny',
      recipient: 'o9zpMs_kept',
      ...extra,
    });
    /** The Ping++-format event of a polypay event type about an object. */
    const eventAbout = async (type: string, id: string) => {
      const events = (await raw('GET', `/v1/events?type=${type}&limit=100`)).body as unknown as {
        data: { id: string; data: { object: Record<string, unknown> } }[];
      };
      const event = events.data.find((e) => e.data.object.id === id);
      expect(event, `${type} of ${id}`).toBeDefined();
      return event!;
    };

    it('answers each transfer with its own WeChat channel, metadata and extra: create, retrieve, list, events', async () => {
      await fund();
      const pingpp = sdk();
      const made: Record<string, string> = {};
      for (const channel of ['wx', 'wx_lite'] as const) {
        const transfer = await pingpp.transfers.create(
          payoutParams({
            channel,
            type: 'b2c',
            description: `By ${channel}`,
            metadata: { cart: 42, via: channel },
            extra: { user_name: 'Li Lei', note: 'kept' },
          }),
        );
        const expected = {
          object: 'transfer',
          channel,
          metadata: { cart: '42', via: channel },
          extra: { user_name: 'Li Lei', note: 'kept' },
        };
        expect(transfer).toMatchObject(expected);
        expect(await pingpp.transfers.retrieve(transfer.id)).toMatchObject(expected);
        // The Ping++-format event (what webhooks of format pingpp send) reads the same.
        const event = await eventAbout('transfer.pending', transfer.id);
        expect(event.data.object).toMatchObject(expected);
        expect(await pingpp.events.retrieve(event.id)).toMatchObject({ data: { object: expected } });
        made[transfer.id] = channel;
      }
      const listed = (await pingpp.transfers.list({ limit: 10 })).data as Record<string, unknown>[];
      for (const [id, channel] of Object.entries(made)) {
        expect(listed.find((t) => t.id === id)).toMatchObject({ channel, metadata: { via: channel } });
      }
      // A payout made through polypay's own API has no Ping++ request: a wallet user reads wx_pub.
      const own = await main('POST', '/v1/transfers', {
        out_transfer_no: orderNo(),
        amount: 200,
        currency: 'CNY',
        destination: { type: 'wallet_user', user_id: 'o9zpMs_own' },
      });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(await pingpp.transfers.retrieve(own.body.data.id)).toMatchObject({
        channel: 'wx_pub',
        metadata: {},
        extra: {},
      });
    });

    it('answers a red envelope with its own channel, metadata, extra and body', async () => {
      await fund();
      const pingpp = sdk();
      const envelope = await pingpp.redEnvelopes.create(
        payoutParams({
          channel: 'wx_lite',
          subject: 'Lucky',
          body: 'For the new year',
          metadata: { campaign: 'spring' },
          extra: { send_name: 'Shop', nick_name: 'The shop' },
        }),
      );
      const expected = {
        object: 'red_envelope',
        channel: 'wx_lite',
        subject: 'Lucky',
        body: 'For the new year',
        metadata: { campaign: 'spring' },
        extra: { send_name: 'Shop', nick_name: 'The shop' },
      };
      expect(envelope).toMatchObject(expected);
      expect(await pingpp.redEnvelopes.retrieve(envelope.id)).toMatchObject(expected);
      const listed = (await pingpp.redEnvelopes.list({ limit: 10 })).data as Record<string, unknown>[];
      expect(listed.find((e) => e.id === envelope.id)).toMatchObject(expected);
      const event = await eventAbout('red_envelope.pending', envelope.id);
      expect(event.data.object).toMatchObject(expected);
    });

    it('keeps the first request’s channel and metadata when an order number is sent again', async () => {
      await fund();
      const pingpp = sdk();
      const params = payoutParams({ channel: 'wx', type: 'b2c', metadata: { try: 1 } });
      const first = await pingpp.transfers.create(params);
      expect(first).toMatchObject({ channel: 'wx', metadata: { try: '1' } });
      // The same order again (a client's retry), through another WeChat channel and with other metadata:
      // the same transfer, as first asked for.
      const again = await pingpp.transfers.create({ ...params, channel: 'wx_lite', metadata: { try: 2 } });
      expect(again).toMatchObject({ id: first.id, channel: 'wx', metadata: { try: '1' } });
      expect(await pingpp.transfers.retrieve(first.id)).toMatchObject({
        channel: 'wx',
        metadata: { try: '1' },
      });
      const rows = await server.store.db
        .selectFrom('pingpp_payouts')
        .select(['kind', 'channel', 'metadata'])
        .where('app_id', '=', merchant.app_id)
        .where('order_no', '=', params.order_no)
        .execute();
      expect(rows).toEqual([{ kind: 'transfer', channel: 'wx', metadata: '{"try":"1"}' }]);
      // A request refused before any payout was made (more than the balance holds) keeps nothing: the
      // order number's next request is the first one.
      const refusedParams = payoutParams({ channel: 'wx_lite', type: 'b2c', amount: 900_000_000 });
      const short = await rejection(pingpp.transfers.create(refusedParams));
      expect(short).toMatchObject({ code: 'merchant_balance_insufficient' });
      const retried = await pingpp.transfers.create({ ...refusedParams, channel: 'wx', amount: 300 });
      expect(retried).toMatchObject({ channel: 'wx', amount: 300 });
      expect(await pingpp.transfers.retrieve(retried.id)).toMatchObject({ channel: 'wx' });
    });

    it('refuses bad payout metadata (400, naming it) and writes nothing', async () => {
      await fund();
      const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
      for (const [path, params, param] of [
        ['/v1/transfers', payoutParams({ channel: 'wx_lite', type: 'b2c', metadata: eleven }), 'metadata'],
        [
          '/v1/red_envelopes',
          payoutParams({
            channel: 'wx_lite',
            subject: 'Lucky',
            body: 'Body',
            metadata: eleven,
            extra: { send_name: 'Shop' },
          }),
          'metadata',
        ],
        ['/v1/transfers', payoutParams({ channel: 'wx', type: 'b2c', metadata: 'cart' }), 'metadata'],
        [
          '/v1/transfers',
          payoutParams({ channel: 'wx', type: 'b2c', metadata: { cart: { id: 1 } } }),
          'metadata[cart]',
        ],
      ] as const) {
        const refused = await raw('POST', path, params);
        expect(refused.status, path).toBe(400);
        expect(refused.body.error, path).toMatchObject({ type: 'invalid_request_error', param });
        for (const table of ['transfers', 'pingpp_payouts'] as const) {
          const column = table === 'transfers' ? 'out_transfer_no' : 'order_no';
          const rows = await server.store.db
            .selectFrom(table)
            .select(column)
            .where('app_id', '=', merchant.app_id)
            .where(column, '=', params.order_no)
            .execute();
          expect(rows, `${path} ${table}`).toEqual([]);
        }
      }
    });

    it('refuses a key revoked through the main API on its very next Ping++ request', async () => {
      const created = await main('POST', '/v1/api_keys', { kind: 'restricted' });
      expect(created.status).toBe(200);
      const reader = sdk(created.body.data.key);
      const list = () => reader.charges.list({ app: { id: merchant.app_id }, limit: 1 });
      expect((await list()).object).toBe('list');
      expect((await list()).object).toBe('list');
      expect((await main('DELETE', `/v1/api_keys/${created.body.data.id}`)).status).toBe(200);
      expect(await rejection(list())).toMatchObject({ code: 'invalid_api_key' });
    });

    it('answers each kind of error as Ping++ writes it', async () => {
      const badKey = await rejection(sdk('sk_test_nonexistent0000000000000000').charges.retrieve('ch_x'));
      expect(badKey).toMatchObject({ type: 'PingppAuthenticationError', code: 'invalid_api_key' });
      const restricted = await main('POST', '/v1/api_keys', { kind: 'restricted' });
      expect(restricted.status).toBe(200);
      const reader = sdk(restricted.body.data.key);
      expect((await reader.charges.list({ app: { id: merchant.app_id } })).object).toBe('list');
      const readOnly = await rejection(reader.charges.create(chargeParams()));
      // 403 is Ping++'s "forbidden" status, which the Node SDK names a rate-limit error.
      expect(readOnly).toMatchObject({ type: 'PingppRateLimitError', code: 'permission_denied' });
      const pingpp = sdk();
      const amount = await rejection(pingpp.charges.create(chargeParams({ amount: -1 })));
      expect(amount).toMatchObject({ type: 'PingppInvalidRequest', param: 'amount' });
      const ip = await rejection(pingpp.charges.create(chargeParams({ client_ip: undefined })));
      expect(ip).toMatchObject({ param: 'client_ip', code: 'missing_param' });
      const expire = await rejection(
        pingpp.charges.create(chargeParams({ time_expire: Math.floor(Date.now() / 1000) })),
      );
      expect(expire).toMatchObject({ param: 'time_expire' });
      const scan = await rejection(pingpp.charges.create(chargeParams({ channel: 'wx_pub_scan' })));
      expect(scan).toMatchObject({ param: 'extra[scan_code]' });
      const channel = await rejection(pingpp.charges.create(chargeParams({ channel: 'upacp' })));
      expect(channel).toMatchObject({ rawType: 'invalid_request_error', param: 'channel' });
      expect(channel.message).toContain('upacp');
      const control = await rejection(pingpp.charges.create(chargeParams({ subject: 'Ca\u0000ke' })));
      expect(control).toMatchObject({ code: 'invalid_params', param: 'subject' });
      const unknown = await raw('GET', '/v1/customers');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error', code: 'route_not_found' });
      const first = chargeParams();
      await pingpp.charges.create(first);
      const reused = await rejection(pingpp.charges.create({ ...first, amount: 9900 }));
      expect(reused).toMatchObject({ code: 'charge_order_no_used', param: 'out_trade_no' });
      const status = await raw('POST', '/v1/charges', { ...first, amount: 9900 });
      expect(status.status).toBe(402);
      const missing = await rejection(pingpp.charges.retrieve('ch_doesnotexist'));
      expect(missing).toMatchObject({ code: 'resource_not_found' });
      const declined = await rejection(
        pingpp.charges.create(
          chargeParams({ channel: 'alipay_scan', extra: { scan_code: '280000000000000006' } }),
        ),
      );
      expect(declined).toMatchObject({ rawType: 'channel_error', code: 'channel_response_code_fail' });
    });

    it("produces seed 000's channel codes with Ping++'s error types and statuses", async () => {
      const pingpp = sdk();
      const paid = await pingpp.charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 20_000, extra: { scan_code: '280000000000000000' } }),
      );
      const refused = await rejection(pingpp.charges.createRefund(paid.id, { amount: 9_905 }));
      expect(refused).toMatchObject({ code: 'refund_refused' });
      // Any upstream code through the sandbox's metadata injection (docs/sandbox.md): EFTPay 58 is a
      // communication failure with the channel.
      const injected = {
        ...chargeParams({ channel: 'alipay_scan', extra: { scan_code: '280000000000000000' } }),
        metadata: { sandbox_error: 'eftpay:58', sandbox_operation: 'pay' },
      };
      const connection = await rejection(pingpp.charges.create(injected));
      expect(connection).toMatchObject({
        type: 'PingppChannelError',
        rawType: 'channel_error',
        code: 'channel_connection_error',
      });
      // Sent again, the charge that failed for good is closed: polypay answers so, never retries it.
      const again = await raw('POST', '/v1/charges', injected);
      expect(again.status).toBe(402);
      expect(again.body.error).toMatchObject({ type: 'invalid_request_error', code: 'charge_closed' });
      const status = await raw('POST', '/v1/charges', { ...injected, order_no: orderNo() });
      expect(status.status).toBe(504);
      const envelope = await rejection(
        pingpp.redEnvelopes.create({
          order_no: orderNo(),
          channel: 'wx_pub',
          amount: 100,
          currency: 'cny',
          subject: 'Hi',
          body: 'Hi',
          recipient: 'legacy_channel',
          extra: { send_name: 'Shop' },
        }),
      );
      expect(envelope).toMatchObject({ code: 'channel_not_support_red_envelope' });
    });

    it('sends Ping++-format webhooks that the SDK verification accepts, and retrieves the event', async () => {
      const endpoint = await main('POST', '/v1/webhook_endpoints', {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        enabled_events: ['charge.succeeded'],
        format: 'pingpp',
      });
      expect(endpoint.body.data.format).toBe('pingpp');
      const app = await main('GET', '/v1/app');
      const publicKey: string = app.body.data.pingpp_webhook_public_key;
      expect(publicKey).toContain('BEGIN PUBLIC KEY');
      const pingpp = sdk();
      const charge = await pingpp.charges.create(
        chargeParams({
          channel: 'alipay_scan',
          amount: 1200,
          extra: { scan_code: '280000000000000000', terminal: 'T-1' },
        }),
      );
      // serve's job runner delivers it within moments.
      for (let i = 0; i < 200 && !received.some((r) => r.body.includes(charge.id)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const delivery = received.find((r) => r.body.includes(charge.id));
      expect(delivery?.signature).toBeDefined();
      expect(verify_signature(delivery!.body, delivery!.signature!, publicKey)).toBe(true);
      expect(verify_signature(`${delivery!.body} `, delivery!.signature!, publicKey)).toBe(false);
      const event = JSON.parse(delivery!.body);
      expect(event).toMatchObject({
        object: 'event',
        type: 'charge.succeeded',
        livemode: false,
        data: {
          object: {
            object: 'charge',
            id: charge.id,
            paid: true,
            order_no: charge.order_no,
            client_ip: '127.0.0.1',
            extra: { scan_code: '2800**********0000', terminal: 'T-1' },
          },
        },
      });
      // The buyer's code is kept only masked, on the charge: never whole, with the Ping++ request fields.
      const kept = await server.store.db
        .selectFrom('pingpp_charges')
        .select('extra')
        .where('order_no', '=', charge.order_no)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(kept.extra)).toEqual({ terminal: 'T-1' });
      expect(await pingpp.events.retrieve(event.id)).toMatchObject({
        id: event.id,
        type: 'charge.succeeded',
      });
    });

    it('lists events as Ping++ lists objects: newest first, limit, starting_after, has_more, type', async () => {
      // The Node SDK (2.1.6) has only events.retrieve: this is the request a Ping++ client sends for a list.
      type EventList = {
        object: string;
        url: string;
        has_more: boolean;
        data: { id: string; type: string; created: number; data: { object: Record<string, unknown> } }[];
      };
      const list = async (query: string) => {
        const answer = await raw('GET', `/v1/events${query}`);
        return {
          status: answer.status,
          body: answer.body as unknown as EventList & { error?: Record<string, string> },
        };
      };
      // A red envelope the channel reports sent (polypay's red_envelope.succeeded), as its job records it.
      const envelopeEvent = await server.store.db
        .selectFrom('events')
        .selectAll()
        .where('app_id', '=', merchant.app_id)
        .where('type', 'like', 'red_envelope.%')
        .executeTakeFirstOrThrow();
      await server.store.db
        .insertInto('events')
        .values({ ...envelopeEvent, id: `${envelopeEvent.id}s`, type: 'red_envelope.succeeded' })
        .execute();
      const all = (await list('?limit=100')).body;
      expect(all).toMatchObject({ object: 'list', url: '/v1/events', has_more: false });
      expect(all.data.length).toBeGreaterThan(4);
      const created = all.data.map((e) => e.created);
      expect(created).toEqual([...created].sort((a, b) => b - a));
      // Page by page with starting_after, the same events in the same order.
      const paged: string[] = [];
      let after = '';
      for (;;) {
        const page = (await list(`?limit=3${after ? `&starting_after=${after}` : ''}`)).body;
        expect(page.data.length).toBeLessThanOrEqual(3);
        paged.push(...page.data.map((e) => e.id));
        if (!page.has_more) break;
        after = page.data.at(-1)!.id;
      }
      expect(paged).toEqual(all.data.map((e) => e.id));
      // Objects read as Ping++'s, with what the charge's Ping++ request carried.
      const succeeded = (await list('?type=charge.succeeded&limit=100')).body.data;
      expect(succeeded.length).toBeGreaterThan(0);
      expect(succeeded.every((e) => e.type === 'charge.succeeded')).toBe(true);
      expect(succeeded[0]!.data.object).toMatchObject({ object: 'charge', client_ip: '127.0.0.1' });
      // Ping++'s own names filter polypay's events of that meaning.
      const sentOnMain = await main('GET', '/v1/events?type=red_envelope.succeeded&limit=100');
      const sent = (await list('?type=red_envelope.sent&limit=100')).body.data;
      expect(sent.map((e) => e.type)).toEqual(['red_envelope.sent']);
      expect(sent.map((e) => e.id)).toEqual(
        // biome-ignore lint/suspicious/noExplicitAny: polypay's own answer
        sentOnMain.body.data.items.map((e: any) => e.id).reverse(),
      );
      for (const [query, param] of [
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?limit=ten', 'limit'],
        ['?starting_after=evt_nosuchevent', 'starting_after'],
        ['?starting_after=not%20an%20id', 'starting_after'],
        ['?type=charge', 'type'],
        [`?ending_before=${all.data[0]!.id}`, 'ending_before'],
        ['?created[gt]=1', 'created[gt]'],
      ] as const) {
        const refused = await list(query);
        expect(refused.status, query).toBe(400);
        expect(refused.body.error, query).toMatchObject({ type: 'invalid_request_error', param });
      }
    });

    it('counts an app’s concurrency limit across both listeners', async () => {
      expect((await main('POST', '/v1/app', { concurrency_limit: 1 })).status).toBe(200);
      const mainPort = Number(new URL(server.url).port);
      /** A request whose body never ends: authenticated, and so counted, until its connection closes. */
      const hold = (onPort: number) => {
        const socket = connect(onPort, '127.0.0.1');
        let answered = false;
        socket.on('data', () => {
          answered = true;
        });
        socket.on('error', () => {});
        socket.write(
          `POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${merchant.secret_key}\r\n` +
            'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        );
        return { socket, answered: () => answered };
      };
      const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
      /** Probes the other listener until the held request is counted there (re-holding if the probe won the slot). */
      const refusedWhileHeldOn = async (
        heldPort: number,
        probe: () => Promise<{ status: number; code: string }>,
      ) => {
        let held = hold(heldPort);
        try {
          for (let attempt = 0; attempt < 300; attempt++) {
            const answer = await probe();
            if (answer.status === 403) return answer;
            if (held.answered()) {
              held.socket.destroy();
              held = hold(heldPort);
            }
            await tick();
          }
          throw new Error('the held request was never counted on the other listener');
        } finally {
          held.socket.destroy();
        }
      };
      const probePingpp = async () => {
        const answer = await raw('GET', `/v1/charges?app[id]=${merchant.app_id}&limit=1`);
        return { status: answer.status, code: answer.body.error?.code ?? '' };
      };
      const probeMain = async () => {
        const answer = await main('GET', '/v1/app');
        return { status: answer.status, code: answer.body.code ?? '' };
      };
      const untilServed = async (probe: () => Promise<{ status: number }>) => {
        for (let attempt = 0; attempt < 300; attempt++) {
          if ((await probe()).status === 200) return;
          await tick();
        }
        throw new Error('the slot was never released');
      };
      // Held on the main listener, refused on the Ping++ one, in Ping++'s error form…
      expect(await refusedWhileHeldOn(mainPort, probePingpp)).toEqual({
        status: 403,
        code: 'concurrency_limit_exceeded',
      });
      await untilServed(probePingpp);
      // …and the other way round.
      expect(await refusedWhileHeldOn(port, probeMain)).toEqual({
        status: 403,
        code: 'concurrency_limit_exceeded',
      });
      await untilServed(probeMain);
      expect((await main('POST', '/v1/app', { concurrency_limit: null })).status).toBe(200);
    });

    // Last: it ends with require_signature on, which leaves polypay's own API unusable unsigned.
    it('verifies Pingplusplus-Signature with the uploaded public key, and requires it when the app says so', async () => {
      const keys = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      const bad = await main('POST', '/v1/app', { pingpp_public_key: 'not a key' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ param: 'pingpp_public_key' });
      const secret = await main('POST', '/v1/app', { pingpp_public_key: keys.privateKey });
      expect(secret.status).toBe(400);
      expect(secret.body.message).toContain('private key');
      // Required with no key to verify with would refuse every Ping++ request.
      const keyless = await main('POST', '/v1/app', { pingpp_require_signature: true });
      expect(keyless.status).toBe(400);
      expect(keyless.body).toMatchObject({ code: 'invalid_params', param: 'pingpp_require_signature' });
      expect((await main('GET', '/v1/app')).body.data.pingpp_require_signature).toBe(false);
      const set = await main('POST', '/v1/app', {
        pingpp_public_key: keys.publicKey,
        pingpp_require_signature: true,
      });
      expect(set.status).toBe(200);
      expect(set.body.data).toMatchObject({ pingpp_require_signature: true, require_signature: false });
      const unkeyed = await main('POST', '/v1/app', { pingpp_public_key: null });
      expect(unkeyed.status).toBe(400);
      expect(unkeyed.body).toMatchObject({ code: 'invalid_params', param: 'pingpp_public_key' });
      // polypay's own API still takes unsigned requests: the two settings are apart.
      expect((await main('GET', '/v1/charges?limit=1')).status).toBe(200);
      const unsigned = sdk(merchant.secret_key);
      const refused = await rejection(unsigned.charges.list({ app: { id: merchant.app_id } }));
      expect(refused).toMatchObject({ type: 'PingppAuthenticationError', code: 'signature_required' });
      const signed = sdk(merchant.secret_key);
      signed.setPrivateKey(keys.privateKey);
      const charge = await signed.charges.create({ ...chargeParams(), app: { id: merchant.app_id } });
      expect(charge.object).toBe('charge');
      const list = await signed.charges.list({ app: { id: merchant.app_id }, limit: 2 });
      expect(list.data[0].id).toBe(charge.id);
      // Signed as the SDK signs (body + path + timestamp), but ten minutes late.
      const stale = Math.floor(Date.now() / 1000) - 600;
      const path = `/v1/charges/${charge.id}`;
      const late = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${merchant.secret_key}:`).toString('base64')}`,
          'pingplusplus-request-timestamp': String(stale),
          'pingplusplus-signature': createSign('RSA-SHA256')
            .update(`${path}${stale}`)
            .sign(keys.privateKey, 'base64'),
        },
      });
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({ error: { code: 'timestamp_expired' } });
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const wrong = sdk(merchant.secret_key);
      wrong.setPrivateKey(other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const forged = await rejection(wrong.charges.retrieve(charge.id));
      expect(forged).toMatchObject({ type: 'PingppAuthenticationError', code: 'invalid_signature' });
      // And the other way: polypay's signatures required, Ping++'s not.
      const swapped = await main('POST', '/v1/app', {
        pingpp_require_signature: false,
        require_signature: true,
      });
      expect(swapped.body.data).toMatchObject({ pingpp_require_signature: false, require_signature: true });
      expect(await sdk(merchant.secret_key).charges.retrieve(charge.id)).toMatchObject({ id: charge.id });
      const mainUnsigned = await main('GET', '/v1/charges?limit=1');
      expect(mainUnsigned.status).toBe(401);
      expect(mainUnsigned.body).toMatchObject({ code: 'signature_required' });
      // A signature sent is still checked when not required.
      const forgedAnyway = await rejection(wrong.charges.retrieve(charge.id));
      expect(forgedAnyway).toMatchObject({ code: 'invalid_signature' });
    });
  });
}
