import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { TEST_PROVIDER, TEST_PROVIDERS } from '../../test/helpers/test-provider.js';
import { systemClock } from '../domain/clock.js';
import {
  type CreatedMerchant,
  createMerchantWithApp,
  insertChannelConfig,
  SecretBox,
} from '../store/index.js';
import type { ChargeRoute } from './port.js';
import { createChannels } from './registry.js';

const box = SecretBox.fromKey(Buffer.alloc(32, 3));

for (const dialect of DIALECTS) {
  describe(`${dialect}: channel registry`, () => {
    let db: TestStore;
    let live: CreatedMerchant;
    let sequence = 0;

    beforeEach(async () => {
      db = await createTestStore(dialect);
      live = await createMerchantWithApp(db.store.db, box, { name: 'Live', mode: 'live', now: 1 });
    });
    afterEach(() => db.dispose());

    const channels = () =>
      createChannels({
        store: db.store,
        box,
        clock: systemClock,
        publicUrl: 'https://gw.example/',
        providers: TEST_PROVIDERS,
      });

    async function config(overrides: { payways?: string[]; status?: 'enabled' | 'disabled' } = {}) {
      sequence += 1;
      const id = `chc_test${sequence}`;
      await insertChannelConfig(db.store.db, {
        id,
        merchant_id: live.merchant_id,
        app_id: live.app_id,
        mode: 'live',
        provider: TEST_PROVIDER,
        payways: JSON.stringify(overrides.payways ?? ['alipay']),
        sub_payways: JSON.stringify(['barcode', 'qrcode']),
        currencies: JSON.stringify(['CNY']),
        base_url: 'https://testpay.example',
        credentials_enc: box.encrypt(JSON.stringify({ merchant_no: 'm1', secret: 's1' })),
        state_enc: null,
        status: overrides.status ?? 'enabled',
        created_at: sequence,
        updated_at: sequence,
      });
      return id;
    }

    const route = (overrides: Partial<ChargeRoute> = {}): ChargeRoute => ({
      appId: live.app_id,
      mode: 'live',
      payway: 'alipay',
      subPayway: 'barcode',
      currency: 'CNY',
      ...overrides,
    });

    it('serves a live charge from the newest enabled matching configuration, else from none', async () => {
      const registry = channels();
      expect(await registry.forCharge(route())).toBeUndefined();
      const older = await config();
      const newer = await config();
      await config({ status: 'disabled' });
      await config({ payways: ['wechat'] });
      expect((await registry.forCharge(route()))?.name).toBe(`${TEST_PROVIDER}:${newer}`);
      expect(await registry.forCharge(route({ subPayway: 'wap' }))).toBeUndefined();
      expect(await registry.forCharge(route({ currency: 'HKD' }))).toBeUndefined();
      expect(await registry.forCharge(route({ payway: 'jdpay' }))).toBeUndefined();
      // A test-mode route never takes a live configuration (it falls back to the sandbox).
      expect((await registry.forCharge(route({ mode: 'test' })))?.name).toBe('sandbox');
      expect((await registry.byName(`${TEST_PROVIDER}:${older}`))?.name).toBe(`${TEST_PROVIDER}:${older}`);
    });

    it('finds channels by the name on a charge, built once per configuration', async () => {
      const id = await config({ status: 'disabled' });
      const registry = channels();
      const name = `${TEST_PROVIDER}:${id}`;
      const first = await registry.byName(name);
      expect(first?.name).toBe(name);
      expect(await registry.byName(name)).toBe(first);
      expect(await registry.byName('sandbox')).toBe(registry.sandbox);
      for (const unknown of [`${TEST_PROVIDER}:chc_none`, `shouqianba:${id}`, id, ''])
        expect(await registry.byName(unknown)).toBeUndefined();
      const configured = await registry.configured(id);
      expect(configured?.context).toMatchObject({
        configId: id,
        channelName: name,
        mode: 'live',
        baseUrl: 'https://testpay.example',
        credentials: { merchant_no: 'm1', secret: 's1' },
        notifyUrl: `https://gw.example/v1/channel_notifications/${TEST_PROVIDER}/${id}`,
      });
    });
  });
}
