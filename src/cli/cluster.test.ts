import { describe, expect, it } from 'vitest';
import { DEFAULT_PG_POOL_MAX } from '../store/open-store.js';
import { workerPoolMax } from './cluster.js';

describe('workerPoolMax: the PostgreSQL connections of each --workers process', () => {
  it('shares the default out, rounding up, never below 2 each', () => {
    expect(DEFAULT_PG_POOL_MAX).toBe(10);
    expect(workerPoolMax(1, undefined)).toBe(10);
    expect(workerPoolMax(2, undefined)).toBe(5);
    expect(workerPoolMax(3, undefined)).toBe(4);
    expect(workerPoolMax(8, undefined)).toBe(2);
    expect(workerPoolMax(64, undefined)).toBe(2);
  });

  it("keeps an operator's setting as it is: it is per process", () => {
    expect(workerPoolMax(4, 10)).toBe(10);
    expect(workerPoolMax(2, 1)).toBe(1);
  });
});
