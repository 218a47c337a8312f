import { describe, expect, it } from 'vitest';
import { nextPollDelay, type POLL_PLANS } from './polling.js';

function schedule(subPayway: keyof typeof POLL_PLANS): number[] {
  const times: number[] = [];
  let elapsed = 0;
  for (let delay = nextPollDelay(subPayway, 0); delay !== null; delay = nextPollDelay(subPayway, elapsed)) {
    elapsed += delay;
    times.push(elapsed);
  }
  return times;
}

describe('nextPollDelay', () => {
  it('polls a barcode payment every 3 s for 45 s', () => {
    const times = schedule('barcode');
    expect(times).toHaveLength(15);
    expect(times.at(-1)).toBe(45_000);
  });

  it('polls a QR payment fast for 30 s, then every 5 s, up to 240 s', () => {
    const times = schedule('qrcode');
    expect(times.slice(0, 3)).toEqual([2_000, 4_000, 6_000]);
    expect(times.filter((t) => t <= 30_000)).toHaveLength(15);
    expect(times[15]! - times[14]!).toBe(5_000);
    expect(times.at(-1)).toBe(240_000);
  });

  it('stops WAP polling at 120 s and clips the last delay to the window', () => {
    expect(schedule('wap').at(-1)).toBe(120_000);
    expect(nextPollDelay('wap', 118_000)).toBe(2_000);
    expect(nextPollDelay('wap', 120_000)).toBeNull();
    expect(nextPollDelay('barcode', 60_000)).toBeNull();
  });
});
