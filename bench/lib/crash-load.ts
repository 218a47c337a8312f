/**
 * The clients of bench/crash.ts: concurrent signed charges and refunds with Idempotency-Keys, against a
 * server that is killed under them. Every request is kept with its key and body, and every answer with
 * its status and bytes, so that the checks can hold the gateway to what it answered.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { signRequest } from '../../src/api/request-signature.js';
import type { MerchantCredentials } from './setup.js';

/** The sandbox barcodes the load uses (docs/sandbox.md): `00` stands for any barcode that pays at once. */
export type Magic = '00' | '01' | '10' | '11' | '20' | '21' | '25' | '27';

/** How often each barcode is chosen for a new charge. */
const MAGIC_WEIGHTS: readonly (readonly [Magic, number])[] = [
  ['00', 60],
  ['01', 8],
  ['10', 8],
  ['11', 4],
  ['20', 6],
  ['21', 4],
  ['25', 5],
  ['27', 5],
];

/** Refund amounts with a scripted outcome (9908, never settled for a day, is left out). */
const MAGIC_REFUNDS = [9901, 9902, 9903, 9904, 9907] as const;

/** What the channel does with the payment in the end, whatever happens to polypay meanwhile. */
export const PAYS_IN_THE_END: ReadonlySet<Magic> = new Set(['00', '10', '20']);

export interface ChargeSpec {
  readonly kind: 'charge';
  readonly merchant: number;
  readonly outTradeNo: string;
  readonly amount: number;
  readonly magic: Magic;
}

export interface RefundSpec {
  readonly kind: 'refund';
  readonly merchant: number;
  readonly chargeId: string;
  readonly refundNo: string;
  readonly amount: number;
}

export interface Answer {
  /** The server life (round) that answered; the final one is rounds + 1. */
  readonly round: number;
  readonly status: number;
  readonly body: string;
}

/** One request as a client means it: one key and one body, sent once or more (after a cut-off). */
export interface Sent {
  readonly seq: number;
  readonly spec: ChargeSpec | RefundSpec;
  readonly key: string;
  readonly path: string;
  readonly body: string;
  readonly answers: Answer[];
  /** Sends that got no answer (the server died, or refused the connection). */
  connectionErrors: number;
  /** The first answer the server keeps for the key (2xx or a final refusal): every later one must equal it. */
  stored?: Answer;
  /** Later answers to the same key that differ from `stored`. */
  readonly mismatches: Answer[];
}

interface ErrorBody {
  readonly code?: unknown;
  readonly retryable?: unknown;
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The error code of an answer outside 2xx, `-` when the body is not an error envelope. */
export function errorCode(answer: Answer): string {
  const code = (parse(answer.body) as ErrorBody | undefined)?.code;
  return typeof code === 'string' ? code : '-';
}

/** The data object of a 2xx answer. */
export function dataOf(answer: Answer): Record<string, unknown> | undefined {
  const data = parse(answer.body)?.data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}

/**
 * Whether the gateway stores this answer for the key (src/api/idempotency.ts): a 2xx or a refusal that
 * is not retryable. 5xx, retryable refusals and the idempotency layer's own refusals are not stored.
 */
export function isStored(answer: Answer): boolean {
  if (answer.status >= 500) return false;
  if (answer.status < 300) return true;
  const body = parse(answer.body) as ErrorBody | undefined;
  if (!body || body.retryable === true) return false;
  return body.code !== 'idempotency_request_in_progress' && body.code !== 'idempotency_key_reused';
}

function signedHeaders(
  merchant: MerchantCredentials,
  method: 'GET' | 'POST',
  path: string,
  body: string,
  key?: string,
): Record<string, string> {
  return {
    authorization: `Bearer ${merchant.secretKey}`,
    ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...(key ? { 'idempotency-key': key } : {}),
    ...signRequest({ secret: merchant.signingSecret, method, path, body }),
  };
}

function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)]!;
}

function weighted<T>(table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let at = randomInt(total);
  for (const [value, weight] of table) {
    if (at < weight) return value;
    at -= weight;
  }
  return table[0]![0];
}

function barcode(magic: Magic): string {
  const wallet = randomInt(2) === 0 ? '28' : '13';
  // A 9 third keeps the masked code (first and last four digits) from ever reading as a magic barcode.
  if (magic === '00')
    return `${wallet}9${String(randomInt(1e7)).padStart(7, '0')}${String(randomInt(1e8)).padStart(8, '0')}`;
  return `${wallet}${'0'.repeat(14)}${magic}`;
}

interface PaidCharge {
  readonly id: string;
  /** What the clients think is still refundable (the server is the judge). */
  remaining: number;
}

