import { describe, expect, it } from 'vitest';
import { PolypayError } from '../errors/polypay-error.js';
import { decodeCursor, encodeCursor } from './pagination.js';

describe('list cursors', () => {
  it('round-trip and are opaque base64url', () => {
    const cursor = encodeCursor({ createdAt: 1_750_000_000_123, id: 'evt_0123456789ABCDEFGHIJabcd' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({
      createdAt: 1_750_000_000_123,
      id: 'evt_0123456789ABCDEFGHIJabcd',
    });
  });

  it('refuse anything else with invalid_params naming the parameter', () => {
    const bad = [
      'x',
      '!!!',
      Buffer.from('abc:').toString('base64url'),
      Buffer.from('12:a b').toString('base64url'),
    ];
    for (const cursor of bad) {
      try {
        decodeCursor(cursor);
        expect.fail(`accepted ${cursor}`);
      } catch (error) {
        expect(error).toBeInstanceOf(PolypayError);
        expect((error as PolypayError).code).toBe('invalid_params');
        expect((error as PolypayError).param).toBe('starting_after');
      }
    }
  });
});
