import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

describe('domain index', () => {
  it('re-exports every module', () => {
    for (const name of [
      'checkChargeAmount',
      'localDate',
      'manualClock',
      'newId',
      'canRefund',
      'applyRefundResult',
      'checkTerminal',
      'postingsForPaid',
      'nextPollDelay',
      'refuse',
      'CHARGE_STATUSES',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });
});
