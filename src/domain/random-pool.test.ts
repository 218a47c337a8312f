import { describe, expect, it } from 'vitest';
import { newRequestId, pooledRandomByte, pooledRandomBytes } from './random-pool.js';

describe('random pool', () => {
  it('hands out each byte once, across refills of the pool', () => {
    // 1,000 draws of 12 bytes cross the 4 KiB pool twice; 96 random bits never repeat in practice.
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) seen.add(pooledRandomBytes(12).toString('hex'));
    expect(seen.size).toBe(1_000);
  });

  it('answers a copy: the pool zeroes its bytes, the caller keeps them', () => {
    const bytes = pooledRandomBytes(64);
    const copy = Buffer.from(bytes);
    pooledRandomBytes(64);
    expect(bytes.equals(copy)).toBe(true);
    expect(bytes.some((b) => b !== 0)).toBe(true);
  });

  it('serves lengths larger than the pool directly', () => {
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });

  it('spreads single bytes over the whole range', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 64_000; i++) counts[pooledRandomByte()]! += 1;
    // 250 expected per value; 100 and 400 are more than 9 standard deviations away.
    expect(Math.min(...counts)).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBeLessThan(400);
  });

  it('makes request ids of 24 hex digits', () => {
    expect(newRequestId()).toMatch(/^req_[0-9a-f]{24}$/);
    expect(newRequestId()).not.toBe(newRequestId());
  });
});
