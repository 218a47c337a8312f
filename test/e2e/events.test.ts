import type { Page, Polypay } from '@polypay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { type EventView, recordEvent } from '../../src/services/events.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { expectRejected, sdkFor } from '../helpers/sdk.js';
import { DIALECTS } from '../helpers/stores.js';

interface ErrorBody {
  code: string;
  param?: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: events`, () => {
    let api: TestApi;
    let polypay: Polypay;
    let clock: ManualClock;
    beforeAll(async () => {
      clock = manualClock(Date.UTC(2025, 2, 1));
      api = await startTestApi(dialect, { clock, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      polypay = sdkFor(api);
    });
    afterAll(async () => api?.close());

    const emit = (type = 'charge.succeeded', owner = api.merchant) =>
      recordEvent(api.store.db, {
        merchantId: owner.merchant_id,
        appId: owner.app_id,
        type,
        objectId: 'ch_evt',
        object: { id: 'ch_evt', amount: 500, currency: 'HKD' },
        now: clock.now(),
      });
    const page = (query: { limit?: number; starting_after?: string; type?: string }) =>
      polypay.events.listPage(query) as Promise<Page<EventView>>;
    /** Raw requests: the bad-input test sends what the SDK's types would not. */
    async function expectError(
      method: string,
      path: string,
      body: unknown,
      status: number,
      code: string,
      param?: string,
    ) {
      const response = await api.request<ErrorBody>(method, path, { body });
      expect({ path, status: response.status, code: response.body.code, param: response.body.param }).toEqual(
        {
          path,
          status,
          code,
          param,
        },
      );
    }
    async function endpoint(enabled_events: string[], disabled = false) {
      const { id } = await polypay.webhookEndpoints.create({
        url: 'http://127.0.0.1:9/never-called',
        enabled_events,
      });
      if (disabled) await polypay.webhookEndpoints.update(id, { disabled: true });
      return id;
    }

    // Runs first: the app has no endpoint yet, so resending schedules nothing.
    it('GET /v1/events/{id} answers the event as webhooks carry it; resend without endpoints is a no-op', async () => {
      const id = await emit('refund.pending');
      expect(await polypay.events.retrieve(id)).toEqual({
        id,
        type: 'refund.pending',
        created: clock.now(),
        data: { object: { id: 'ch_evt', amount: 500, currency: 'HKD' } },
      });
      expect(await polypay.events.resend(id)).toMatchObject({ event_id: id, delivery_ids: [] });
    });

    it('pages every event exactly once, oldest first, while new events are added', async () => {
      // Five at the same millisecond (ordered among themselves by id), then one per millisecond.
      for (let i = 0; i < 5; i += 1) await emit();
      for (let i = 0; i < 4; i += 1) {
        clock.advance(1);
        await emit(i % 2 === 0 ? 'charge.failed' : 'refund.succeeded');
      }
      const seen: EventView[] = [];
      let cursor: string | null = null;
      for (let round = 0; round < 50; round += 1) {
        const current: Page<EventView> = await page({
          limit: 3,
          ...(cursor ? { starting_after: cursor } : {}),
        });
        seen.push(...current.items);
        cursor = current.next_cursor ?? cursor;
        if (!current.has_more) break;
        if (round < 3) {
          clock.advance(1);
          await emit();
        }
      }
      const stored = await api.store.db
        .selectFrom('events')
        .select('id')
        .where('app_id', '=', api.merchant.app_id)
        .execute();
      const ids = seen.map((event) => event.id);
      expect(ids.length).toBeGreaterThanOrEqual(13);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(stored.map((row) => row.id).sort());
      const created = seen.map((event) => event.created);
      expect(created).toEqual([...created].sort((a, b) => a - b));

      // The last cursor still works later: it answers exactly what came since.
      clock.advance(1);
      const later = await emit();
      const tail = await page({ starting_after: cursor! });
      expect(tail.items.map((event) => event.id)).toEqual([later]);
      expect(tail.has_more).toBe(false);
    });

    it('filters by type and shows only the calling app’s events', async () => {
      const settled = await emit('charge.settled');
      const other = await api.createMerchant('Other app');
      const theirs = await emit('charge.settled', other);
      const mine = await page({ type: 'charge.settled', limit: 100 });
      expect(mine.items.map((event) => event.id)).toEqual([settled]);
      const all = await page({ limit: 100 });
      expect(all.items.map((event) => event.id)).not.toContain(theirs);
      expect(all.items.every((event) => typeof event.id === 'string')).toBe(true);
      await expectRejected(polypay.events.retrieve(theirs), 404, 'resource_not_found', 'id');
      await expectRejected(polypay.events.resend(theirs), 404, 'resource_not_found', 'id');
      await expectRejected(polypay.events.deliveries(theirs), 404, 'resource_not_found', 'id');
    });

    it('resends to every enabled subscribed endpoint, or to the one named, and lists the deliveries', async () => {
      const all = await endpoint(['*']);
      const charges = await endpoint(['charge.succeeded', 'charge.failed']);
      const refunds = await endpoint(['refund.succeeded']);
      await endpoint(['*'], true);
      const id = await emit('charge.failed');
      const scheduled = (await polypay.events.deliveries(id)).items;
      expect(scheduled.map((d) => d.endpoint_id).sort()).toEqual([all, charges].sort());

      const resent = await polypay.events.resend(id, {});
      expect(resent.delivery_ids).toHaveLength(2);
      const named = await polypay.events.resend(id, { endpoint_id: refunds });
      expect(named.delivery_ids).toHaveLength(1);
      const listed = await polypay.events.deliveries(id);
      const items = listed.items;
      expect(items).toHaveLength(5);
      expect(items.map((d) => d.id)).toEqual(
        expect.arrayContaining([...resent.delivery_ids, ...named.delivery_ids]),
      );
      expect(items.find((d) => d.id === named.delivery_ids[0])).toMatchObject({
        object: 'webhook_delivery',
        event_id: id,
        endpoint_id: refunds,
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: clock.now(),
        attempts: [],
      });
      expect(listed.has_more).toBe(false);
    });

    it('refuses bad input on every route', async () => {
      const id = await emit();
      for (const cursor of ['bogus!', Buffer.from('x:y').toString('base64url'), 'a'.repeat(201)]) {
        await expectError(
          'GET',
          `/v1/events?starting_after=${cursor}`,
          undefined,
          400,
          'invalid_params',
          'starting_after',
        );
      }
      for (const limit of ['0', '101', 'ten', '2.5']) {
        await expectError('GET', `/v1/events?limit=${limit}`, undefined, 400, 'invalid_params', 'limit');
      }
      await expectError('GET', '/v1/events?colour=red', undefined, 400, 'invalid_params', 'colour');
      const unknown = 'evt_000000000000000000000000';
      await expectError('GET', `/v1/events/${unknown}`, undefined, 404, 'resource_not_found', 'id');
      await expectError('POST', `/v1/events/${unknown}/resend`, {}, 404, 'resource_not_found', 'id');
      await expectError(
        'GET',
        `/v1/events/${unknown}/deliveries`,
        undefined,
        404,
        'resource_not_found',
        'id',
      );
      await expectError(
        'POST',
        `/v1/events/${id}/resend`,
        { endpoint_id: 'we_nope' },
        404,
        'resource_not_found',
        'endpoint_id',
      );
      await expectError(
        'POST',
        `/v1/events/${id}/resend`,
        { endpoint_id: 5 },
        400,
        'invalid_params',
        'endpoint_id',
      );
      await expectError(
        'POST',
        `/v1/events/${id}/resend`,
        { endpoint: 'x' },
        400,
        'invalid_params',
        'endpoint',
      );
      const disabled = await endpoint(['*'], true);
      await expectError(
        'POST',
        `/v1/events/${id}/resend`,
        { endpoint_id: disabled },
        400,
        'invalid_params',
        'endpoint_id',
      );
      const other = await api.createMerchant('Third app');
      const theirs = await sdkFor(api, other.secret_key).webhookEndpoints.create({
        url: 'http://127.0.0.1:9/x',
        enabled_events: ['*'],
      });
      const resend = { endpoint_id: theirs.id };
      await expectError('POST', `/v1/events/${id}/resend`, resend, 404, 'resource_not_found', 'endpoint_id');
    });
  });
}
