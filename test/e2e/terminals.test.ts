import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

interface Data<T> {
  data: T;
}
interface TerminalAnswer {
  terminal: { sn: string; status: string; key_rotated_at: number | null };
  activation_code?: string;
  terminal_key?: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: stores, terminals, activation and check-in`, () => {
    const clock = manualClock(Date.UTC(2026, 10, 24, 2, 0));
    let api: TestApi;
    let storeId: string;
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
      const store = await api.request<Data<{ id: string }>>('POST', '/v1/stores', {
        body: { name: 'Shop 1' },
      });
      expect(store.status).toBe(200);
      storeId = store.body.data.id;
    });
    afterAll(async () => api?.close());

    const charge = (outTradeNo: string, terminalSn: string) =>
      api.request('POST', '/v1/charges', {
        body: {
          out_trade_no: outTradeNo,
          amount: 1000,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: '130000000000000000',
          terminal_sn: terminalSn,
        },
      });

    it('a terminal charges only once activated; check-in rotates its key', async () => {
      const created = await api.request<Data<TerminalAnswer>>('POST', '/v1/terminals', {
        body: { store_id: storeId },
      });
      expect(created.status).toBe(200);
      const { terminal, activation_code } = created.body.data;
      expect(terminal.status).toBe('inactive');
      expect(activation_code).toMatch(/^\d{8}$/);

      const early = await charge('term-1', terminal.sn);
      expect(early.status).toBe(403);
      expect(early.body).toMatchObject({ code: 'terminal_not_activated', param: 'terminal_sn' });

      const activated = await api.request<Data<TerminalAnswer>>('POST', '/v1/terminals/activate', {
        body: { activation_code, device_id: 'till-1' },
      });
      expect(activated.status).toBe(200);
      expect(activated.body.data.terminal.status).toBe('active');
      const firstKey = activated.body.data.terminal_key!;

      const again = await api.request('POST', '/v1/terminals/activate', {
        body: { activation_code, device_id: 'till-2' },
      });
      expect(again.status).toBe(404);
      expect(again.body).toMatchObject({ code: 'terminal_not_found', param: 'activation_code' });

      const paid = await charge('term-2', terminal.sn);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ data: { status: 'PAID', terminal_sn: terminal.sn } });

      clock.advance(24 * 3600 * 1000);
      const checkin = await api.request<Data<TerminalAnswer>>(
        'POST',
        `/v1/terminals/${terminal.sn}/checkin`,
        {
          body: { terminal_key: firstKey },
        },
      );
      expect(checkin.status).toBe(200);
      const secondKey = checkin.body.data.terminal_key!;
      expect(secondKey).not.toBe(firstKey);
      // A lost answer may be asked again with the old key and gets the same new key.
      const repeated = await api.request<Data<TerminalAnswer>>(
        'POST',
        `/v1/terminals/${terminal.sn}/checkin`,
        {
          body: { terminal_key: firstKey },
        },
      );
      expect(repeated.body.data.terminal_key).toBe(secondKey);
      // Once the new key has been used, the first one is dead.
      const third = await api.request<Data<TerminalAnswer>>('POST', `/v1/terminals/${terminal.sn}/checkin`, {
        body: { terminal_key: secondKey },
      });
      expect(third.status).toBe(200);
      const stale = await api.request('POST', `/v1/terminals/${terminal.sn}/checkin`, {
        body: { terminal_key: firstKey },
      });
      expect(stale.status).toBe(401);
      expect(stale.body).toMatchObject({ code: 'invalid_signature', param: 'terminal_key' });
    });

    it('an unknown terminal is refused', async () => {
      const response = await charge('term-3', '1000999999999999');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'terminal_not_found', param: 'terminal_sn' });
    });

    it('an expired activation code is refused', async () => {
      const created = await api.request<Data<TerminalAnswer>>('POST', '/v1/terminals', {
        body: { store_id: storeId },
      });
      clock.advance(8 * 24 * 3600 * 1000);
      const late = await api.request('POST', '/v1/terminals/activate', {
        body: { activation_code: created.body.data.activation_code, device_id: 'till-9' },
      });
      expect(late.status).toBe(404);
      expect(late.body).toMatchObject({ code: 'terminal_not_found' });
    });

    it('bad input names the field', async () => {
      const noStore = await api.request('POST', '/v1/terminals', { body: { store_id: 'st_missing' } });
      expect(noStore.status).toBe(404);
      expect(noStore.body).toMatchObject({ code: 'resource_not_found', param: 'store_id' });
      const badCode = await api.request('POST', '/v1/terminals/activate', {
        body: { activation_code: 'abc', device_id: 'x' },
      });
      expect(badCode.status).toBe(400);
      expect(badCode.body).toMatchObject({ code: 'invalid_params', param: 'activation_code' });
      const badLimit = await api.request('POST', '/v1/stores', { body: { name: 'S', daily_limit: 0 } });
      expect(badLimit.status).toBe(400);
      expect(badLimit.body).toMatchObject({ param: 'daily_limit' });
    });

    it('a store daily limit refuses the charge that would exceed it', async () => {
      const store = await api.request<Data<{ id: string }>>('POST', '/v1/stores', {
        body: { name: 'Small', daily_limit: 1500 },
      });
      const body = (n: number) => ({
        out_trade_no: `store-limit-${n}`,
        amount: 1000,
        currency: 'CNY',
        subject: 'Tea',
        payway: 'alipay',
        sub_payway: 'barcode',
        auth_code: '130000000000000000',
        store_id: store.body.data.id,
      });
      expect((await api.request('POST', '/v1/charges', { body: body(1) })).status).toBe(200);
      const over = await api.request('POST', '/v1/charges', { body: body(2) });
      expect(over.status).toBe(402);
      expect(over.body).toMatchObject({ code: 'store_over_daily_limit' });
    });
  });
}
