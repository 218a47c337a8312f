import { describe, expect, it } from 'vitest';
import { mapUpstream } from '../../errors/lookup.js';
import { channel, charge, paidCharge, refundOf, scenario, useClientEmulator } from './client-harness.js';
import { WORLD_CODES } from './emulator/world-codes.js';
import { isUncertain } from './outcomes.js';

/** Every world code a scenario can ask for → its unified code, uncertain only when VMP may have acted. */

useClientEmulator();

describe('world codes from scenarios → unified codes, uncertain only when they may have acted', () => {
  it('every world code of a pre-order maps to its catalog code; a definite failure left no order', async () => {
    for (const code of WORLD_CODES.preorder) {
      const c = charge();
      await scenario({ operation: 'jsapi', code });
      const outcome = await channel.precreate(c);
      const unified = mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined);
      expect(outcome.error?.code, code).toBe(unified);
      expect(outcome.error?.channelError).toMatchObject({ provider: 'eftpay', code });
      const truth = await channel.query(c);
      if (isUncertain(outcome.error!)) {
        expect(outcome, code).toMatchObject({ bizResult: 'PRECREATE_FAIL_ERROR', orderStatus: 'PAY_ERROR' });
      } else {
        expect(outcome, code).toMatchObject({ bizResult: 'PRECREATE_FAIL', orderStatus: 'PAY_CANCELED' });
        expect(truth.error?.code, `${code}: a definite failure must leave no order`).toBe('trade_not_found');
      }
    }
  });

  it('every world code of a refund maps to its catalog code; a definite failure refunded nothing', async () => {
    for (const code of WORLD_CODES.refund) {
      const c = await paidCharge();
      const r = refundOf(`${c.outTradeNo}-W`, 1_000);
      await scenario({ operation: 'jsapi', code });
      const outcome = await channel.refund(c, r);
      expect(outcome.error?.code, code).toBe(
        mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined),
      );
      const truth = await channel.queryRefund(c, r);
      if (isUncertain(outcome.error!)) {
        expect(outcome, code).toMatchObject({ bizResult: 'REFUND_ERROR' });
      } else {
        expect(outcome.bizResult, code).toBe('FAIL');
        expect(truth.error?.code, `${code}: a definite failure must refund nothing`).toBe('trade_not_found');
      }
    }
  });

  it('every world code of a cancel maps to its catalog code; a definite failure cancelled nothing', async () => {
    for (const code of WORLD_CODES.cancel) {
      const c = await paidCharge();
      await scenario({ operation: 'cancel', code });
      const outcome = await channel.cancel(c);
      expect(outcome.error?.code, code).toBe(
        mapUpstream('eftpay', code, code === '-99' ? 'System error' : undefined),
      );
      const truth = await channel.query(c);
      if (outcome.bizResult === 'FAIL') expect(truth.orderStatus, code).toBe('PAID');
      else expect(outcome.bizResult, code).toBe('CANCEL_ERROR');
    }
  });

  it('a refund whose notification failed (52) is pending; the refund query finds it done', async () => {
    const c = await paidCharge();
    const r = refundOf(`${c.outTradeNo}-52`, 10_000);
    await scenario({ operation: 'jsapi', code: '52' });
    expect(await channel.refund(c, r)).toMatchObject({
      bizResult: 'REFUND_ERROR',
      error: { code: 'refund_pending' },
    });
    expect(await channel.queryRefund(c, r)).toMatchObject({ bizResult: 'SUCCESS', orderStatus: 'REFUNDED' });
  });
});
