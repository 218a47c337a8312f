import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVmpAmount, parseVmpAmount } from './amount.js';
import { vmpSign, vmpSignString, vmpVerify } from './sign.js';
import { formatTradeTime, formatVmpTime, hkDay, parseVmpTime } from './vmp-time.js';

describe('VMP amounts: decimal strings ↔ integer minor units', () => {
  it.each([
    ['0.02', 2],
    ['1', 100],
    ['1.5', 150],
    ['12.30', 1230],
    ['60000', 6_000_000],
    ['007.10', 710],
    ['-1', -100],
  ])('%s → %i', (text, minor) => {
    expect(parseVmpAmount(text)).toEqual({ ok: true, minor });
  });

  it.each(['', '1.234', '1.', '.5', '1e3', ' 1', '1,00', 'abc', '+1', '0x10', '１'])(
    'refuses %j as a format error',
    (text) => {
      expect(parseVmpAmount(text)).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('reads a number too long to be money as out of range, not malformed', () => {
    expect(parseVmpAmount('12345678901234567890')).toEqual({ ok: false, reason: 'huge' });
  });

  it('formats with two decimals and round-trips every amount exactly', () => {
    expect(formatVmpAmount(2)).toBe('0.02');
    expect(formatVmpAmount(100)).toBe('1.00');
    expect(formatVmpAmount(0)).toBe('0.00');
    expect(() => formatVmpAmount(1.5)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (minor) => {
        expect(parseVmpAmount(formatVmpAmount(minor))).toEqual({ ok: true, minor });
      }),
    );
  });
});

describe('VMP time: yyyyMMddHHmmss in Hong Kong (UTC+8)', () => {
  const instant = Date.UTC(2026, 10, 29, 17, 5, 9); // 2026-11-30 01:05:09 in Hong Kong

  it('formats and parses Hong Kong wall time', () => {
    expect(formatVmpTime(instant)).toBe('20261130010509');
    expect(formatTradeTime(instant)).toBe('2026-11-30 01:05:09');
    expect(parseVmpTime('20261130010509')).toBe(instant);
  });

  it.each(['2026113001050', '20261131000000', '20261130240000', '2026-11-30 01:05', '20261130010560', ''])(
    'refuses %j',
    (text) => {
      expect(parseVmpTime(text)).toBeUndefined();
    },
  );

  it('counts days in Hong Kong: 15:59:59 UTC and 16:00:00 UTC are different days', () => {
    expect(hkDay(Date.UTC(2026, 10, 29, 15, 59, 59))).not.toBe(hkDay(Date.UTC(2026, 10, 29, 16, 0, 0)));
    expect(hkDay(Date.UTC(2026, 10, 29, 16, 0, 0))).toBe(hkDay(Date.UTC(2026, 10, 30, 15, 59, 59)));
  });
});

describe('VMP signing', () => {
  const fields = {
    service: 'service.alipay.web.PreOrder',
    user_confirm_key: 'EFT000000001',
    payType: 'Alipay',
    pay_scene: 'WEB',
    transaction_amount: '12.30',
    body: '',
    tid: null,
    time: '20261130010509',
    sign: 'ignored',
  };

  it('sorts by ASCII (payType before pay_scene), drops sign, null and empty values', () => {
    expect(vmpSignString(fields)).toBe(
      'payType=Alipay&pay_scene=WEB&service=service.alipay.web.PreOrder&time=20261130010509&transaction_amount=12.30&user_confirm_key=EFT000000001',
    );
  });

  it('is the lowercase hex SHA-256 of the secret followed by that string', () => {
    const expected = createHash('sha256')
      .update(
        'mysecretpayType=Alipay&pay_scene=WEB&service=service.alipay.web.PreOrder&time=20261130010509&transaction_amount=12.30&user_confirm_key=EFT000000001',
      )
      .digest('hex');
    expect(vmpSign(fields, 'mysecret')).toBe(expected);
    expect(vmpVerify({ ...fields, sign: expected }, 'mysecret')).toBe(true);
    expect(vmpVerify({ ...fields, sign: expected.toUpperCase() }, 'mysecret')).toBe(false);
    expect(vmpVerify({ ...fields, sign: expected }, 'othersecret')).toBe(false);
    expect(vmpVerify({ ...fields, sign: undefined }, 'mysecret')).toBe(false);
  });
});
