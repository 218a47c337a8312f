import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/stores.js';
import { usePingppServer } from './pingpp-harness.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: Ping++ transfers and red envelopes through the SDK`, () => {
    const h = usePingppServer(dialect);
    const { sdk, main, raw, orderNo, chargeParams, rejection } = h;

    it('sends a transfer and a red envelope from the settled balance', async () => {
      const pingpp = sdk();
      await pingpp.charges.create(
        chargeParams({ channel: 'alipay_scan', amount: 100_000, extra: { scan_code: '280000000000000000' } }),
      );
      expect((await main('POST', '/v1/test/settlement', {})).status).toBe(200);
      const transfer = await pingpp.transfers.create({
        order_no: orderNo(),
        app: { id: h.merchant.app_id },
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
        app: { id: h.merchant.app_id },
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
        app: { id: h.merchant.app_id },
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
      app: { id: h.merchant.app_id },
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
      const rows = await h.server.store.db
        .selectFrom('pingpp_payouts')
        .select(['kind', 'channel', 'metadata'])
        .where('app_id', '=', h.merchant.app_id)
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
          const rows = await h.server.store.db
            .selectFrom(table)
            .select(column)
            .where('app_id', '=', h.merchant.app_id)
            .where(column, '=', params.order_no)
            .execute();
          expect(rows, `${path} ${table}`).toEqual([]);
        }
      }
    });

    // These two read what the payouts above leave: the balance they drew on and the red envelope's event.
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
      const envelopeEvent = await h.server.store.db
        .selectFrom('events')
        .selectAll()
        .where('app_id', '=', h.merchant.app_id)
        .where('type', 'like', 'red_envelope.%')
        .executeTakeFirstOrThrow();
      await h.server.store.db
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
  });
}
