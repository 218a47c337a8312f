import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BYBIT_AGREEMENT_STATUSES,
  BYBIT_ERROR_CODES,
  BYBIT_REFUND_STATUSES,
  BYBIT_SUCCESS_CODE,
  BYBIT_TRADE_STATUSES,
} from '../channels/bybit/codes.js';
import {
  EFTPAY_ERROR_CODES,
  EFTPAY_REFUND_STATUSES,
  EFTPAY_SALE_STATUSES,
  EFTPAY_SUCCESS_CODE,
} from '../channels/eftpay/codes.js';
import {
  PAYCOOLS_CHARGE_STATUSES,
  PAYCOOLS_ERROR_CODES,
  PAYCOOLS_SUCCESS_CODE,
  PAYCOOLS_TRANSFER_STATUSES,
} from '../channels/paycools/codes.js';
import {
  SHOUQIANBA_BIZ_RESULTS,
  SHOUQIANBA_ERROR_CODES,
  SHOUQIANBA_FLOW_STATUSES,
  SHOUQIANBA_ORDER_STATUSES,
  SHOUQIANBA_PAYWAY_CODES,
  SHOUQIANBA_PAYWAYS,
  SHOUQIANBA_SUB_PAYWAYS,
} from '../channels/shouqianba/codes.js';
import {
  AGREEMENT_STATUSES,
  BIZ_RESULTS,
  CHARGE_STATUSES,
  FLOW_STATUSES,
  REFUND_STATUSES,
  TRANSFER_STATUSES,
} from '../domain/statuses.js';
import { CATALOG } from './catalog.js';
import {
  ALL_UPSTREAM_MAPPINGS,
  catalogEntry,
  getDefinition,
  isUnifiedCode,
  listCatalog,
  lookupUpstream,
  mapUpstream,
} from './lookup.js';
import { PROVIDERS } from './types.js';

interface SeedRow {
  readonly provider: string;
  readonly kind: string;
  readonly code: string;
  readonly message: string;
}

const rows: SeedRow[] = readFileSync(new URL('../../test/fixtures/seeds/codes.tsv', import.meta.url), 'utf8')
  .replace(/\n$/, '')
  .split('\n')
  .slice(1)
  .map((line) => {
    const [, provider = '', kind = '', code = '', , message = ''] = line.split('\t');
    return { provider, kind, code, message };
  });
const of = (provider: string, ...kinds: string[]) =>
  rows.filter((r) => r.provider === provider && kinds.includes(r.kind));
const upstreamErrors = rows.filter(
  (r) =>
    (PROVIDERS as readonly string[]).includes(r.provider) && (r.kind === 'error' || r.kind === 'failed_code'),
);

describe('provider maps', () => {
  it('map every error and failed_code line of codes.tsv, code and message verbatim, to a catalog code', () => {
    expect(upstreamErrors.length).toBe(29 + 62 + 45 + 43);
    for (const row of upstreamErrors) {
      const mapped = ALL_UPSTREAM_MAPPINGS.filter(
        (m) => m.provider === row.provider && m.code === row.code && m.message === row.message,
      );
      expect(mapped, `${row.provider} ${row.code} ${row.message}`).toHaveLength(1);
      expect(CATALOG, `${row.provider} ${row.code}`).toHaveProperty(mapped[0]!.unified);
    }
  });

  it('invent no row that codes.tsv lacks', () => {
    expect(ALL_UPSTREAM_MAPPINGS).toHaveLength(upstreamErrors.length);
    for (const m of ALL_UPSTREAM_MAPPINGS) {
      const row = upstreamErrors.find(
        (r) => r.provider === m.provider && r.code === m.code && r.message === m.message,
      );
      expect(row, `${m.provider} ${m.code}`).toBeDefined();
    }
  });

  it('never map one (provider, code, message) two ways', () => {
    const seen = new Map<string, string>();
    for (const m of ALL_UPSTREAM_MAPPINGS) {
      const key = `${m.provider}\u0000${m.code}\u0000${m.message}`;
      expect(seen.get(key) ?? m.unified, key).toBe(m.unified);
      seen.set(key, m.unified);
    }
  });

  it('keep each provider’s rows in its own map', () => {
    expect(new Set(SHOUQIANBA_ERROR_CODES.map((m) => m.provider))).toEqual(new Set(['shouqianba']));
    expect(new Set(EFTPAY_ERROR_CODES.map((m) => m.provider))).toEqual(new Set(['eftpay']));
    expect(new Set(BYBIT_ERROR_CODES.map((m) => m.provider))).toEqual(new Set(['bybit']));
    expect(new Set(PAYCOOLS_ERROR_CODES.map((m) => m.provider))).toEqual(new Set(['paycools']));
  });

  it('export each provider’s success code', () => {
    const success = Object.fromEntries(
      rows.filter((r) => r.kind === 'success').map((r) => [r.provider, r.code]),
    );
    expect(success).toEqual({
      eftpay: EFTPAY_SUCCESS_CODE,
      bybit: BYBIT_SUCCESS_CODE,
      paycools: PAYCOOLS_SUCCESS_CODE,
    });
  });
});

