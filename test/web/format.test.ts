import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, money, parseMoney } from '../../web/src/format.js';

describe('the dashboard’s money and CSV formatting', () => {
  it('shows minor units as decimals without floats', () => {
    expect(money(0, 'CNY')).toBe('0.00 CNY');
    expect(money(5, 'CNY')).toBe('0.05 CNY');
    expect(money(123_456_789, 'CNY')).toBe('1,234,567.89 CNY');
    expect(money(-300, 'HKD')).toBe('-3.00 HKD');
    expect(money(1500, 'JPY')).toBe('1,500 JPY');
    expect(money(1_000_001, 'USDT')).toBe('1.000001 USDT');
  });

  it('shows integer strings of minor units exactly, past 2^53, and any other string as given', () => {
    expect(money('1500', 'USD')).toBe('15.00 USD');
    expect(money('0', 'USD')).toBe('0.00 USD');
    expect(money('007', 'USD')).toBe('0.07 USD');
    expect(money('-250', 'USD')).toBe('-2.50 USD');
    expect(money('9007199254740993', 'ETH')).toBe('0.009007199254740993 ETH');
    expect(money('1234567000000000000000', 'ETH')).toBe('1,234.567000000000000000 ETH');
    expect(money('150000000', 'BTC')).toBe('1.50000000 BTC');
    expect(money('1.5', 'USDT')).toBe('1.5 USDT');
  });

  it('shows a number and its integer string alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 15), max: 10 ** 15 }),
        fc.constantFrom('CNY', 'JPY', 'USDT'),
        (minor, currency) => {
          expect(money(String(minor), currency)).toBe(money(minor, currency));
        },
      ),
    );
  });

  it('reads what it shows back as the same minor units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 13 }),
        fc.constantFrom('CNY', 'JPY', 'USDT'),
        (minor, currency) => {
          const shown = money(minor, currency).replace(/,/g, '').split(' ')[0]!;
          expect(parseMoney(shown, currency)).toBe(minor);
        },
      ),
    );
  });

  it('refuses what is not an amount', () => {
    for (const text of [
      '',
      'abc',
      '1.234',
      '-1',
      '1e3',
      '1,000',
      '.5',
      '0x10',
      '9007199254740993',
      '1'.repeat(17),
    ]) {
      expect(parseMoney(text, 'CNY'), text).toBeUndefined();
    }
    expect(parseMoney('12.5', 'CNY')).toBe(1250);
    expect(parseMoney('12.5', 'JPY')).toBeUndefined();
  });

  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-300')).toBe('-300');
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(null)).toBe('');
  });
});
