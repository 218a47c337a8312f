import { describe, expect, it } from 'vitest';
import { ID_PREFIXES, isId, newId, newSortableId, randomIdGenerator, sequentialIdGenerator } from './ids.js';

describe('newId', () => {
  it('is prefix, underscore and 24 base62 chars', () => {
    for (const prefix of Object.values(ID_PREFIXES)) {
      const id = newId(prefix);
      expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{24}$`));
      expect(isId(id, prefix)).toBe(true);
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('ch')));
    expect(ids.size).toBe(10_000);
  });

  it('uses the whole alphabet roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      for (const ch of newId('x').slice(2)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 48,000 chars / 62 ≈ 774 each; a biased or truncated alphabet would fall far outside this band.
    for (const n of counts.values()) expect(n).toBeGreaterThan(600);
  });

  it('throws on a malformed prefix (a bug in the caller)', () => {
    expect(() => newId('')).toThrow(TypeError);
    expect(() => newId('Ch')).toThrow(TypeError);
    expect(() => newId('ch_')).toThrow(TypeError);
  });

  it('random generator mints fresh ids', () => {
    expect(randomIdGenerator.next('re')).not.toBe(randomIdGenerator.next('re'));
  });
});

describe('sequentialIdGenerator', () => {
  it('is deterministic and valid', () => {
    const gen = sequentialIdGenerator();
    expect(gen.next('ch')).toBe('ch_000000000000000000000001');
    expect(gen.next('re')).toBe('re_000000000000000000000002');
    expect(isId(sequentialIdGenerator(99).next('evt'), 'evt')).toBe(true);
  });

  it('instances are independent', () => {
    expect(sequentialIdGenerator().next('ch')).toBe(sequentialIdGenerator().next('ch'));
  });
});

describe('isId', () => {
  it('checks shape and prefix', () => {
    expect(isId('ch_000000000000000000000001')).toBe(true);
    expect(isId('ch_000000000000000000000001', 're')).toBe(false);
    expect(isId('ch_00000000000000000000001')).toBe(false);
    expect(isId('ch_00000000000000000000000-')).toBe(false);
    expect(isId(12)).toBe(false);
  });
});

describe('newSortableId', () => {
  it('sorts in creation order, also within one millisecond, and keeps the id format', () => {
    const ids = Array.from({ length: 2000 }, () => newSortableId('fl'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(isId(id, 'fl')).toBe(true);
  });
});
