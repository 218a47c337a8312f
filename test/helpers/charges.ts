/**
 * Helpers for the charge, refund and ledger suites: request builders over the real HTTP API, the
 * sandbox's magic values, and an SQL check of the ledger's invariants (DESIGN §4.2, §4.3).
 */
import { expect } from 'vitest';
import { LEDGER_ACCOUNTS } from '../../src/domain/ledger-rules.js';
import type { Store } from '../../src/store/index.js';
import type { ApiResponse, TestApi } from './api.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** 10:00 on 24 November 2026 in Asia/Shanghai (02:00 UTC), the sandbox merchant's business day. */
export const SHANGHAI_10AM = Date.UTC(2026, 10, 24, 2, 0);

/** Epoch ms of 10:00 Shanghai time on the local day after the one `now` falls in. */
export function nextShanghai10am(now: number): number {
  const days = Math.floor((now - SHANGHAI_10AM) / DAY_MS) + 1;
  return SHANGHAI_10AM + Math.max(days, 0) * DAY_MS;
}

/** Epoch ms of the next Shanghai midnight (the settlement cut-off) after `now`, plus `plusMs`. */
export function nextShanghaiMidnight(now: number, plusMs = 0): number {
  const midnight0 = SHANGHAI_10AM - 10 * HOUR_MS;
  return midnight0 + (Math.floor((now - midnight0) / DAY_MS) + 1) * DAY_MS + plusMs;
}

/** A magic sandbox barcode `2800000000000000NN` (docs/sandbox.md). */
export const magicBarcode = (nn: string): string => `2800000000000000${nn}`;

