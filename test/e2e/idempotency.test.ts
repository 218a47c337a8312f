import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  barcodeBody,
  buyerBarcode,
  type ChargeView,
  type Envelope,
  magicBarcode,
  paidCharge,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';
import { addTestRoutes } from '../helpers/test-routes.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: Idempotency-Key`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { beforeListen: addTestRoutes });
    });
    afterAll(async () => api?.close());

    it('replays the first response byte for byte, with Idempotent-Replayed: true', async () => {
      const key = `idem-${Date.now()}-a`;
      const first = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
      // The handler ran once: a third, new key runs it again and counts one more call than the first.
      const third = await api.request<{ data: { calls: number } }>('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': `${key}-other` },
      });
      expect(third.body.data.calls).toBe((first.body as { data: { calls: number } }).data.calls + 1);
    });

    it('replays a stored client error too', async () => {
      const key = `idem-${Date.now()}-err`;
      const first = await api.request('POST', '/v1/app', {
        body: { concurrency_limit: 0 },
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/app', {
        body: { concurrency_limit: 0 },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(400);
      expect(second.status).toBe(400);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
    });

    it('refuses the same key with a different body (400 idempotency_key_reused)', async () => {
      const key = `idem-${Date.now()}-b`;
      expect(
        (await api.request('POST', '/v1/test/slow', { body: { ms: 1 }, headers: { 'idempotency-key': key } }))
          .status,
      ).toBe(200);
      const other = await api.request('POST', '/v1/test/slow', {
        body: { ms: 2 },
        headers: { 'idempotency-key': key },
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({
        code: 'idempotency_key_reused',
        param: 'Idempotency-Key',
        retryable: false,
      });
    });

    it('refuses a request whose twin is still in flight (409, retryable)', async () => {
      const key = `idem-${Date.now()}-c`;
      const slow = api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const twin = await api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      expect(twin.status).toBe(409);
      expect(twin.body).toMatchObject({ code: 'idempotency_request_in_progress', retryable: true });
      expect((await slow).status).toBe(200);
      const after = await api.request('POST', '/v1/test/slow', {
        body: { ms: 500 },
        headers: { 'idempotency-key': key },
      });
      expect(after.headers.get('idempotent-replayed')).toBe('true');
    });

    it('runs the handler once when the same key arrives twice at once', async () => {
      const key = `idem-${Date.now()}-d`;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.request('POST', '/v1/test/slow', { body: { ms: 200 }, headers: { 'idempotency-key': key } }),
        ),
      );
      const ok = responses.filter((r) => r.status === 200);
      const busy = responses.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(busy).toHaveLength(4);
    });

    it('does not store server errors, so a retry runs again', async () => {
      const key = `idem-${Date.now()}-e`;
      const first = await api.request('POST', '/v1/test/boom', {
        body: {},
        headers: { 'idempotency-key': key },
      });
      const second = await api.request('POST', '/v1/test/boom', {
        body: {},
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(500);
      expect(second.status).toBe(500);
      expect(second.headers.get('idempotent-replayed')).toBeNull();
    });

    it('keys belong to one app', async () => {
      const key = `idem-${Date.now()}-f`;
      const other = await api.createMerchant('Other app');
      const mine = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      const theirs = await api.request('POST', '/v1/test/slow', {
        key: other.secret_key,
        body: { ms: 1 },
        headers: { 'idempotency-key': key },
      });
      expect(mine.status).toBe(200);
      expect(theirs.status).toBe(200);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    });

    it('refuses a malformed key', async () => {
      const response = await api.request('POST', '/v1/test/slow', {
        body: { ms: 1 },
        headers: { 'idempotency-key': 'x'.repeat(300) },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_params', param: 'Idempotency-Key' });
    });
  });
}

/**
 * POST /v1/charges takes the request's nonce and idempotency claim into the charge's own first write
 * (src/api/idempotency.ts): on SQLite into its group-commit unit, on PostgreSQL into its one statement,
 * which a taken nonce or key makes refuse itself. The answers are the same on both.
 */
for (const dialect of DIALECTS) {
  describe(`${dialect}: Idempotency-Key on a charge`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => api?.close());

    const charge = (key: string, body: Record<string, unknown>, nonce?: string) =>
      api.request<Envelope<ChargeView>>('POST', '/v1/charges', {
        body,
        sign: nonce === undefined ? true : { nonce },
        headers: { 'idempotency-key': key },
      });
    const chargesOf = async (outTradeNo: string) =>
      api.store.db.selectFrom('charges').select('id').where('out_trade_no', '=', outTradeNo).execute();
    /** The key's first request pays; the same request again is answered the same bytes; one charge. */
    const expectPaidOnceAndReplayed = async (key: string, body: Record<string, unknown>) => {
      const first = await charge(key, body);
      expect(first.status, first.text).toBe(200);
      expect(first.body.data.status).toBe('PAID');
      const again = await charge(key, body);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await chargesOf(body.out_trade_no as string)).toHaveLength(1);
    };

    it('replays a paid charge byte for byte, and charges once', async () => {
      await expectPaidOnceAndReplayed(uniqueNo('idem'), barcodeBody());
    });

    it('replays a declined charge (402, answered with its outcome) and an undecided one (200)', async () => {
      for (const [nn, status, code] of [
        ['01', 402, 'insufficient_fund'],
        ['20', 200, undefined],
      ] as const) {
        const key = uniqueNo('idem');
        const body = barcodeBody({ authCode: magicBarcode(nn) });
        const first = await charge(key, body);
        expect(first.status, first.text).toBe(status);
        if (code) expect(first.body).toMatchObject({ code });
        else expect(first.body.data.status).toBe('CREATED');
        const second = await charge(key, body);
        expect(second.status).toBe(status);
        expect(second.text).toBe(first.text);
        expect(second.headers.get('idempotent-replayed')).toBe('true');
        expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
        expect(await chargesOf(body.out_trade_no as string)).toHaveLength(1);
      }
    });

    it('replays a request refused before the charge was written (400)', async () => {
      const key = uniqueNo('idem');
      const body = { ...barcodeBody(), amount: 0 };
      const first = await charge(key, body);
      const second = await charge(key, body);
      expect(first.status).toBe(400);
      expect(second.status).toBe(400);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
    });

    it('replays a charge refused by a daily limit, whose unit of work rolled back (402)', async () => {
      // The sandbox buyer may pay 2000000 a day: the fifth charge of 500000 passes it.
      const authCode = buyerBarcode();
      for (let i = 0; i < 4; i++) {
        expect((await charge(uniqueNo('idem'), barcodeBody({ amount: 500_000, authCode }))).status).toBe(200);
      }
      const key = uniqueNo('idem');
      const body = barcodeBody({ amount: 500_000, authCode });
      const first = await charge(key, body);
      expect(first.status, first.text).toBe(402);
      expect(first.body).toMatchObject({ code: 'buyer_over_daily_limit' });
      const second = await charge(key, body);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await chargesOf(body.out_trade_no as string)).toHaveLength(0);
    });

    it('refuses the key with another charge (400 idempotency_key_reused) and writes nothing', async () => {
      const key = uniqueNo('idem');
      expect((await charge(key, barcodeBody())).status).toBe(200);
      const other = barcodeBody();
      const reused = await charge(key, other);
      expect(reused.status).toBe(400);
      expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
      expect(await chargesOf(other.out_trade_no as string)).toHaveLength(0);
    });

    it('charges once when five requests with one new key arrive at once', async () => {
      const key = uniqueNo('idem');
      const body = barcodeBody();
      const answers = await Promise.all(Array.from({ length: 5 }, () => charge(key, body)));
      const paid = answers.filter((a) => a.status === 200);
      expect(paid.length).toBeGreaterThanOrEqual(1);
      for (const answer of answers) {
        if (answer.status === 200) expect(answer.body.data.id).toBe(paid[0]!.body.data.id);
        else expect(answer.body).toMatchObject({ code: 'idempotency_request_in_progress' });
      }
      expect(await chargesOf(body.out_trade_no as string)).toHaveLength(1);
    });

    it('refuses a used nonce with a new key, charges nothing and leaves the key free', async () => {
      const nonce = uniqueNo('nonce');
      expect((await charge(uniqueNo('idem'), barcodeBody(), nonce)).status).toBe(200);
      const key = uniqueNo('idem');
      for (const body of [barcodeBody(), { ...barcodeBody(), amount: 0 }]) {
        // A valid charge (the nonce is refused in the charge's unit) and an invalid one (refused before it).
        const replayed = await charge(key, body, nonce);
        expect(replayed.status, replayed.text).toBe(401);
        expect(replayed.body).toMatchObject({ code: 'nonce_replayed', param: 'X-Polypay-Nonce' });
        expect(await chargesOf(body.out_trade_no as string)).toHaveLength(0);
      }
      const fresh = await charge(key, barcodeBody());
      expect(fresh.status, fresh.text).toBe(200);
      expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    });

    it('takes over a key whose request died in flight (its lock expired), and charges once', async () => {
      // The record a crashed first request left: in flight, its lock past. The new charge's statement
      // does not take such a key (PostgreSQL); the claim on its own then does, and the charge follows.
      const key = uniqueNo('idem-crashed');
      const body = barcodeBody();
      const now = Date.now();
      await api.store.db
        .insertInto('idempotency_records')
        .values({
          app_id: api.merchant.app_id,
          idem_key: key,
          merchant_id: api.merchant.merchant_id,
          request_hash: createHash('sha256')
            .update('POST\n/v1/charges\n')
            .update(JSON.stringify(body))
            .digest('hex'),
          status: 'in_flight',
          response_status: null,
          response_headers: null,
          response_body: null,
          locked_until: now - 1_000,
          created_at: now - 60_000,
          expires_at: now + 3_600_000,
        })
        .execute();
      await expectPaidOnceAndReplayed(key, body);
      const other = await charge(key, barcodeBody());
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
    });

    // Last: from here on the app has a webhook endpoint. On PostgreSQL a paid outcome is one statement
    // that stores the answer too. The first charge after the endpoint is created finds it unseen: that
    // statement refuses itself, the outcome runs in a transaction and the answer is stored after it; the
    // second writes its delivery in the statement. The replays must not tell the difference.
    it('replays a paid charge of an app with a webhook endpoint byte for byte', async () => {
      const created = await api.request('POST', '/v1/webhook_endpoints', {
        body: { url: 'http://127.0.0.1:9/hooks', enabled_events: ['charge.succeeded'] },
      });
      expect(created.status, created.text).toBe(200);
      for (let i = 0; i < 2; i += 1) await expectPaidOnceAndReplayed(uniqueNo('idem-hooked'), barcodeBody());
    });
  });
}

