import { describe, expect, it } from 'vitest';
import { DOMAIN_REFUSAL_CODES, isDomainRefusalCode, ok, refuse } from './refusal.js';

describe('refusal', () => {
  it('builds ok results with and without a value', () => {
    expect(ok()).toEqual({ ok: true, value: undefined });
    expect(ok(42)).toEqual({ ok: true, value: 42 });
  });

  it('builds refusals, with param only when given', () => {
    expect(refuse('invalid_amount', 'bad')).toEqual({ ok: false, code: 'invalid_amount', message: 'bad' });
    expect(refuse('invalid_amount', 'bad', 'amount')).toEqual({
      ok: false,
      code: 'invalid_amount',
      message: 'bad',
      param: 'amount',
    });
    expect('param' in refuse('charge_closed', 'x')).toBe(false);
  });

  it('codes are unique snake_case', () => {
    expect(new Set(DOMAIN_REFUSAL_CODES).size).toBe(DOMAIN_REFUSAL_CODES.length);
    for (const code of DOMAIN_REFUSAL_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('recognises its codes', () => {
    expect(isDomainRefusalCode('charge_closed')).toBe(true);
    expect(isDomainRefusalCode('CHARGE_CLOSED')).toBe(false);
    expect(isDomainRefusalCode(3)).toBe(false);
  });
});
