/**
 * Load for bench/charges.ts: the signed charge requests, the closed-loop load (autocannon, N connections,
 * optionally capped with its overallRate) and an open-loop paced load (evenly spaced requests), with
 * exact latency percentiles and a record of which request got which answer.
 */
import { randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { signRequest } from '../../src/api/request-signature.js';

export const CHARGE_PATH = '/v1/charges';

export interface Credentials {
  readonly secretKey: string;
  readonly signingSecret: string;
}

export interface ChargeRequest {
  readonly outTradeNo: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** 18 digits with a WeChat prefix (13), never the sandbox's magic 1300000000000000NN. */
function barcode(): string {
  for (;;) {
    const digits = `${String(randomInt(0, 100_000_000)).padStart(8, '0')}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    if (!digits.startsWith('00000000000000')) return `13${digits}`;
  }
}

/** The sandbox's "in progress, paid 5 s later" barcode (docs/sandbox.md). */
export const IN_DOUBT_BARCODE = '280000000000000010';

/**
 * Fresh barcode charges: a unique out_trade_no and Idempotency-Key and a new signature (timestamp and
 * nonce) for every request. The baseline gets the very same requests, so the load generator does the
 * same work for both.
 */
export class ChargeRequests {
  #seq = 0;
  /** The out_trade_no of every in-doubt charge sent (see `inDoubtShare`). */
  readonly inDoubt = new Set<string>();
  readonly #credentials: readonly Credentials[];
  /** One merchant's credentials, or several taken in turn (one merchant per request). */
  constructor(
    credentials: Credentials | readonly Credentials[],
    private readonly tag: string,
    /**
     * This share of the charges uses the sandbox's `…10` barcode: answered CREATED, confirmed by the
     * resolution job's query 5 s later. Small amounts (2–101 fen; a CNY charge is at least 2) keep that
     * one buyer under its daily limit (2,000,000): a 10-minute soak with 2 % in doubt stays under it up
     * to about 3,000 charges/s.
     */
    private readonly inDoubtShare = 0,
  ) {
    this.#credentials = Array.isArray(credentials) ? credentials : [credentials as Credentials];
    if (this.#credentials.length === 0) throw new Error('ChargeRequests needs credentials');
  }

  /**
   * 1.00–2.99 by default: the sandbox's seller daily limit (1,000,000.00) then holds about 500,000 charges, a
   * few minutes at this machine's best rate (with 10.00–99.99 a 6 s run at 2,500 charges/s met it).
   */
  #amounts = { min: 100, spread: 200 };

  /**
   * Amounts of the charges from now on: min … min + spread - 1 minor units. A long run uses small ones so
   * that the merchant stays under the sandbox's seller daily limit (a refusal would not be a charge).
   */
  useAmounts(min: number, spread: number): void {
    this.#amounts = { min: Math.max(1, Math.floor(min)), spread: Math.max(1, Math.floor(spread)) };
  }

  /** Requests made so far (warm-up included). */
  get made(): number {
    return this.#seq;
  }

  next(): ChargeRequest {
    const i = this.#seq++;
    const credentials = this.#credentials[i % this.#credentials.length]!;
    const outTradeNo = `${this.tag}-${i}`;
    const inDoubt = this.inDoubtShare > 0 && Math.random() < this.inDoubtShare;
    if (inDoubt) this.inDoubt.add(outTradeNo);
    const body = JSON.stringify({
      out_trade_no: outTradeNo,
      amount: inDoubt ? 2 + (i % 100) : this.#amounts.min + (i % this.#amounts.spread),
      currency: 'CNY',
      subject: 'bench',
      payway: 'alipay',
      sub_payway: 'barcode',
      auth_code: inDoubt ? IN_DOUBT_BARCODE : barcode(),
    });
    const headers = {
      authorization: `Bearer ${credentials.secretKey}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...signRequest({ secret: credentials.signingSecret, method: 'POST', path: CHARGE_PATH, body }),
    };
    return { outTradeNo, headers, body };
  }
}

/**
 * Which request got which answer, over the life of one server (warm-up and measured load together):
 * the durability check compares it with the rows in the database.
 */
export class AnswerLog {
  /** Sent and not answered (yet, or ever: cut off when a load stopped, or timed out). */
  readonly pending = new Set<string>();
  /** Answered 2xx (and, when `expectPaid`, with a charge whose status is PAID). */
  readonly ok = new Set<string>();
  /** Answered 2xx with a body that is not a PAID charge (only counted when `expectPaid`). */
  okNotPaid = 0;
  /** Answered with a status outside 2xx, by status. */
  readonly failed = new Map<number, number>();
  /** A few non-2xx bodies, for the report. */
  readonly samples: string[] = [];

  constructor(private readonly expectPaid: boolean) {}

  sent(id: string): void {
    this.pending.add(id);
  }

  answered(id: string, status: number, body: string): void {
    this.pending.delete(id);
    if (status >= 200 && status < 300) {
      if (this.expectPaid && !body.includes('"status":"PAID"')) {
        this.okNotPaid += 1;
        if (this.samples.length < 3) this.samples.push(`${status} ${body.slice(0, 300)}`);
      } else this.ok.add(id);
      return;
    }
    this.failed.set(status, (this.failed.get(status) ?? 0) + 1);
    if (this.samples.length < 3) this.samples.push(`${status} ${body.slice(0, 300)}`);
  }
}

/** What one measured load did, from its own responses only (not the warm-up's). */
export interface LoadResult {
  readonly seconds: number;
  readonly responses: number;
  readonly ok: number;
  /** Responses outside 2xx, by status. */
  readonly non2xx: Readonly<Record<number, number>>;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Latencies in ms, sorted ascending. */
  readonly latencies: Float64Array;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function countNon2xx(statuses: Map<number, number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [status, count] of statuses) if (status < 200 || status >= 300) out[status] = count;
  return out;
}

export interface LoadOptions {
  readonly url: URL;
  readonly connections: number;
  /** Load before the measurement, on the same connections (they are opened then, not while measuring). */
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly requests: ChargeRequests;
  readonly log: AnswerLog;
  /** Called when the warm-up ends and the measurement starts. */
  readonly onMeasureStart?: () => void;
}

type RequestContext = { id?: string };

/**
 * Closed loop: `connections` connections, each sending its next request as soon as the answer to the
 * previous one is in. With `overallRate`, autocannon lets each connection send at most rate/connections
 * requests per second; note that it sends them back to back at the start of each second. One autocannon
 * run covers warm-up and measurement, so the measured window starts with warm connections; it counts the
 * answers that arrive in it.
 */
export function closedLoop(options: LoadOptions & { readonly overallRate?: number }): Promise<LoadResult> {
  const { requests, log } = options;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let measureFrom = Number.POSITIVE_INFINITY;
  const warm = setTimeout(() => {
    measureFrom = performance.now();
    options.onMeasureStart?.();
  }, options.warmupSeconds * 1000);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url.origin,
        connections: options.connections,
        duration: options.warmupSeconds + options.seconds,
        timeout: 10,
        ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
        requests: [
          {
            method: 'POST',
            path: CHARGE_PATH,
            setupRequest: (request, context) => {
              const next = requests.next();
              (context as RequestContext).id = next.outTradeNo;
              log.sent(next.outTradeNo);
              return {
                ...request,
                method: 'POST',
                path: CHARGE_PATH,
                headers: next.headers,
                body: next.body,
              };
            },
            onResponse: (status, body, context) => {
              const id = (context as RequestContext).id;
              if (id !== undefined) log.answered(id, status, body);
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(warm);
        if (error) {
          reject(error);
          return;
        }
        const end = performance.now();
        if (!Number.isFinite(measureFrom)) {
          reject(new Error('the load ended before its warm-up did'));
          return;
        }
        resolve({
          seconds: (end - measureFrom) / 1000,
          responses: latencies.length,
          ok: okCount(statuses),
          non2xx: countNon2xx(statuses),
          // Over the whole run, warm-up included.
          errors: result.errors,
          latencies: Float64Array.from(latencies).sort(),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (performance.now() < measureFrom) return;
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

function okCount(statuses: Map<number, number>): number {
  let ok = 0;
  for (const [status, count] of statuses) if (status >= 200 && status < 300) ok += count;
  return ok;
}

/**
 * Open loop: request i is due at start + i/rate, whatever happened to the others (a keep-alive agent of
 * `connections` sockets; a request waits for a free socket when all are busy). Latency is measured from
 * the time the request was due, so queueing counts. This is what "p99 at a given rate" means. The
 * requests due during the warm-up are sent but not measured.
 */
export async function pacedLoop(options: LoadOptions & { readonly rate: number }): Promise<LoadResult> {
  const { url, requests, log, rate } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const warmupCount = Math.round(rate * options.warmupSeconds);
  const total = warmupCount + Math.max(1, Math.round(rate * options.seconds));
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let settled = 0;
  let lastAnswer = 0;
  const start = performance.now();
  const measureFrom = start + (warmupCount * 1000) / rate;
  let allSettled: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allSettled = resolve;
  });
  const finish = () => {
    settled += 1;
    if (settled === total) allSettled();
  };
  const send = (due: number, measured: boolean) => {
    const next = requests.next();
    log.sent(next.outTradeNo);
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: CHARGE_PATH,
        headers: { ...next.headers, 'content-length': Buffer.byteLength(next.body) },
        timeout: 10_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          log.answered(next.outTradeNo, status, body);
          if (measured) {
            lastAnswer = performance.now();
            latencies.push(lastAnswer - due);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
          finish();
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => {
      errors += 1;
      finish();
    });
    request.end(next.body);
  };
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        if (sent === warmupCount) options.onMeasureStart?.();
        send(start + (sent * 1000) / rate, sent >= warmupCount);
        sent += 1;
      }
      if (sent >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  const waited = await Promise.race([
    done.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
  ]);
  agent.destroy();
  if (!waited) errors += total - settled;
  return {
    seconds: (Math.max(lastAnswer, start + (total * 1000) / rate) - measureFrom) / 1000,
    responses: latencies.length,
    ok: okCount(statuses),
    non2xx: countNon2xx(statuses),
    errors,
    latencies: Float64Array.from(latencies).sort(),
  };
}
