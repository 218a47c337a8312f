import { describe, expect, it } from 'vitest';
import { manualClock } from '../domain/clock.js';
import { noteSettingsChanged, ReadCache } from './read-cache.js';

/** A loader that counts its calls and answers `value`. */
function loader<V>(value: V | undefined) {
  const calls = { count: 0 };
  const load = async () => {
    calls.count += 1;
    return value;
  };
  return { calls, load };
}

describe('ReadCache', () => {
  it('answers from the cache until the time to live has passed', async () => {
    const clock = manualClock(1_000);
    const cache = new ReadCache<string, string>({ ttlMs: 2_000, now: clock.now });
    const { calls, load } = loader('a');
    expect(await cache.get('k', load)).toBe('a');
    clock.advance(1_999);
    expect(await cache.get('k', load)).toBe('a');
    expect(calls.count).toBe(1);
    clock.advance(1);
    expect(await cache.get('k', load)).toBe('a');
    expect(calls.count).toBe(2);
  });

  it('never keeps a not-found answer', async () => {
    const cache = new ReadCache<string, string>({ ttlMs: 2_000, now: manualClock(0).now });
    const { calls, load } = loader<string>(undefined);
    expect(await cache.get('k', load)).toBeUndefined();
    expect(await cache.get('k', load)).toBeUndefined();
    expect(calls.count).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('drops every entry when a change is noted', async () => {
    const cache = new ReadCache<string, string>({ ttlMs: 60_000, now: manualClock(0).now });
    const { calls, load } = loader('a');
    await cache.get('k', load);
    noteSettingsChanged();
    await cache.get('k', load);
    expect(calls.count).toBe(2);
  });

  it('does not keep an answer read while a change was noted', async () => {
    const cache = new ReadCache<string, string>({ ttlMs: 60_000, now: manualClock(0).now });
    let count = 0;
    const racing = async () => {
      count += 1;
      // The write commits (and is noted) after this read saw the old row.
      if (count === 1) noteSettingsChanged();
      return `answer ${count}`;
    };
    expect(await cache.get('k', racing)).toBe('answer 1');
    expect(await cache.get('k', racing)).toBe('answer 2');
    expect(await cache.get('k', racing)).toBe('answer 2');
  });

  it('loads every time with a time to live of 0', async () => {
    const cache = new ReadCache<string, string>({ ttlMs: 0, now: manualClock(0).now });
    const { calls, load } = loader('a');
    await cache.get('k', load);
    await cache.get('k', load);
    expect(calls.count).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('does not stretch an entry when the clock is set back', async () => {
    const clock = manualClock(10_000);
    const cache = new ReadCache<string, string>({ ttlMs: 2_000, now: clock.now });
    const { calls, load } = loader('a');
    await cache.get('k', load);
    clock.set(5_000);
    await cache.get('k', load);
    expect(calls.count).toBe(2);
  });

  it('stays bounded, dropping the least recently used entry', async () => {
    const cache = new ReadCache<number, number>({ ttlMs: 60_000, now: manualClock(0).now, capacity: 3 });
    for (let i = 0; i < 3; i += 1) await cache.get(i, async () => i);
    // 0 is used again, so 1 is the least recently used when 3 comes in.
    expect(await cache.get(0, async () => -1)).toBe(0);
    await cache.get(3, async () => 3);
    expect(await cache.get(0, async () => -1)).toBe(0);
    expect(await cache.get(1, async () => -1)).toBe(-1);
    for (let i = 4; i < 1_000; i += 1) await cache.get(i, async () => i);
    expect(cache.size).toBe(3);
  });

  it('refuses a negative time to live or capacity', () => {
    const now = () => 0;
    expect(() => new ReadCache({ ttlMs: -1, now })).toThrow(RangeError);
    expect(() => new ReadCache({ ttlMs: 1, now, capacity: 0 })).toThrow(RangeError);
  });
});
