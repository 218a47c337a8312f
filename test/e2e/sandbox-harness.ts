/**
 * Shared harness of the sandbox suites (sandbox-*, in-doubt, charge-events, restart): a real polypay API
 * on a manual clock, one fresh sandbox merchant per test (its own balances and events), request helpers
 * over HTTP, the job stepper, and the checks every flow must pass (never PAID without the channel's word).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import {
  type ApiResponse,
  type Credentials,
  startTestApi,
  type TestApi,
  type TestApiOptions,
} from '../helpers/api.js';
import type { Dialect } from '../helpers/stores.js';

/** 10:00 in Shanghai (the sandbox merchant's time zone) on 24 November 2026: far from the day's cut-off. */
export const START = Date.UTC(2026, 10, 24, 2, 0);
/** How long a barcode payment may stay unconfirmed before polypay reverses it (Shouqianba's ~45 s). */
export const BARCODE_DEADLINE_MS = 45_000;

export interface Flow {
  readonly kind: string;
  readonly status: string;
  readonly biz_result: string | null;
  readonly error_code: string | null;
  readonly error_message: string | null;
  readonly refund_id: string | null;
  readonly created_at: number;
}

export interface Charge {
  readonly id: string;
  readonly out_trade_no: string;
  readonly status: string;
  readonly biz_result: string | null;
  readonly amount: number;
  readonly amount_refunded: number;
  readonly fee: number;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly paid: boolean;
  readonly paid_at: number | null;
  readonly buyer_id: string | null;
  readonly channel_trade_no: string | null;
  readonly qr_code: string | null;
  readonly pay_url: string | null;
  readonly flows: readonly Flow[];
}

export interface Refund {
  readonly id: string;
  readonly charge_id: string;
  readonly amount: number;
  readonly status: string;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly funded_from_pending: number;
  readonly funded_from_available: number;
}

export interface ChannelError {
  readonly provider: string;
  readonly code: string;
  readonly message: string;
}

/** The envelope of a success (`code: 0`, `data`) or of an error (a unified `code`, `channel_error`…). */
export interface Envelope<T> {
  readonly code: 0 | string;
  readonly message: string;
  readonly data?: T;
  readonly channel_error?: ChannelError;
  readonly param?: string;
}

export interface EventSeen {
  readonly id: string;
  readonly type: string;
  readonly objectId: string;
  readonly status: string;
}

export type Reply<T> = ApiResponse<Envelope<T>>;

export interface Sandbox {
  readonly api: TestApi;
  readonly clock: ManualClock;
  merchant(): Promise<Merchant>;
  /** Moves the clock `ms` forward in steps of `stepMs`, running the jobs due after each step. */
  step(ms: number, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(
  dialect: Dialect,
  options: Pick<TestApiOptions, 'webhookTargets' | 'webhookTimeoutMs' | 'metricsToken'> = {},
): Promise<Sandbox> {
  const clock = manualClock(START);
  const api = await startTestApi(dialect, { clock, ...options });
  const sandbox: Sandbox = {
    api,
    clock,
    async merchant() {
      return new Merchant(sandbox, await api.createMerchant('Sandbox test merchant'));
    },
    step: (ms, stepMs) => stepJobs(api, clock, ms, stepMs),
    close: () => api.close(),
  };
  return sandbox;
}

export async function stepJobs(
  api: Pick<TestApi, 'runtime'>,
  clock: ManualClock,
  ms: number,
  stepMs = 1_000,
): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    clock.advance(Math.min(stepMs, ms - elapsed));
    await api.runtime.jobs.runUntilIdle();
  }
}

let sequence = 0;
/** A merchant order number no other test uses. */
export function uniqueNo(prefix: string): string {
  sequence += 1;
  return `${prefix}_${process.pid.toString(36)}_${sequence}`;
}

/** An ordinary (non-magic) valid Alipay barcode: a buyer who pays at once. */
export const ORDINARY_BARCODE = '286512345678901234';

export interface ChargeFields {
  readonly amount?: number;
  readonly payway?: string;
  readonly sub_payway?: 'barcode' | 'qrcode' | 'wap';
  readonly auth_code?: string;
  readonly metadata?: Record<string, string>;
  readonly out_trade_no?: string;
}

export interface Created {
  readonly response: Reply<Charge>;
  /** The charge's id, also when the creating call failed (the charge is recorded all the same). */
  readonly id: string;
}

/** One sandbox merchant (a fresh app with an sk_test_ key) talking to the API over HTTP. */
export class Merchant {
  constructor(
    readonly sandbox: Sandbox,
    readonly credentials: Credentials,
  ) {}

