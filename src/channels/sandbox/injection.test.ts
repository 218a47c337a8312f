import { describe, expect, it } from 'vitest';
import { lookupUpstream, mapUpstream } from '../../errors/lookup.js';
import { readInjection, targetOf } from './injection.js';
import { SANDBOX_OPERATIONS } from './scenarios.js';

describe('readInjection', () => {
  it('is absent without sandbox_error, even with sandbox_operation', () => {
    expect(readInjection(undefined)).toBeUndefined();
    expect(readInjection({})).toBeUndefined();
    expect(readInjection({ sandbox_operation: 'refund' })).toBeUndefined();
  });

  it.each([
    ['shouqianba', 'INVALID_PARAMS'],
    ['shouqianba', 'UPAY_STORE_OVER_DAILY_LIMIT'],
    ['eftpay', '58'],
    ['eftpay', '54'],
    ['paycools', '21405'],
    ['paycools', '21500'],
    ['bybit', '40000'],
  ])('%s:%s keeps the upstream code and message verbatim', (provider, code) => {
    const injection = readInjection({ sandbox_error: `${provider}:${code}` });
    const found = lookupUpstream(provider, code)!;
    expect(injection).toEqual({
      target: 'create',
      invalid: false,
      error: {
        code: mapUpstream(provider, code),
        channelError: { provider, code, message: found.upstream.message },
      },
    });
  });

  it("accepts Bybit's identifiers and answers the numeric code", () => {
    const injection = readInjection({ sandbox_error: 'bybit:PARAM_VALID_ERROR' });
    expect(injection?.error.channelError).toMatchObject({ provider: 'bybit', code: '40000' });
    expect(injection?.error.code).toBe('channel_parameter_error');
  });

  it('picks a row of a reused code by its message', () => {
    const first = readInjection({ sandbox_error: 'eftpay:-99' });
    const second = readInjection({ sandbox_error: 'eftpay:-99:out_trade_no/refund_no must be unique' });
    expect(first?.error.code).toBe(mapUpstream('eftpay', '-99'));
    expect(second?.error).toEqual({
      code: 'charge_order_no_used',
      channelError: { provider: 'eftpay', code: '-99', message: 'out_trade_no/refund_no must be unique' },
    });
  });

  it.each(['nobody:1', 'eftpay:does-not-exist', 'shouqianba:', 'INSUFFICIENT_FUND', ''])(
    'an unknown value %j is channel_parameter_error naming it',
    (value) => {
      const injection = readInjection({ sandbox_error: value, sandbox_operation: 'refund' });
      expect(injection?.invalid).toBe(true);
      expect(injection?.target).toBe('refund');
      expect(injection?.error.code).toBe('channel_parameter_error');
      expect(injection?.error.channelError).toMatchObject({ provider: 'sandbox', code: 'INVALID_PARAMS' });
      expect(injection?.error.channelError.message).toContain(`sandbox_error="${value}"`);
    },
  );

  it('an unknown operation fails the creating call, naming it', () => {
    const injection = readInjection({ sandbox_error: 'eftpay:58', sandbox_operation: 'capture' });
    expect(injection?.target).toBe('create');
    expect(injection?.error.code).toBe('channel_parameter_error');
    expect(injection?.error.channelError.message).toContain('sandbox_operation="capture"');
  });

  it('targets every operation; pay and precreate both mean the creating call', () => {
    for (const operation of SANDBOX_OPERATIONS) {
      expect(readInjection({ sandbox_error: 'eftpay:58', sandbox_operation: operation })?.target).toBe(
        targetOf(operation),
      );
    }
    expect(targetOf('pay')).toBe('create');
    expect(targetOf('precreate')).toBe('create');
    expect(targetOf('query_refund')).toBe('query_refund');
  });
});
