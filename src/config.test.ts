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

describe('loadConfig: the PostgreSQL pool', () => {
  it('opens at most 10 connections unless set, by the flag before the env', () => {
    expect(loadConfig({}, {}).pgPoolMax).toBe(10);
    expect(loadConfig({}, { POLYPAY_PG_POOL_MAX: '4' }).pgPoolMax).toBe(4);
    expect(loadConfig({ pgPoolMax: 3 }, { POLYPAY_PG_POOL_MAX: '4' }).pgPoolMax).toBe(3);
  });

  it('refuses what is not a whole number of connections ≥ 1', () => {
    expect(() => loadConfig({}, { POLYPAY_PG_POOL_MAX: '0' })).toThrow(/PostgreSQL pool size/);
    expect(() => loadConfig({}, { POLYPAY_PG_POOL_MAX: 'many' })).toThrow(/PostgreSQL pool size/);
  });
});