/** The same for a refund: its claim joins the reservation, its answer the outcome (SQLite). */
for (const dialect of DIALECTS) {
  describe(`${dialect}: Idempotency-Key on a refund`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => api?.close());

    const refund = (chargeId: string, key: string, body: Record<string, unknown>, nonce?: string) =>
      api.request<Envelope<{ id: string; status: string }>>('POST', `/v1/charges/${chargeId}/refunds`, {
        body,
        sign: nonce === undefined ? true : { nonce },
        headers: { 'idempotency-key': key },
      });
    const refundsOf = async (chargeId: string) =>
      api.store.db.selectFrom('refunds').select('id').where('charge_id', '=', chargeId).execute();

    it('replays a refund byte for byte, and refunds once', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const key = uniqueNo('idem');
      const body = { refund_no: uniqueNo('rf'), amount: 400 };
      const first = await refund(charge.id, key, body);
      const second = await refund(charge.id, key, body);
      expect(first.status, first.text).toBe(200);
      expect(first.body.data.status).toBe('SUCCEEDED');
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await refundsOf(charge.id)).toHaveLength(1);
    });

    it('replays a refused refund (more than was paid)', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const key = uniqueNo('idem');
      const body = { refund_no: uniqueNo('rf'), amount: 5_000 };
      const first = await refund(charge.id, key, body);
      expect(first.status).toBeGreaterThanOrEqual(400);
      expect(first.status).toBeLessThan(500);
      const second = await refund(charge.id, key, body);
      expect(second.status).toBe(first.status);
      expect(second.text).toBe(first.text);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await refundsOf(charge.id)).toHaveLength(0);
    });

    it('refunds once when five requests with one new key arrive at once, and refuses the key for another', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const key = uniqueNo('idem');
      const body = { refund_no: uniqueNo('rf'), amount: 300 };
      const answers = await Promise.all(Array.from({ length: 5 }, () => refund(charge.id, key, body)));
      const done = answers.filter((a) => a.status === 200);
      expect(done.length).toBeGreaterThanOrEqual(1);
      for (const answer of answers) {
        if (answer.status === 200) expect(answer.body.data.id).toBe(done[0]!.body.data.id);
        else expect(answer.body).toMatchObject({ code: 'idempotency_request_in_progress' });
      }
      expect(await refundsOf(charge.id)).toHaveLength(1);
      const other = await refund(charge.id, key, { refund_no: uniqueNo('rf'), amount: 100 });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await refundsOf(charge.id)).toHaveLength(1);
    });

    it('refuses a used nonce with a new key and refunds nothing', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const nonce = uniqueNo('nonce');
      expect(
        (await refund(charge.id, uniqueNo('idem'), { refund_no: uniqueNo('rf'), amount: 100 }, nonce)).status,
      ).toBe(200);
      const replayed = await refund(
        charge.id,
        uniqueNo('idem'),
        { refund_no: uniqueNo('rf'), amount: 100 },
        nonce,
      );
      expect(replayed.status, replayed.text).toBe(401);
      expect(replayed.body).toMatchObject({ code: 'nonce_replayed', param: 'X-Polypay-Nonce' });
      expect(await refundsOf(charge.id)).toHaveLength(1);
    });
  });
}