describe('status maps', () => {
  it('resolve every Shouqianba biz result, order status and flow status', () => {
    for (const { code } of of('shouqianba', 'biz_result')) {
      expect(BIZ_RESULTS).toContain(SHOUQIANBA_BIZ_RESULTS[code as keyof typeof SHOUQIANBA_BIZ_RESULTS]);
    }
    for (const { code } of of('shouqianba', 'order_status')) {
      const mapped = SHOUQIANBA_ORDER_STATUSES[code as keyof typeof SHOUQIANBA_ORDER_STATUSES];
      expect(mapped, code).toBeDefined();
      if ('status' in mapped) expect(CHARGE_STATUSES).toContain(mapped.status);
      else expect(CATALOG).toHaveProperty(mapped.error);
    }
    expect(SHOUQIANBA_ORDER_STATUSES.INVALID_STATUS_CODE).toEqual({ error: 'charge_unexpected_status' });
    for (const { code } of of('shouqianba', 'txn_status')) {
      expect(FLOW_STATUSES).toContain(
        SHOUQIANBA_FLOW_STATUSES[code as keyof typeof SHOUQIANBA_FLOW_STATUSES],
      );
    }
  });

  it('resolve every Shouqianba payway and sub_payway', () => {
    for (const { code } of of('shouqianba', 'payway')) expect(SHOUQIANBA_PAYWAYS).toHaveProperty(code);
    for (const { code } of of('shouqianba', 'sub_payway'))
      expect(SHOUQIANBA_SUB_PAYWAYS).toHaveProperty(code);
    for (const [number, name] of Object.entries(SHOUQIANBA_PAYWAYS))
      expect(SHOUQIANBA_PAYWAY_CODES[name]).toBe(number);
    expect(SHOUQIANBA_SUB_PAYWAYS).toEqual({ '1': 'barcode', '2': 'qrcode', '3': 'wap' });
  });

  it('resolve every PayCools transaction status, for payouts and for collections', () => {
    const statuses = of('paycools', 'txn_status').map((r) => r.code);
    expect(statuses).toEqual(['PENDING', 'COMPLETED', 'FAILED']);
    for (const code of [...statuses, 'COMPLETE'] as const) {
      expect(TRANSFER_STATUSES).toContain(
        PAYCOOLS_TRANSFER_STATUSES[code as keyof typeof PAYCOOLS_TRANSFER_STATUSES],
      );
      expect(CHARGE_STATUSES).toContain(
        PAYCOOLS_CHARGE_STATUSES[code as keyof typeof PAYCOOLS_CHARGE_STATUSES],
      );
    }
    expect(PAYCOOLS_TRANSFER_STATUSES.COMPLETED).toBe('PAID');
    expect(PAYCOOLS_CHARGE_STATUSES.COMPLETE).toBe('PAID');
  });

  it('map Bybit and EFTPay statuses into our vocabularies', () => {
    for (const s of Object.values(BYBIT_AGREEMENT_STATUSES)) expect(AGREEMENT_STATUSES).toContain(s);
    for (const s of Object.values(BYBIT_TRADE_STATUSES)) expect(CHARGE_STATUSES).toContain(s);
    for (const s of Object.values(BYBIT_REFUND_STATUSES)) expect(REFUND_STATUSES).toContain(s);
    for (const s of Object.values(EFTPAY_SALE_STATUSES)) expect(CHARGE_STATUSES).toContain(s);
    for (const s of Object.values(EFTPAY_REFUND_STATUSES)) expect(REFUND_STATUSES).toContain(s);
    expect(BYBIT_TRADE_STATUSES.SUCCESS).toBe('PAID');
    expect(EFTPAY_SALE_STATUSES.TRADE_SUCCESS).toBe('PAID');
    // Only a confirmed success is ever PAID.
    const paid = Object.entries(EFTPAY_SALE_STATUSES).filter(([, s]) => s === 'PAID');
    expect(paid.map(([k]) => k).sort()).toEqual(['APPLY_SUCCESS', 'TRADE_SUCCESS']);
  });
});

