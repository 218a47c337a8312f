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