let sequence = 0;
const runTag = `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** A fresh merchant order number (`out_trade_no`, `refund_no`). */
export function uniqueNo(prefix = 'ord'): string {
  sequence += 1;
  return `${prefix}_${runTag}_${sequence}`;
}

/** A fresh 18-digit Alipay-style barcode that is not a magic one: a new sandbox buyer who pays. */
export function buyerBarcode(): string {
  sequence += 1;
  return `26${String(Date.now() % 1e8).padStart(8, '0')}${String(sequence).padStart(8, '0')}`;
}

export interface ChannelErrorView {
  readonly provider: string;
  readonly code: string;
  readonly message: string;
}

export interface FlowView {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly biz_result: string | null;
  readonly amount: number;
}

export interface ChargeView {
  readonly id: string;
  readonly out_trade_no: string;
  readonly status: string;
  readonly amount: number;
  readonly amount_refunded: number;
  readonly amount_refundable: number;
  readonly currency: string;
  readonly fee: number;
  readonly biz_result: string | null;
  readonly payway: string;
  readonly sub_payway: string | null;
  readonly qr_code: string | null;
  readonly pay_url: string | null;
  readonly auth_code: string | null;
  readonly buyer_id: string | null;
  readonly failure_code: string | null;
  readonly paid: boolean;
  readonly settled: boolean;
  readonly created_at: number;
  readonly settled_at: number | null;
  readonly flows: readonly FlowView[];
}

export interface RefundView {
  readonly id: string;
  readonly charge_id: string;
  readonly refund_no: string;
  readonly amount: number;
  readonly status: string;
  readonly funded_from_pending: number;
  readonly funded_from_available: number;
  readonly failure_code: string | null;
}

export interface ListView<T> {
  readonly items: T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
}

/** The success envelope's `data`, or the error envelope's fields: one type, so tests read either. */
export interface Envelope<T> {
  readonly code: 0 | string;
  readonly message: string;
  readonly data: T;
  readonly request_id?: string;
  readonly retryable?: boolean;
  readonly next_action?: string;
  readonly param?: string;
  readonly channel_error?: ChannelErrorView;
}

export type Answer<T> = ApiResponse<Envelope<T>>;

export interface ChargeOptions {
  readonly amount?: number;
  readonly currency?: string;
  readonly payway?: string;
  readonly authCode?: string;
  readonly outTradeNo?: string;
  readonly storeId?: string;
  readonly metadata?: Record<string, string>;
  /** Another merchant's secret key. */
  readonly key?: string;
  readonly idempotencyKey?: string;
}

/** The request body of a barcode charge (override any field, or remove one with `undefined`). */
export function barcodeBody(options: ChargeOptions = {}): Record<string, unknown> {
  return {
    out_trade_no: options.outTradeNo ?? uniqueNo('ord'),
    amount: options.amount ?? 1000,
    currency: options.currency ?? 'CNY',
    subject: 'Test order',
    payway: options.payway ?? 'alipay',
    sub_payway: 'barcode',
    auth_code: options.authCode ?? buyerBarcode(),
    ...(options.storeId !== undefined ? { store_id: options.storeId } : {}),
    ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
  };
}

function sendOptions(options: { key?: string; idempotencyKey?: string }, body: unknown) {
  return {
    body,
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(options.idempotencyKey !== undefined
      ? { headers: { 'idempotency-key': options.idempotencyKey } }
      : {}),
  };
}

export function createBarcodeCharge(api: TestApi, options: ChargeOptions = {}): Promise<Answer<ChargeView>> {
  return api.request('POST', '/v1/charges', sendOptions(options, barcodeBody(options)));
}

export function createQrCharge(
  api: TestApi,
  options: ChargeOptions & { subPayway?: 'qrcode' | 'wap' } = {},
): Promise<Answer<ChargeView>> {
  const { auth_code: _none, ...body } = barcodeBody(options);
  return api.request(
    'POST',
    '/v1/charges',
    sendOptions(options, { ...body, sub_payway: options.subPayway ?? 'qrcode' }),
  );
}

/** A barcode charge that the sandbox pays at once; fails the test otherwise. */
export async function paidCharge(api: TestApi, options: ChargeOptions = {}): Promise<ChargeView> {
  const answer = await createBarcodeCharge(api, options);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.data.status).toBe('PAID');
  return answer.body.data;
}

export function getCharge(api: TestApi, id: string, key?: string): Promise<Answer<ChargeView>> {
  return api.request('GET', `/v1/charges/${id}`, key !== undefined ? { key } : {});
}

export function chargeAction(
  api: TestApi,
  id: string,
  action: 'cancel' | 'close' | 'void',
): Promise<Answer<ChargeView>> {
  return api.request('POST', `/v1/charges/${id}/${action}`);
}

export interface RefundOptions {
  readonly amount: number;
  readonly refundNo?: string;
  readonly reason?: string;
  readonly key?: string;
}

export function refund(api: TestApi, chargeId: string, options: RefundOptions): Promise<Answer<RefundView>> {
  return api.request('POST', `/v1/charges/${chargeId}/refunds`, {
    body: {
      refund_no: options.refundNo ?? uniqueNo('rf'),
      amount: options.amount,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    },
    ...(options.key !== undefined ? { key: options.key } : {}),
  });
}

/** The merchant's balance in one currency, as `GET /v1/balance` answers it (zeros when absent). */
export async function balanceOf(
  api: TestApi,
  currency = 'CNY',
  key?: string,
): Promise<{ available: number; pending: number }> {
  const answer = await api.request<
    Envelope<{ balances: { currency: string; available: number; pending: number }[] }>
  >('GET', '/v1/balance', key !== undefined ? { key } : {});
  expect(answer.status, answer.text).toBe(200);
  const row = answer.body.data.balances.find((b) => b.currency === currency);
  return { available: row?.available ?? 0, pending: row?.pending ?? 0 };
}

/** Asserts a unified error envelope: status, code, and the field at fault when given. */
export function expectError(
  answer: ApiResponse<unknown>,
  status: number,
  code: string,
  param?: string,
): void {
  expect(answer.status, answer.text).toBe(status);
  const body = answer.body as Record<string, unknown>;
  expect(body).toMatchObject({ code });
  expect(typeof body.message).toBe('string');
  expect(body.request_id).toMatch(/^req_/);
  expect(typeof body.retryable).toBe('boolean');
  expect(typeof body.next_action).toBe('string');
  if (param !== undefined) expect(body.param).toBe(param);
}

/**
 * Checks the ledger of one merchant straight from the tables:
 * - every journal sums to zero in each currency;
 * - every `ledger_balances.balance` equals the sum of its `ledger_entries` (and no entries lack a balance);
 * - the merchant's pending and available balances are never negative;
 * - no charge has `amount_refunded > amount`, and each charge's `amount_refunded` is the sum of its
 *   SUCCEEDED refunds;
 * - the pending balance is exactly the unsettled net proceeds of paid charges (nothing stuck in it).
 */
export async function assertLedgerConsistent(store: Store, merchantId: string): Promise<void> {
  const { db } = store;
  const entries = await db
    .selectFrom('ledger_entries')
    .select(['journal_id', 'account', 'currency', 'amount'])
    .where('merchant_id', '=', merchantId)
    .execute();
  const journals = new Map<string, bigint>();
  const byAccount = new Map<string, bigint>();
  for (const entry of entries) {
    const journalKey = `${entry.journal_id}/${entry.currency}`;
    journals.set(journalKey, (journals.get(journalKey) ?? 0n) + BigInt(entry.amount));
    const accountKey = `${entry.account}/${entry.currency}`;
    byAccount.set(accountKey, (byAccount.get(accountKey) ?? 0n) + BigInt(entry.amount));
  }
  const unbalanced = [...journals].filter(([, sum]) => sum !== 0n).map(([key, sum]) => `${key}=${sum}`);
  expect(unbalanced, 'journals that do not sum to zero').toEqual([]);

  const balances = await db
    .selectFrom('ledger_balances')
    .select(['account', 'currency', 'balance'])
    .where('merchant_id', '=', merchantId)
    .execute();
  const mismatched: string[] = [];
  const seen = new Set<string>();
  for (const row of balances) {
    const key = `${row.account}/${row.currency}`;
    seen.add(key);
    const posted = byAccount.get(key) ?? 0n;
    if (BigInt(row.balance) !== posted) mismatched.push(`${key}: balance ${row.balance}, postings ${posted}`);
    const merchantSide = row.account === LEDGER_ACCOUNTS.pending || row.account === LEDGER_ACCOUNTS.available;
    if (merchantSide && Number(row.balance) > 0)
      mismatched.push(`${key}: negative (${-Number(row.balance)})`);
  }
  for (const [key, posted] of byAccount) {
    if (!seen.has(key) && posted !== 0n) mismatched.push(`${key}: no balance row, postings ${posted}`);
  }
  expect(mismatched, 'balances that differ from their postings').toEqual([]);

  const charges = await db
    .selectFrom('charges')
    .select(['id', 'amount', 'amount_refunded', 'fee', 'currency', 'status', 'paid_at', 'settled_at'])
    .where('merchant_id', '=', merchantId)
    .execute();
  const refunds = await db
    .selectFrom('refunds')
    .select(['charge_id', 'amount', 'status', 'funded_from_pending'])
    .where('merchant_id', '=', merchantId)
    .execute();
  const succeeded = new Map<string, number>();
  const takenFromPending = new Map<string, number>();
  for (const r of refunds) {
    if (r.status === 'SUCCEEDED')
      succeeded.set(r.charge_id, (succeeded.get(r.charge_id) ?? 0) + Number(r.amount));
    if (r.status !== 'FAILED') {
      takenFromPending.set(
        r.charge_id,
        (takenFromPending.get(r.charge_id) ?? 0) + Number(r.funded_from_pending),
      );
    }
  }
  const wrong: string[] = [];
  const expectedPending = new Map<string, number>();
  for (const charge of charges) {
    const refunded = Number(charge.amount_refunded);
    if (refunded > Number(charge.amount))
      wrong.push(`${charge.id}: refunded ${refunded} of ${charge.amount}`);
    const sum = succeeded.get(charge.id) ?? 0;
    if (sum !== refunded) wrong.push(`${charge.id}: amount_refunded ${refunded}, succeeded refunds ${sum}`);
    // What the pending balance must hold: the net proceeds of every paid charge neither settled nor
    // reversed, less what its open or succeeded refunds took from them.
    const reversed = charge.status === 'CANCELED' || charge.status === 'VOIDED';
    if (charge.paid_at !== null && charge.settled_at === null && !reversed) {
      const held = Number(charge.amount) - Number(charge.fee) - (takenFromPending.get(charge.id) ?? 0);
      expectedPending.set(charge.currency, (expectedPending.get(charge.currency) ?? 0) + held);
    }
  }
  expect(wrong, 'charges whose refunds do not add up').toEqual([]);
  const pendingByCurrency = new Map<string, number>();
  for (const row of balances) {
    if (row.account === LEDGER_ACCOUNTS.pending) pendingByCurrency.set(row.currency, 0 - Number(row.balance));
  }
  for (const currency of new Set([...pendingByCurrency.keys(), ...expectedPending.keys()])) {
    const label = `pending ${currency}: the unsettled net proceeds of paid charges`;
    expect(pendingByCurrency.get(currency) ?? 0, label).toBe(expectedPending.get(currency) ?? 0);
  }
}

/** Every one of these webhook deliveries has its delivery job (written in the same commit). */
export async function expectDeliveriesJobbed(store: Store, deliveryIds: readonly string[]): Promise<void> {
  const jobs = await store.db
    .selectFrom('jobs')
    .select('payload')
    .where('kind', '=', 'webhook.deliver')
    .execute();
  const jobbed = new Set(jobs.map((job) => (JSON.parse(job.payload) as { deliveryId: string }).deliveryId));
  for (const id of deliveryIds) expect(jobbed.has(id), id).toBe(true);
}