describe('retry semantics', () => {
  const RETRYABLE_BYBIT = ['50000', '50001', '50002', '139002005', '139003003'];

  it('Bybit’s retryable codes map to retryable unified codes, every other Bybit code to a final one', () => {
    for (const { code } of of('bybit', 'error')) {
      const unified = mapUpstream('bybit', code);
      expect(unified, code).toBeDefined();
      expect(CATALOG[unified!].retryable, `${code} → ${unified}`).toBe(RETRYABLE_BYBIT.includes(code));
    }
  });

  it('lookupUpstream(bybit, 139002005) is a retryable unified error, to be queried first', () => {
    const found = lookupUpstream('bybit', '139002005');
    expect(found?.unified.retryable).toBe(true);
    expect(found?.unified.retry_strategy).toBe('query_first');
    expect(found?.upstream).toEqual({
      provider: 'bybit',
      code: '139002005',
      message: 'Trade is processingWait for completion; do not retry',
    });
    expect(found && 'alternatives' in found).toBe(false);
  });

  it('the bad-signature-on-our-request codes of all four providers share one code', () => {
    const codes = [
      mapUpstream('shouqianba', 'ILLEGAL_SIGN'),
      mapUpstream('eftpay', '10'),
      mapUpstream('bybit', '139005002'),
      mapUpstream('paycools', '21001'),
    ];
    expect(new Set(codes)).toEqual(new Set(['channel_auth_error']));
  });

  it('the buyer’s funds and the merchant’s balance stay two codes', () => {
    expect(mapUpstream('shouqianba', 'INSUFFICIENT_FUND')).toBe('insufficient_fund');
    expect(mapUpstream('bybit', '139002003')).toBe('insufficient_fund');
    for (const [provider, code] of [
      ['shouqianba', 'SELLER_BALANCE_NOT_ENOUGH'],
      ['shouqianba', 'ACCOUNT_BALANCE_NOT_ENOUGH'],
      ['eftpay', '-53'],
      ['eftpay', '64'],
      ['paycools', '21014'],
      ['paycools', '-10003'],
    ] as const) {
      expect(mapUpstream(provider, code), `${provider} ${code}`).toBe('merchant_balance_insufficient');
    }
  });
});

describe('lookup', () => {
  it('tells EFTPay’s two -99 rows apart by message, case-insensitively', () => {
    expect(mapUpstream('eftpay', '-99', 'System error')).toBe('channel_unexpected_error');
    expect(mapUpstream('eftpay', '-99', 'OUT_TRADE_NO/REFUND_NO MUST BE UNIQUE')).toBe(
      'charge_order_no_used',
    );
    const unique = lookupUpstream('eftpay', '-99', 'out_trade_no/refund_no must be unique');
    expect(unique?.unified.code).toBe('charge_order_no_used');
    expect(unique?.upstream.message).toBe('out_trade_no/refund_no must be unique');
    expect(unique?.alternatives).toEqual([
      { provider: 'eftpay', code: '-99', message: 'System error', unified: 'channel_unexpected_error' },
    ]);
  });

  it('takes the first -99 row without a message, or with one that matches neither, and lists the other', () => {
    for (const message of [undefined, 'something else']) {
      const found = lookupUpstream('eftpay', '-99', message);
      expect(found?.unified.code).toBe('channel_unexpected_error');
      expect(found?.alternatives?.map((a) => a.unified)).toEqual(['charge_order_no_used']);
    }
  });

  it('answers undefined for an unknown provider or code', () => {
    expect(lookupUpstream('paycools', '99999')).toBeUndefined();
    expect(lookupUpstream('visa', '05')).toBeUndefined();
    expect(mapUpstream('bybit', '')).toBeUndefined();
  });

  it('accepts Bybit’s symbolic identifiers too', () => {
    expect(mapUpstream('bybit', 'BALANCE_NOT_ENOUGH')).toBe('insufficient_fund');
    expect(lookupUpstream('bybit', 'TRADE_PROCESSING')?.upstream.code).toBe('139002005');
  });

  it('renders entries in the public JSON form, with the upstream codes that lead to them', () => {
    const entry = catalogEntry('channel_auth_error');
    expect(Object.keys(entry).sort()).toEqual(
      [
        'category',
        'code',
        'customer_message',
        'http_status',
        'messages',
        'next_action',
        'retry_strategy',
        'retryable',
        'upstream',
      ].sort(),
    );
    expect(entry.upstream).toContainEqual({
      provider: 'bybit',
      code: '139005002',
      message: expect.any(String),
    });
    expect(catalogEntry('no_such_code')).toBeUndefined();
    for (const row of upstreamErrors) {
      const found = lookupUpstream(row.provider, row.code, row.message);
      expect(found?.upstream, `${row.provider} ${row.code}`).toEqual({
        provider: row.provider,
        code: row.code,
        message: row.message,
      });
      expect(found?.unified.upstream).toContainEqual(found?.upstream);
    }
  });

  it('lists the whole catalog in its own order, with the same data as the definitions', () => {
    const list = listCatalog();
    expect(list.map((e) => e.code)).toEqual(Object.keys(CATALOG));
    for (const entry of list) {
      const d = getDefinition(entry.code);
      expect(entry).toMatchObject({
        http_status: d.httpStatus,
        category: d.category,
        retryable: d.retryable,
        retry_strategy: d.retryStrategy,
        next_action: d.nextAction,
        messages: d.messages,
        customer_message: d.customerMessage,
      });
    }
    expect(Object.isFrozen(list[0]?.upstream)).toBe(true);
  });

  it('recognises unified codes', () => {
    expect(isUnifiedCode('charge_closed')).toBe(true);
    expect(isUnifiedCode('CHARGE_CLOSED')).toBe(false);
    expect(isUnifiedCode('toString')).toBe(false);
    expect(isUnifiedCode(42)).toBe(false);
    expect(getDefinition('not_a_code')).toBeUndefined();
  });
});
