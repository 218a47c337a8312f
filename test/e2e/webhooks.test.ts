import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { CreateWebhookEndpointParams, Polypay } from '@polypay/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { recordEvent } from '../../src/services/events.js';
import {
  verifyWebhookSignature,
  WEBHOOK_MIN_RETRY_WINDOW_MS,
  WebhookSignatureError,
  webhookJobHandlers,
} from '../../src/services/webhooks/index.js';
import { createMerchantWithApp } from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { expectRejected, sdkFor } from '../helpers/sdk.js';
import { DIALECTS } from '../helpers/stores.js';

type Behavior = 'ok' | 'http500' | 'hang' | 'reset';
interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A merchant's webhook receiver on 127.0.0.1 that answers as scripted, then with `fallback`. */
async function startReceiver() {
  const state = { script: [] as Behavior[], fallback: 'ok' as Behavior, received: [] as Received[] };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const behavior = state.script.shift() ?? state.fallback;
      if (behavior === 'ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      else if (behavior === 'http500') res.writeHead(500).end('boom');
      else if (behavior === 'reset') req.socket.resetAndDestroy();
      // 'hang': never answer.
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no receiver address');
  return {
    state,
    received: state.received,
    url: `http://127.0.0.1:${address.port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const START = Date.UTC(2025, 0, 15, 8, 0, 0);

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhooks`, () => {
    let api: TestApi;
    let polypay: Polypay;
    let clock: ManualClock;
    let receiver: Receiver;
    let runner: JobRunner;
    beforeEach(async () => {
      clock = manualClock(START);
      api = await startTestApi(dialect, { clock, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      polypay = sdkFor(api);
      receiver = await startReceiver();
      const handlers = webhookJobHandlers({
        store: api.store,
        box: api.box,
        clock,
        timeoutMs: 300,
        random: () => 0.5,
        targets: PRIVATE_TARGETS_FOR_TESTS,
      });
      runner = new JobRunner({ store: api.store, clock, handlers });
    });
    afterEach(async () => {
      await receiver?.close();
      await api?.close();
    });

    const EP = '/v1/webhook_endpoints';
    /** A refused call, sent raw: the bad-input test sends what the SDK's types would not: its status follows from the code (404 for resource_not_found, else 400). */
    async function fails(
      method: string,
      path: string,
      body: unknown,
      param: string,
      code = 'invalid_params',
    ) {
      const response = await api.request<{ code: string; param?: string }>(method, path, { body });
      const status = code === 'resource_not_found' ? 404 : 400;
      const got = { path, status: response.status, code: response.body.code, param: response.body.param };
      expect(got).toEqual({ path, status, code, param });
    }
    const createEndpoint = async (params: Partial<CreateWebhookEndpointParams> = {}) => {
      const endpoint = await polypay.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: ['*'],
        ...params,
      });
      return { ...endpoint, secret: endpoint.secret! };
    };
    const emit = (type = 'charge.succeeded') =>
      recordEvent(api.store.db, {
        merchantId: api.merchant.merchant_id,
        appId: api.merchant.app_id,
        type,
        objectId: 'ch_test',
        object: { id: 'ch_test', amount: 1200, currency: 'CNY', subject: '咖啡' },
        now: clock.now(),
      });
    const deliveries = async (eventId: string) => (await polypay.events.deliveries(eventId)).items;
    const verify = (received: Received, secret: string) =>
      verifyWebhookSignature({
        payload: received.body,
        header: received.headers['polypay-signature'],
        secret,
        now: clock.now(),
      });
    const v1Count = (received: Received) =>
      String(received.headers['polypay-signature']).match(/v1=/g)?.length;

    it('retries a failing receiver on schedule (500, hang, reset, then 200), recording every attempt', async () => {
      const { secret } = await createEndpoint();
      receiver.state.script.push('http500', 'hang', 'reset', 'ok');
      const eventId = await emit();
      await runner.runUntilIdle();
      let [delivery] = await deliveries(eventId);
      expect(delivery).toMatchObject({ status: 'pending', attempt_count: 1, last_status_code: 500 });
      expect(delivery!.next_attempt_at).toBe(START + 10_000);

      clock.advance(9_999);
      await runner.runUntilIdle();
      expect(receiver.received).toHaveLength(1);
      for (const [wait, expected] of [
        [1, 2],
        [30_000, 3],
        [60_000, 4],
      ] as const) {
        clock.advance(wait);
        await runner.runUntilIdle();
        expect(receiver.received).toHaveLength(expected);
      }
      [delivery] = await deliveries(eventId);
      expect(delivery).toMatchObject({
        status: 'succeeded',
        attempt_count: 4,
        last_status_code: 200,
        last_error: null,
      });
      expect(delivery!.next_attempt_at).toBeNull();
      const attempts = delivery!.attempts;
      expect(attempts.map((a) => [a.attempt, a.status_code, a.created])).toEqual([
        [1, 500, START],
        [2, null, START + 10_000],
        [3, null, START + 40_000],
        [4, 200, START + 100_000],
      ]);
      expect(attempts[0]!.error).toBe('HTTP 500');
      expect(attempts[1]!.error).toMatch(/^timeout/);
      expect(attempts[1]!.duration_ms).toBeGreaterThanOrEqual(250);
      expect(attempts[2]!.error).toMatch(/reset/i);
      expect(attempts[3]!.error).toBeNull();

      const event = await polypay.events.retrieve(eventId);
      for (const received of receiver.received) {
        expect(received.headers['content-type']).toBe('application/json');
        expect(received.headers['user-agent']).toBe('polypay-webhooks/1');
        expect(received.headers['polypay-event-id']).toBe(eventId);
        expect(received.body).toBe(JSON.stringify(event));
      }
      expect(verify(receiver.received[3]!, secret)).toEqual(event);
    });

    it('signs with both secrets during a rotation grace period, and with the new one after it', async () => {
      const { id, secret: oldSecret } = await createEndpoint();
      const rotated = await polypay.webhookEndpoints.rotateSecret(id, { grace_period_seconds: 3600 });
      const newSecret = rotated.secret;
      expect(newSecret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
      expect(newSecret).not.toBe(oldSecret);
      expect(rotated.previous_secret_expires_at).toBe(START + 3_600_000);

      await emit();
      await runner.runUntilIdle();
      const during = receiver.received[0]!;
      expect(v1Count(during)).toBe(2);
      expect(verify(during, newSecret).type).toBe('charge.succeeded');
      expect(verify(during, oldSecret).type).toBe('charge.succeeded');

      clock.advance(3_600_001);
      await emit('refund.succeeded');
      await runner.runUntilIdle();
      const after = receiver.received[1]!;
      expect(v1Count(after)).toBe(1);
      expect(verify(after, newSecret).type).toBe('refund.succeeded');
      expect(() => verify(after, oldSecret)).toThrow(WebhookSignatureError);
      const shown = await polypay.webhookEndpoints.retrieve(id);
      expect(shown.previous_secret_expires_at).toBeNull();
      expect(shown).not.toHaveProperty('secret');

      const immediate = await polypay.webhookEndpoints.rotateSecret(id, { grace_period_seconds: 0 });
      await emit();
      await runner.runUntilIdle();
      expect(v1Count(receiver.received[2]!)).toBe(1);
      expect(verify(receiver.received[2]!, immediate.secret).id).toBeTruthy();
    });

    it('re-sends by hand, to subscribed endpoints or to a named one', async () => {
      const all = await createEndpoint();
      const refundsOnly = await createEndpoint({
        url: `${receiver.url}/refunds`,
        enabled_events: ['refund.succeeded'],
      });
      const eventId = await emit('charge.succeeded');
      await runner.runUntilIdle();
      expect(receiver.received).toHaveLength(1);

      clock.advance(60_000);
      const resent = await polypay.events.resend(eventId);
      expect(resent.delivery_ids).toHaveLength(1);
      clock.advance(1000);
      const body = { endpoint_id: refundsOnly.id };
      const named = await polypay.events.resend(eventId, body);
      expect(named.delivery_ids).toHaveLength(1);
      await runner.runUntilIdle();
      expect(receiver.received).toHaveLength(3);
      for (const received of receiver.received.slice(1)) {
        expect(received.headers['polypay-event-id']).toBe(eventId);
      }
      // Both resends are due at once, and the outbox runs due jobs in no set order.
      const resentTo = (path: string) =>
        receiver.received.slice(1).find((received) => received.path === path)!;
      expect(verify(resentTo('/hooks'), all.secret).id).toBe(eventId);
      expect(verify(resentTo('/hooks/refunds'), refundsOnly.secret).id).toBe(eventId);
      const list = await deliveries(eventId);
      expect(list.map((d) => [d.endpoint_id, d.status])).toEqual([
        [all.id, 'succeeded'],
        [all.id, 'succeeded'],
        [refundsOnly.id, 'succeeded'],
      ]);
    });

    it('retries a receiver that never succeeds for at least 24 h, then marks the delivery failed', async () => {
      await createEndpoint();
      receiver.state.fallback = 'http500';
      const handlers = webhookJobHandlers({
        store: api.store,
        box: api.box,
        clock,
        timeoutMs: 300,
        targets: PRIVATE_TARGETS_FOR_TESTS,
      });
      const jittered = new JobRunner({ store: api.store, clock, handlers });
      const eventId = await emit();
      await jittered.runUntilIdle();
      for (let i = 0; i < 40; i += 1) {
        const [delivery] = await deliveries(eventId);
        if (delivery!.status !== 'pending') break;
        clock.set(delivery!.next_attempt_at!);
        await jittered.runUntilIdle();
      }
      const [delivery] = await deliveries(eventId);
      expect(delivery).toMatchObject({
        status: 'failed',
        attempt_count: 13,
        next_attempt_at: null,
        last_status_code: 500,
      });
      const times = delivery!.attempts.map((a) => a.created);
      expect(times).toHaveLength(13);
      expect(times[12]! - times[0]!).toBeGreaterThanOrEqual(WEBHOOK_MIN_RETRY_WINDOW_MS);
      expect(receiver.received).toHaveLength(13);
      const job = await api.store.db.selectFrom('jobs').select(['status']).executeTakeFirstOrThrow();
      expect(job.status).toBe('failed');
    });

    it('stops delivering to a disabled or deleted endpoint', async () => {
      const { id } = await createEndpoint();
      receiver.state.script.push('http500');
      const eventId = await emit();
      await runner.runUntilIdle();
      expect(await polypay.webhookEndpoints.update(id, { disabled: true })).toMatchObject({
        status: 'disabled',
      });
      clock.advance(10_000);
      await runner.runUntilIdle();
      expect(receiver.received).toHaveLength(1);
      expect((await deliveries(eventId))[0]).toMatchObject({
        status: 'failed',
        last_error: 'endpoint disabled',
      });
      expect(await deliveries(await emit())).toEqual([]);

      const other = await createEndpoint();
      const second = await emit();
      expect(await polypay.webhookEndpoints.delete(other.id)).toEqual({
        id: other.id,
        object: 'webhook_endpoint',
        deleted: true,
      });
      await runner.runUntilIdle();
      expect(receiver.received).toHaveLength(1);
      expect(await deliveries(second)).toEqual([]);
      await expectRejected(polypay.webhookEndpoints.retrieve(other.id), 404, 'resource_not_found', 'id');
    });

    it('manages endpoints: create (secret shown once), list with a cursor, update', async () => {
      const created = await Promise.all([1, 2, 3].map(() => createEndpoint()));
      expect(created.every((e) => /^whsec_[0-9A-Za-z]{32}$/.test(e.secret))).toBe(true);
      const stored = await api.store.db.selectFrom('webhook_endpoints').select('secret_enc').execute();
      expect(
        stored.every((row) => row.secret_enc.startsWith('v1:') && !row.secret_enc.includes('whsec_')),
      ).toBe(true);
      const first = await polypay.webhookEndpoints.listPage({ limit: 2 });
      expect([first.items.length, first.has_more]).toEqual([2, true]);
      const rest = await polypay.webhookEndpoints.listPage({ limit: 2, starting_after: first.next_cursor! });
      expect([rest.items.length, rest.has_more]).toEqual([1, false]);
      const ids = [...first.items, ...rest.items].map((e) => e.id);
      expect(ids.sort()).toEqual(created.map((e) => e.id).sort());
      expect(JSON.stringify(first)).not.toContain('whsec_');

      const id = created[0]!.id;
      const change = {
        url: 'https://example.com/polypay',
        enabled_events: ['refund.failed', 'charge.voided'],
      };
      expect(await polypay.webhookEndpoints.update(id, change)).toMatchObject({
        id,
        ...change,
        status: 'enabled',
      });
      expect(await polypay.webhookEndpoints.update(id, { disabled: true })).toMatchObject({
        ...change,
        status: 'disabled',
      });
    });

    it('refuses bad input with the field at fault, and other apps’ endpoints with 404', async () => {
      const bad = [
        'not a url',
        'ftp://example.com/x',
        `https://x.io/${'a'.repeat(2048)}`,
        'https://u:p@x.io/',
      ];
      for (const url of bad) await fails('POST', EP, { url, enabled_events: ['*'] }, 'url');
      await fails('POST', EP, { enabled_events: ['*'] }, 'url', 'missing_param');
      const url = receiver.url;
      await fails(
        'POST',
        EP,
        { url, enabled_events: ['charge.succeeded', 'charge.exploded'] },
        'enabled_events[1]',
      );
      await fails('POST', EP, { url, enabled_events: [] }, 'enabled_events');
      await fails('POST', EP, { url, enabled_events: '*' }, 'enabled_events');
      await fails('POST', EP, { url, enabled_events: ['*'], colour: 'red' }, 'colour');

      const { id } = await createEndpoint();
      await fails('POST', `${EP}/${id}`, { url: 'mailto:a@b.c' }, 'url');
      await fails('POST', `${EP}/${id}`, { enabled_events: ['nope'] }, 'enabled_events[0]');
      for (const grace of [-1, 604_801, 1.5, '60']) {
        await fails(
          'POST',
          `${EP}/${id}/rotate_secret`,
          { grace_period_seconds: grace },
          'grace_period_seconds',
        );
      }
      await fails('GET', `${EP}?starting_after=bogus!`, undefined, 'starting_after');
      await fails('GET', `${EP}?limit=0`, undefined, 'limit');

      const other = await api.createMerchant('Other');
      const theirs = await api.request<{ data: { id: string } }>('POST', EP, {
        key: other.secret_key,
        body: { url, enabled_events: ['*'] },
      });
      for (const target of ['we_doesnotexist000000000000', theirs.body.data.id]) {
        await fails('GET', `${EP}/${target}`, undefined, 'id', 'resource_not_found');
        await fails('POST', `${EP}/${target}`, { disabled: true }, 'id', 'resource_not_found');
        await fails('POST', `${EP}/${target}/rotate_secret`, {}, 'id', 'resource_not_found');
        await fails('DELETE', `${EP}/${target}`, undefined, 'id', 'resource_not_found');
      }
      const listed: string[] = [];
      for await (const endpoint of polypay.webhookEndpoints.list()) listed.push(endpoint.id);
      expect(listed).toEqual([id]);

      const live = await createMerchantWithApp(api.store.db, api.box, {
        name: 'Live',
        mode: 'live',
        now: START,
      });
      const asLive = (target: string) =>
        api.request<{ param?: string }>('POST', EP, {
          key: live.secret_key,
          body: { url: target, enabled_events: ['*'] },
        });
      const insecure = await asLive('http://example.com/hooks');
      expect([insecure.status, insecure.body.param]).toEqual([400, 'url']);
      expect((await asLive('https://example.com/hooks')).status).toBe(200);
    });
  });
}
