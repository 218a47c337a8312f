import { describe, expect, it } from 'vitest';
import { magicBarcode, parseBarcode, sandboxBuyerId, walletOf, walletOfPayway } from './barcode.js';

describe('barcode validation', () => {
  it.each([10, 11, 12, 13, 14, 15])('prefix %i is a WeChat wallet code', (prefix) => {
    expect(walletOf(`${prefix}1234567890123456`)).toBe('wechat');
  });

  it.each([25, 26, 27, 28, 29, 30])('prefix %i is an Alipay wallet code', (prefix) => {
    expect(walletOf(`${prefix}1234567890123456`)).toBe('alipay');
  });

  it.each([
    ['prefix 09', '091234567890123456'],
    ['prefix 16', '161234567890123456'],
    ['prefix 24', '241234567890123456'],
    ['prefix 31', '311234567890123456'],
    ['17 digits', '28123456789012345'],
    ['19 digits', '2812345678901234567'],
    ['letters', '28123456789012345a'],
    ['spaces', ' 28123456789012345'],
    ['empty', ''],
  ])('%s is INVALID_BARCODE', (_label, code) => {
    expect(walletOf(code)).toBeUndefined();
    expect(parseBarcode(code)).toBeUndefined();
  });

  it('reads the selector of magic barcodes of both wallets', () => {
    expect(parseBarcode('280000000000000010')).toEqual({
      code: '280000000000000010',
      wallet: 'alipay',
      magic: '10',
    });
    expect(parseBarcode('130000000000000025')).toEqual({
      code: '130000000000000025',
      wallet: 'wechat',
      magic: '25',
    });
  });

  it('other valid barcodes are not magic', () => {
    expect(parseBarcode('280000000000000110')?.magic).toBeUndefined();
    expect(parseBarcode('250000000000000010')?.magic).toBeUndefined();
    expect(parseBarcode('100000000000000010')?.magic).toBeUndefined();
  });

  it('builds magic barcodes', () => {
    expect(magicBarcode('07')).toBe('280000000000000007');
    expect(magicBarcode('07', 'wechat')).toBe('130000000000000007');
    expect(() => magicBarcode('7')).toThrow(TypeError);
  });
});

describe('sandbox buyer ids', () => {
  it('are stable and wallet-shaped', () => {
    const alipay = sandboxBuyerId('alipay', '280000000000000000');
    expect(alipay).toMatch(/^2088\d{12}$/);
    expect(sandboxBuyerId('alipay', '280000000000000000')).toBe(alipay);
    expect(sandboxBuyerId('alipay', '280000000000000001')).not.toBe(alipay);
    expect(sandboxBuyerId('wechat', '130000000000000000')).toMatch(/^oSBX[0-9a-f]{24}$/);
  });

  it('follow the payway for QR buyers', () => {
    expect(walletOfPayway('wechat')).toBe('wechat');
    expect(walletOfPayway('wechat_hk')).toBe('wechat');
    expect(walletOfPayway('alipay')).toBe('alipay');
    expect(walletOfPayway('jdpay')).toBe('alipay');
  });
});