/** One server life as the clients see it. */
export interface Target {
  readonly url: URL;
  readonly round: number;
  /** False once the round is over (the kill is coming): clients stop sending. */
  live(): boolean;
}

export class CrashLoad {
  readonly sent: Sent[] = [];
  /** Requests without a stored answer yet: cut off by a kill, or told to retry. */
  readonly retry = new Set<Sent>();
  readonly #paid: Map<string, PaidCharge>[];
  readonly #tag = randomBytes(3).toString('hex');
  #seq = 0;
  #agent: Agent | undefined;

  constructor(readonly merchants: readonly MerchantCredentials[]) {
    this.#paid = merchants.map(() => new Map());
  }

  /** Every 2xx answer to a charge or refund POST. */
  acknowledged(): { sent: Sent; answer: Answer }[] {
    const out: { sent: Sent; answer: Answer }[] = [];
    for (const sent of this.sent) {
      for (const answer of sent.answers)
        if (answer.status >= 200 && answer.status < 300) out.push({ sent, answer });
    }
    return out;
  }

  /** `clients` loops of charges, refunds, retries and replays until the target is no longer live. */
  async run(target: Target, clients: number): Promise<void> {
    this.#agent = new Agent({ connections: clients * 4, keepAliveTimeout: 10_000 });
    try {
      await Promise.all(
        Array.from({ length: clients }, (_, i) => this.#client(target, i % this.merchants.length)),
      );
    } finally {
      const agent = this.#agent;
      this.#agent = undefined;
      await agent.destroy().catch(() => {});
    }
  }

  /**
   * After the last kill: sends every request without a stored answer again, with its own key, until each
   * has one or `deadline` passes (a key whose first request was cut off is locked in flight for 30 s).
   */
  async settle(target: Target, deadline: number): Promise<number> {
    this.#agent = new Agent({ connections: 16 });
    try {
      while (this.retry.size > 0 && Date.now() < deadline) {
        const batch = [...this.retry];
        for (let i = 0; i < batch.length; i += 16) {
          await Promise.all(batch.slice(i, i + 16).map((sent) => this.#send(target, sent)));
        }
        if (this.retry.size > 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
      return this.retry.size;
    } finally {
      const agent = this.#agent;
      this.#agent = undefined;
      await agent.destroy().catch(() => {});
    }
  }

  /** Sends `count` requests that have a stored answer again (same key, same body, a new signature). */
  async replaySample(target: Target, count: number): Promise<{ replayed: number; differing: Sent[] }> {
    const candidates = this.sent.filter((sent) => sent.stored !== undefined);
    for (let i = candidates.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    const sample = candidates.slice(0, count);
    const before = new Map(sample.map((sent) => [sent, sent.mismatches.length]));
    this.#agent = new Agent({ connections: 16 });
    try {
      for (let i = 0; i < sample.length; i += 16) {
        await Promise.all(sample.slice(i, i + 16).map((sent) => this.#send(target, sent)));
      }
    } finally {
      const agent = this.#agent;
      this.#agent = undefined;
      await agent.destroy().catch(() => {});
    }
    return {
      replayed: sample.length,
      differing: sample.filter((sent) => sent.mismatches.length > (before.get(sent) ?? 0)),
    };
  }

  /** A signed GET with the merchant's credentials (the final API read). */
  async get(url: URL, merchant: number, path: string, agent: Agent): Promise<Answer & { round: 0 }> {
    const response = await request(new URL(path, url), {
      method: 'GET',
      headers: signedHeaders(this.merchants[merchant]!, 'GET', path, ''),
      dispatcher: agent,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    return { round: 0, status: response.statusCode, body: await response.body.text() };
  }

  async #client(target: Target, merchant: number): Promise<void> {
    while (target.live()) {
      const roll = Math.random();
      const paid = this.#paid[merchant]!;
      // Cut-off requests pile up faster than a server that is killed every few seconds answers them:
      // the more there are, the more of the clients' time goes to sending them again.
      const retryShare = this.retry.size > 50 ? 0.3 : 0.08;
      if (roll < retryShare && this.retry.size > 0) {
        const sent = pick([...this.retry].slice(0, 64));
        // One sender per request at a time; the set gets it back when it is still unsettled.
        this.retry.delete(sent);
        await this.#send(target, sent);
      } else if (roll < retryShare + 0.03 && this.sent.length > 0) {
        const sent = this.sent[randomInt(this.sent.length)]!;
        if (sent.stored && !this.retry.has(sent)) await this.#send(target, sent);
      } else if (roll < retryShare + 0.19 && paid.size > 0) {
        await this.#refunds(target, merchant, pick([...paid.values()].slice(-200)));
      } else {
        await this.#charge(target, merchant);
      }
    }
  }

  async #charge(target: Target, merchant: number): Promise<void> {
    const magic = weighted(MAGIC_WEIGHTS);
    const amount =
      magic !== '00'
        ? randomInt(100, 501)
        : Math.random() < 0.25
          ? randomInt(15_000, 30_001)
          : randomInt(100, 3001);
    const spec: ChargeSpec = {
      kind: 'charge',
      merchant,
      outTradeNo: `crash-${this.#tag}-${this.#seq++}`,
      amount,
      magic,
    };
    const body = JSON.stringify({
      out_trade_no: spec.outTradeNo,
      amount,
      currency: 'CNY',
      subject: 'crash test',
      payway: 'alipay',
      sub_payway: 'barcode',
      auth_code: barcode(magic),
    });
    // Now and then the same order twice at once, under two keys: one charge, both answers name it.
    const copies = Math.random() < 0.05 ? 2 : 1;
    await Promise.all(
      Array.from({ length: copies }, () => this.#send(target, this.#record(spec, '/v1/charges', body))),
    );
  }

  async #refunds(target: Target, merchant: number, charge: PaidCharge): Promise<void> {
    const path = `/v1/charges/${charge.id}/refunds`;
    const make = (): RefundSpec => ({
      kind: 'refund',
      merchant,
      chargeId: charge.id,
      refundNo: `crash-${this.#tag}-r${this.#seq++}`,
      amount: this.#refundAmount(charge.remaining),
    });
    const body = (spec: RefundSpec) =>
      JSON.stringify({ refund_no: spec.refundNo, amount: spec.amount, reason: 'crash test' });
    const roll = Math.random();
    if (roll < 0.15) {
      // Several refunds of one charge at once: at most one may be open, never more than was paid.
      const specs = Array.from({ length: randomInt(2, 4) }, make);
      await Promise.all(specs.map((spec) => this.#send(target, this.#record(spec, path, body(spec)))));
    } else if (roll < 0.3) {
      // The same refund_no twice at once, under two keys: one refund.
      const spec = make();
      await Promise.all([0, 1].map(() => this.#send(target, this.#record(spec, path, body(spec)))));
    } else {
      const spec = make();
      await this.#send(target, this.#record(spec, path, body(spec)));
    }
  }

  #refundAmount(remaining: number): number {
    const roll = Math.random();
    const magic = MAGIC_REFUNDS.filter((amount) => amount <= remaining);
    if (roll < 0.3 && magic.length > 0) return pick(magic);
    if (roll < 0.4) return remaining;
    return randomInt(100, Math.max(101, Math.min(3000, remaining) + 1));
  }

  #record(spec: ChargeSpec | RefundSpec, path: string, body: string): Sent {
    const sent: Sent = {
      seq: this.sent.length,
      spec,
      key: randomUUID(),
      path,
      body,
      answers: [],
      connectionErrors: 0,
      mismatches: [],
    };
    this.sent.push(sent);
    return sent;
  }

  async #send(target: Target, sent: Sent): Promise<void> {
    const agent = this.#agent;
    if (!agent) throw new Error('no agent: send outside a run');
    let answer: Answer;
    try {
      const response = await request(new URL(sent.path, target.url), {
        method: 'POST',
        headers: signedHeaders(this.merchants[sent.spec.merchant]!, 'POST', sent.path, sent.body, sent.key),
        body: sent.body,
        dispatcher: agent,
        headersTimeout: 15_000,
        bodyTimeout: 15_000,
      });
      answer = { round: target.round, status: response.statusCode, body: await response.body.text() };
    } catch {
      sent.connectionErrors += 1;
      this.retry.add(sent);
      return;
    }
    sent.answers.push(answer);
    if (!isStored(answer)) {
      this.retry.add(sent);
      return;
    }
    this.retry.delete(sent);
    if (!sent.stored) sent.stored = answer;
    else if (sent.stored.status !== answer.status || sent.stored.body !== answer.body)
      sent.mismatches.push(answer);
    this.#learn(sent, answer);
  }

  /** Keeps paid charges worth refunding, and what is left of them. */
  #learn(sent: Sent, answer: Answer): void {
    if (answer.status >= 300) return;
    const data = dataOf(answer);
    if (!data) return;
    const paid = this.#paid[sent.spec.merchant]!;
    if (sent.spec.kind === 'charge') {
      if (
        data.status === 'PAID' &&
        typeof data.id === 'string' &&
        sent.spec.amount >= 10_000 &&
        !paid.has(data.id)
      ) {
        paid.set(data.id, { id: data.id, remaining: sent.spec.amount });
      }
      return;
    }
    const charge = paid.get(sent.spec.chargeId);
    if (charge && answer === sent.stored) {
      charge.remaining -= sent.spec.amount;
      if (charge.remaining < 100) paid.delete(charge.id);
    }
  }
}
