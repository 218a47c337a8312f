import { createHash } from 'node:crypto';

/**
 * A PayCools v1 client written from the documentation, for wire tests: the sign is computed here by hand
 * (fields but `sign` sorted by key, non-empty ones as `k=v` joined by `&`, then `&key=<secret>`, SHA-1,
 * lower-case hex), never with the connector's code.
 */

export interface HandAnswer {
  readonly status: number;
  readonly json: { code: number; message: string; data?: Record<string, unknown> };
}

export function handSign(fields: Record<string, unknown>, secret: string): string {
  const form = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('&');
  return createHash('sha1').update(`${form}&key=${secret}`).digest('hex');
}

export class HandPaycools {
  constructor(
    readonly baseUrl: string,
    readonly appId: string,
    readonly secret: string,
  ) {}

  as(appId: string, secret: string): HandPaycools {
    return new HandPaycools(this.baseUrl, appId, secret);
  }

  /** The emulator's clock now: requests carry it as their timestamp. */
  async now(): Promise<number> {
    const answer = await fetch(`${this.baseUrl}/_emulator/clock`);
    return ((await answer.json()) as { now: number }).now;
  }

  /** Signs and posts `fields` (appId and timestamp added unless given; `sign: false` leaves it out). */
  async call(
    path: string,
    fields: Record<string, unknown>,
    options: { sign?: string | false } = {},
  ): Promise<HandAnswer> {
    const body: Record<string, unknown> = { appId: this.appId, timestamp: await this.now(), ...fields };
    if (options.sign !== false) body.sign = options.sign ?? handSign(body, this.secret);
    return post(`${this.baseUrl}${path}`, JSON.stringify(body));
  }

  payout(fields: Record<string, unknown> = {}): Promise<HandAnswer> {
    return this.call('/api/v1/payout', {
      mchOrderId: `PO${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      appName: 'Shop',
      idempotencyId: `ID${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      amount: 5735,
      accountNo: '001234567891',
      accountName: 'Juan Dela Cruz',
      payMethodCode: 'BANK',
      bankCode: 'BDO',
      ...fields,
    });
  }

  payment(fields: Record<string, unknown> = {}): Promise<HandAnswer> {
    return this.call('/api/v1/payment', {
      mchOrderId: `PM${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      amount: 10000,
      channelCode: 'GCASH_URL',
      ...fields,
    });
  }

  /** A collection the buyer has paid on the checkout page. */
  async paid(fields: Record<string, unknown> = {}): Promise<string> {
    const created = await this.payment(fields);
    if (created.json.code !== 10000) throw new Error(`payment refused: ${JSON.stringify(created.json)}`);
    const id = created.json.data!.transactionId as string;
    await postForm(created.json.data!.redirectUrl as string, 'result=paid');
    return id;
  }

  refund(
    originalTransactionId: string,
    refundAmount: number,
    mchRefundOrderId = `RF${Math.random().toString().slice(2, 14)}`,
  ) {
    return this.call('/api/v1/refund', { originalTransactionId, refundAmount, mchRefundOrderId });
  }

  void(originalTransactionId: string, mchVoidOrderId = `VD${Math.random().toString().slice(2, 14)}`) {
    return this.call('/api/v1/void', { originalTransactionId, mchVoidOrderId });
  }

  control(path: string, body?: unknown, method = 'POST'): Promise<Response> {
    return fetch(`${this.baseUrl}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Moves the emulator clock and runs what became due. */
  async advance(ms: number): Promise<void> {
    await this.control('clock', { advance_ms: ms });
    await this.control('settle');
  }
}

export async function post(url: string, body: string): Promise<HandAnswer> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: answer.status, json: (await answer.json()) as HandAnswer['json'] };
}

export async function postForm(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
