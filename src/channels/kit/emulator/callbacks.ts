import { ChannelHttpClient } from '../http-client.js';
import type { ScenarioQueue } from './scenarios.js';

/** What a `notify` scenario does to the next callback: sign it wrongly, or cut its body short. */
export type CallbackMangle = 'bad_signature' | 'garbled' | undefined;

/** Takes a scenario queued for `notify` (only one that names it) and says how it spoils the next callback. */
export function callbackMangle(scenarios: ScenarioQueue | undefined): CallbackMangle {
  const scenario = scenarios?.takeNamed('notify');
  return scenario?.fault === 'bad_signature' || scenario?.fault === 'garbled' ? scenario.fault : undefined;
}

/** A callback body as a `garbled` fault sends it: cut in half, so it does not parse. */
export function garbledBody(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

/** One attempt at a callback, as a control route that lists attempts shows it. */
export interface CallbackAttempt {
  /** 1-based. */
  readonly attempt: number;
  /** When it was sent (epoch ms). */
  readonly at: number;
  /** What a scenario made wrong in this attempt (`bad_signature`…), noted by the `headers` hook. */
  fault?: string;
  status?: number;
  answer?: string;
  /** Why no answer came (refused, timed out). */
  error?: string;
}

/** One callback an emulator sends to a merchant, as its control route lists it. */
export interface CallbackDelivery {
  readonly url: string;
  readonly body: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastAnswer?: string;
  /** Every attempt, oldest first, when the sender keeps them (`keepAttempts`). */
  history?: CallbackAttempt[];
}

export interface CallbackSenderOptions<R extends CallbackDelivery> {
  /** Wait before the first attempt (default none: it goes at once). */
  readonly firstDelayMs?: number;
  /** Waits before the 2nd, 3rd… attempt; no more attempts once they run out. */
  readonly retryDelaysMs: readonly number[];
  /** Deadline of one attempt (connect, headers and body). */
  readonly totalMs?: number;
  /** Keep a record of every attempt in `history` (for a control route that lists attempts). */
  readonly keepAttempts?: boolean;
  /**
   * Headers of one attempt: a provider that signs each attempt does it here, and notes on `entry.fault`
   * what a scenario made wrong in it.
   */
  headers(record: R, attempt: number, entry: CallbackAttempt): Readonly<Record<string, string>>;
  /** Whether the merchant's answer acknowledges the callback. */
  acknowledged(status: number, answer: string): boolean;
}

/**
 * The part of a provider's callbacks that is the same for every provider: POST the body to the merchant,
 * retry on the provider's schedule until it acknowledges, keep a log for the control routes. What a
 * callback says, how it is signed and what acknowledges it stay with the provider.
 */
export class CallbackSender<R extends CallbackDelivery> {
  readonly #options: CallbackSenderOptions<R>;
  readonly #http: ChannelHttpClient;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: R[] = [];
  #closed = false;

  constructor(options: CallbackSenderOptions<R>) {
    this.#options = options;
    this.#http = new ChannelHttpClient({
      timeouts: { connectMs: 3_000, answerMs: 10_000, totalMs: options.totalMs ?? 15_000 },
    });
  }

  send(record: R): void {
    if (this.#options.keepAttempts) record.history = [];
    this.#log.push(record);
    const first = this.#options.firstDelayMs;
    if (first === undefined) void this.#attempt(record, true);
    else this.#later(record, first);
  }

  deliveries(): readonly R[] {
    return this.#log.map((record) =>
      record.history === undefined
        ? { ...record }
        : { ...record, history: record.history.map((entry) => ({ ...entry })) },
    );
  }

  /** Sends every unacknowledged callback again now, outside the schedule (a test's "the retry came"). */
  retryNow(): number {
    const pending = this.#log.filter((record) => !record.delivered);
    for (const record of pending) void this.#attempt(record, false);
    return pending.length;
  }

  clear(): void {
    this.#log.length = 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await this.#http.close();
  }

  async #attempt(record: R, schedule: boolean): Promise<void> {
    if (this.#closed) return;
    record.attempts += 1;
    const entry: CallbackAttempt = { attempt: record.attempts, at: Date.now() };
    record.history?.push(entry);
    try {
      const url = new URL(record.url);
      const headers = { ...this.#options.headers(record, record.attempts, entry) };
      const answer = await this.#http.send(url.origin, {
        path: `${url.pathname}${url.search}`,
        headers,
        body: record.body,
      });
      record.lastStatus = entry.status = answer.status;
      record.lastAnswer = entry.answer = answer.body.toString('utf8').slice(0, 500);
      record.delivered = record.delivered || this.#options.acknowledged(answer.status, record.lastAnswer);
    } catch (error) {
      record.lastAnswer = entry.error = (error as Error).message;
    }
    const delay = this.#options.retryDelaysMs[record.attempts - 1];
    if (!schedule || record.delivered || delay === undefined) return;
    this.#later(record, delay);
  }

  #later(record: R, delay: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(record, true);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}