  request<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    return this.sandbox.api.request<Envelope<T>>(method, path, {
      key: this.credentials.secret_key,
      ...(body === undefined ? {} : { body }),
    });
  }

  /** Every mutation happens 1 ms after the previous one, so that a charge's flows sort as they happened. */
  #tick(): void {
    this.sandbox.clock.advance(1);
  }

  async charge(fields: ChargeFields = {}): Promise<Created> {
    this.#tick();
    const subPayway = fields.sub_payway ?? 'barcode';
    const body = {
      out_trade_no: fields.out_trade_no ?? uniqueNo('ord'),
      amount: fields.amount ?? 20_000,
      currency: 'CNY',
      subject: 'Sandbox test',
      payway: fields.payway ?? 'alipay',
      sub_payway: subPayway,
      ...(subPayway === 'barcode' ? { auth_code: fields.auth_code ?? ORDINARY_BARCODE } : {}),
      ...(fields.metadata ? { metadata: fields.metadata } : {}),
    };
    const response = await this.request<Charge>('POST', '/v1/charges', body);
    const id = response.body.data?.id ?? (await this.findByOutTradeNo(body.out_trade_no))?.id;
    if (id === undefined) throw new Error(`no charge recorded for ${JSON.stringify(response.body)}`);
    return { response, id };
  }

  /** A barcode charge with the magic barcode `2800000000000000NN`. */
  barcode(nn: string, fields: ChargeFields = {}): Promise<Created> {
    return this.charge({ ...fields, auth_code: magicBarcode(nn) });
  }

  /** The charges of this merchant as the list shows them: the list never asks the channel. */
  async list(): Promise<Charge[]> {
    const response = await this.request<{ items: Charge[] }>('GET', '/v1/charges?limit=100');
    return response.body.data?.items ?? [];
  }

  async findByOutTradeNo(outTradeNo: string): Promise<Charge | undefined> {
    return (await this.list()).find((charge) => charge.out_trade_no === outTradeNo);
  }

  /** The charge as stored, without asking the channel (unlike GET /v1/charges/{id}). */
  async peek(id: string): Promise<Charge> {
    const charge = (await this.list()).find((candidate) => candidate.id === id);
    if (!charge) throw new Error(`no charge ${id}`);
    return charge;
  }

  /** GET /v1/charges/{id}: asks the channel when the payment is not settled. */
  get(id: string): Promise<Reply<Charge>> {
    this.#tick();
    return this.request<Charge>('GET', `/v1/charges/${id}`);
  }

  operate(id: string, operation: 'cancel' | 'close' | 'void'): Promise<Reply<Charge>> {
    this.#tick();
    return this.request<Charge>('POST', `/v1/charges/${id}/${operation}`);
  }

  refund(chargeId: string, amount: number): Promise<Reply<Refund>> {
    this.#tick();
    return this.request<Refund>('POST', `/v1/charges/${chargeId}/refunds`, {
      refund_no: uniqueNo('rf'),
      amount,
    });
  }

  async refundView(id: string): Promise<Refund> {
    const response = await this.request<Refund>('GET', `/v1/refunds/${id}`);
    return response.body.data!;
  }

  async refundsOf(chargeId: string): Promise<Refund[]> {
    const response = await this.request<{ items: Refund[] }>('GET', `/v1/charges/${chargeId}/refunds`);
    return response.body.data?.items ?? [];
  }

  /** Plays the sandbox buyer of a QR or wap charge. */
  buyer(chargeId: string, outcome: 'pay' | 'decline'): Promise<Reply<Charge>> {
    this.#tick();
    return this.request<Charge>('POST', `/v1/sandbox/charges/${chargeId}/pay`, { outcome });
  }

  /** The CNY balances (0 when nothing was ever booked). */
  async balance(): Promise<{ available: number; pending: number }> {
    const response = await this.request<{
      balances: { currency: string; available: number; pending: number }[];
    }>('GET', '/v1/balance');
    const cny = response.body.data?.balances.find((balance) => balance.currency === 'CNY');
    return { available: cny?.available ?? 0, pending: cny?.pending ?? 0 };
  }

  /** This merchant's events, oldest first (GET /v1/events). */
  async events(): Promise<EventSeen[]> {
    const response = await this.request<{
      items: { id: string; type: string; data: { object: { id: string; status: string } } }[];
    }>('GET', '/v1/events?limit=100');
    return (response.body.data?.items ?? []).map((event) => ({
      id: event.id,
      type: event.type,
      objectId: event.data.object.id,
      status: event.data.object.status,
    }));
  }

  async eventTypes(objectId: string): Promise<string[]> {
    return (await this.events()).filter((event) => event.objectId === objectId).map((event) => event.type);
  }
}

