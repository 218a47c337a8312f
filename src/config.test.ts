import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig: the read caches’ time to live', () => {
  it('is 2 s unless set, by the flag before the env; 0 turns the caches off', () => {
    expect(loadConfig({}, {}).readCacheTtlMs).toBe(2_000);
    expect(loadConfig({}, { POLYPAY_READ_CACHE_TTL_MS: '0' }).readCacheTtlMs).toBe(0);
    expect(loadConfig({ readCacheTtlMs: 500 }, { POLYPAY_READ_CACHE_TTL_MS: '0' }).readCacheTtlMs).toBe(500);
  });

  it('refuses what is not a whole number of milliseconds ≥ 0', () => {
    expect(() => loadConfig({}, { POLYPAY_READ_CACHE_TTL_MS: '-1' })).toThrow(/read cache TTL/);
    expect(() => loadConfig({}, { POLYPAY_READ_CACHE_TTL_MS: '2s' })).toThrow(/read cache TTL/);
  });
});
