import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { type AddressInfo, connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DIALECTS } from '../helpers/stores.js';
import { usePingppServer } from './pingpp-harness.js';

/** The SDK's own webhook verification (example/webhooks_verify.js of the pingpp package), verbatim. */
const verify_signature = (raw_data: string, signature: string, pub_key: string) => {
  const verifier = createVerify('RSA-SHA256').update(raw_data, 'utf8');
  return verifier.verify(pub_key, signature, 'base64');
};

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
    const h = usePingppServer(dialect);
    const { sdk, main, raw, chargeParams, rejection, received } = h;

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
        app: h.merchant.app_id,
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
      const list = await pingpp.charges.list({ app: { id: h.merchant.app_id }, limit: 5 });
      expect(list).toMatchObject({ object: 'list', url: '/v1/charges' });
      expect(list.data.map((c: { id: string }) => c.id)).toContain(charge.id);
      const since = await pingpp.charges.list({
        app: { id: h.merchant.app_id },
        created: { gte: charge.created },
      });
      expect(since.data.map((c: { id: string }) => c.id)).toContain(charge.id);
      const before = await pingpp.charges.list({
        app: { id: h.merchant.app_id },
        created: { lt: charge.created },
      });
      expect(before.data.map((c: { id: string }) => c.id)).not.toContain(charge.id);
      const unsupported = await rejection(
        pingpp.charges.list({ app: { id: h.merchant.app_id }, paid: true }),
      );
      expect(unsupported).toMatchObject({ rawType: 'invalid_request_error', param: 'paid' });
      // As the Python SDK sends it: Bearer, and a JSON content type on a GET without a body.
      const python = await fetch(`http://127.0.0.1:${h.port}/v1/charges/${charge.id}`, {
        headers: {
          authorization: `Bearer ${h.merchant.secret_key}`,
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
      const rows = await h.server.store.db
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

    it('refuses a key revoked through the main API on its very next Ping++ request', async () => {
      const created = await main('POST', '/v1/api_keys', { kind: 'restricted' });
      expect(created.status).toBe(200);
      const reader = sdk(created.body.data.key);
      const list = () => reader.charges.list({ app: { id: h.merchant.app_id }, limit: 1 });
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
      expect((await reader.charges.list({ app: { id: h.merchant.app_id } })).object).toBe('list');
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

    it('sends Ping++-format webhooks that the SDK verification accepts, and retrieves the event', async () => {
      const endpoint = await main('POST', '/v1/webhook_endpoints', {
        url: `http://127.0.0.1:${(h.receiver.address() as AddressInfo).port}/hook`,
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
      const kept = await h.server.store.db
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

    it('counts an app’s concurrency limit across both listeners', async () => {
      expect((await main('POST', '/v1/app', { concurrency_limit: 1 })).status).toBe(200);
      const mainPort = Number(new URL(h.server.url).port);
      /** A request whose body never ends: authenticated, and so counted, until its connection closes. */
      const hold = (onPort: number) => {
        const socket = connect(onPort, '127.0.0.1');
        let answered = false;
        socket.on('data', () => {
          answered = true;
        });
        socket.on('error', () => {});
        socket.write(
          `POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.merchant.secret_key}\r\n` +
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
        const answer = await raw('GET', `/v1/charges?app[id]=${h.merchant.app_id}&limit=1`);
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
      expect(await refusedWhileHeldOn(h.port, probeMain)).toEqual({
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
      const unsigned = sdk(h.merchant.secret_key);
      const refused = await rejection(unsigned.charges.list({ app: { id: h.merchant.app_id } }));
      expect(refused).toMatchObject({ type: 'PingppAuthenticationError', code: 'signature_required' });
      const signed = sdk(h.merchant.secret_key);
      signed.setPrivateKey(keys.privateKey);
      const charge = await signed.charges.create({ ...chargeParams(), app: { id: h.merchant.app_id } });
      expect(charge.object).toBe('charge');
      const list = await signed.charges.list({ app: { id: h.merchant.app_id }, limit: 2 });
      expect(list.data[0].id).toBe(charge.id);
      // Signed as the SDK signs (body + path + timestamp), but ten minutes late.
      const stale = Math.floor(Date.now() / 1000) - 600;
      const path = `/v1/charges/${charge.id}`;
      const late = await fetch(`http://127.0.0.1:${h.port}${path}`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${h.merchant.secret_key}:`).toString('base64')}`,
          'pingplusplus-request-timestamp': String(stale),
          'pingplusplus-signature': createSign('RSA-SHA256')
            .update(`${path}${stale}`)
            .sign(keys.privateKey, 'base64'),
        },
      });
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({ error: { code: 'timestamp_expired' } });
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const wrong = sdk(h.merchant.secret_key);
      wrong.setPrivateKey(other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const forged = await rejection(wrong.charges.retrieve(charge.id));
      expect(forged).toMatchObject({ type: 'PingppAuthenticationError', code: 'invalid_signature' });
      // And the other way: polypay's signatures required, Ping++'s not.
      const swapped = await main('POST', '/v1/app', {
        pingpp_require_signature: false,
        require_signature: true,
      });
      expect(swapped.body.data).toMatchObject({ pingpp_require_signature: false, require_signature: true });
      expect(await sdk(h.merchant.secret_key).charges.retrieve(charge.id)).toMatchObject({ id: charge.id });
      const mainUnsigned = await main('GET', '/v1/charges?limit=1');
      expect(mainUnsigned.status).toBe(401);
      expect(mainUnsigned.body).toMatchObject({ code: 'signature_required' });
      // A signature sent is still checked when not required.
      const forgedAnyway = await rejection(wrong.charges.retrieve(charge.id));
      expect(forgedAnyway).toMatchObject({ code: 'invalid_signature' });
    });
  });
}
