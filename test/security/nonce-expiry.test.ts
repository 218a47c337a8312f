/**
 * A nonce is kept until its request's timestamp has left the signature window (DESIGN §2: "a nonce seen
 * within the window → 401"), plus the millisecond at which it arrived (src/api/signing.ts nonceExpiry).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonceExpiry } from '../../src/api/signing.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { expectError } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

describe('nonceExpiry', () => {
  it('keeps a nonce for the whole window, and under a second longer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 3_600 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (ts, tolerance, now) => {
          const expiry = nonceExpiry(ts, tolerance, now);
          const windowEnd = (ts + 2 * tolerance) * 1000;
          expect(expiry).toBeGreaterThanOrEqual(windowEnd);
          expect(expiry).toBeLessThan(windowEnd + 1000);
        },
      ),
    );
  });

  it('orders the nonces of one signed second by arrival', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), fc.nat(998), (ts, ms) => {
        const second = ts * 1000;
        expect(nonceExpiry(ts, 300, second + ms)).toBeLessThan(nonceExpiry(ts, 300, second + ms + 1));
      }),
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: a used nonce over time`, () => {
    let api: TestApi;
    let clock: ManualClock;
    beforeAll(async () => {
      clock = manualClock(Date.UTC(2026, 10, 30, 6, 0, 0, 250));
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    const post = (nonce: string, timestamp: number) =>
      api.request('POST', '/v1/app', { body: {}, sign: { nonce, timestamp } });

    it('is refused with any timestamp until the window of its first use has passed, then accepted', async () => {
      const first = Math.floor(clock.now() / 1000);
      expect((await post('n-over-time', first)).status).toBe(200);

      // 10 minutes less the 250 ms it arrived after its second: still within what it is kept for.
      clock.advance(600_000 - 1);
      const late = await post('n-over-time', Math.floor(clock.now() / 1000));
      expectError(late, 401, 'nonce_replayed', 'X-Polypay-Nonce');

      clock.advance(1);
      const again = await post('n-over-time', Math.floor(clock.now() / 1000));
      expect(again.status, again.text).toBe(200);
    });
  });
}