/** `kind:status:biz_result` of each flow, in order. */
export function flowSummary(charge: Charge): string[] {
  return charge.flows.map((flow) => `${flow.kind}:${flow.status}:${flow.biz_result ?? '-'}`);
}

/**
 * DESIGN §4.3: a charge is paid only on the channel's confirmation, a flow that succeeded with
 * PAY_SUCCESS (the pay call, or a query that saw the payment).
 */
export function expectPaidOnlyWhenConfirmed(charge: Charge): void {
  if (!charge.paid) return;
  const confirmations = charge.flows.filter(
    (flow) =>
      (flow.kind === 'pay' || flow.kind === 'query') &&
      flow.status === 'SUCCESS' &&
      flow.biz_result === 'PAY_SUCCESS',
  );
  expect(
    confirmations.length,
    `charge ${charge.id} paid without confirmation: ${flowSummary(charge)}`,
  ).toBeGreaterThan(0);
}

/** The error envelope an operation answered: the unified code and the upstream answer, verbatim. */
export function expectError(
  response: Reply<unknown>,
  code: string,
  httpStatus: number,
  channelError?: ChannelError,
): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status: httpStatus, code });
  if (channelError) expect(response.body.channel_error).toEqual(channelError);
}

const DOC = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');

/**
 * The last column ("What you see through polypay") of the docs/sandbox.md row whose first cell starts with
 * `key` (and whose second cell, the operation, is `operation` when given).
 */
export function docPromise(key: string, operation?: string): string {
  const row = DOC.split('\n').find((line) => {
    if (!line.startsWith(`| ${key}`)) return false;
    return operation === undefined || line.split(' | ')[1] === operation;
  });
  if (!row) throw new Error(`docs/sandbox.md has no row | ${key} | ${operation ?? ''}`);
  const cells = row.split(' | ');
  return cells[cells.length - 1]!.replace(/ \|$/, '');
}

/** The docs' row promises these statuses and codes (each written as `code` in the row). */
export function expectDocPromises(
  row: string | { key: string; operation: string },
  ...tokens: (string | null | undefined)[]
): void {
  const promise = typeof row === 'string' ? docPromise(row) : docPromise(row.key, row.operation);
  for (const token of tokens)
    if (token) expect(promise, `docs/sandbox.md row ${JSON.stringify(row)}`).toContain(`\`${token}\``);
}

/** The operations `metadata.sandbox_operation` can make fail (docs/sandbox.md). */
export type InjectedOperation =
  | 'pay'
  | 'precreate'
  | 'query'
  | 'cancel'
  | 'close'
  | 'void'
  | 'refund'
  | 'query_refund';

export interface Injected {
  /** What the API answered to the operation (for query: the GET; for query_refund: the refund's GET). */
  readonly response: Reply<Charge | Refund>;
  readonly chargeId: string;
}

/**
 * Makes `operation` of a new charge answer `sandboxError` (`<provider>:<code>[:<message>]`) and performs it
 * through the API: on a paid charge for cancel, void and refund; on a payment in progress for query and
 * close; query_refund is the refund job's query of a refund in progress (magic amount 9902).
 */
export async function injectError(
  sandbox: Sandbox,
  merchant: Merchant,
  operation: InjectedOperation,
  sandboxError: string,
): Promise<Injected> {
  const metadata = { sandbox_error: sandboxError, sandbox_operation: operation };
  switch (operation) {
    case 'pay': {
      const { response, id } = await merchant.charge({ metadata });
      return { response, chargeId: id };
    }
    case 'precreate': {
      const { response, id } = await merchant.charge({ metadata, sub_payway: 'qrcode' });
      return { response, chargeId: id };
    }
    case 'query':
    case 'close': {
      const { id } = await merchant.barcode('10', { metadata });
      const response = operation === 'query' ? await merchant.get(id) : await merchant.operate(id, 'close');
      return { response, chargeId: id };
    }
    case 'cancel':
    case 'void': {
      const { id } = await merchant.charge({ metadata });
      return { response: await merchant.operate(id, operation), chargeId: id };
    }
    case 'refund': {
      const { id } = await merchant.charge({ metadata });
      return { response: await merchant.refund(id, 100), chargeId: id };
    }
    case 'query_refund': {
      const { id } = await merchant.charge({ metadata });
      const refund = await merchant.refund(id, 9_902);
      expect(refund.body.data?.status).toBe('PENDING');
      await sandbox.step(6_000);
      const response = await merchant.request<Refund>('GET', `/v1/refunds/${refund.body.data!.id}`);
      return { response, chargeId: id };
    }
  }
}
