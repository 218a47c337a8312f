import { ChannelHttpClient } from '../http-client.js';

/** One callback an emulator sends to a merchant, as its control route lists it. */
export interface CallbackDelivery {
  readonly url: string;
  readonly body: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastAnswer?: string;
}

export interface CallbackSenderOptions<R extends CallbackDelivery> {
  /** Waits before the 2nd, 3rd… attempt; no more attempts once they run out. */
  readonly retryDelaysMs: readonly number[];
  /** Deadline of one attempt (connect, headers and body). */
  readonly totalMs?: number;
  /** Headers of one attempt (1-based): a provider that signs each attempt does it here. */
  headers(record: R, attempt: number): Readonly<Record<string, string>>;
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
    this.#log.push(record);
    void this.#attempt(record, true);
  }

  deliveries(): readonly R[] {
    return this.#log.map((record) => ({ ...record }));
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
    try {
      const url = new URL(record.url);
      const answer = await this.#http.send(url.origin, {
        path: `${url.pathname}${url.search}`,
        headers: { ...this.#options.headers(record, record.attempts) },
        body: record.body,
      });
      record.lastStatus = answer.status;
      record.lastAnswer = answer.body.toString('utf8').slice(0, 500);
      record.delivered = record.delivered || this.#options.acknowledged(answer.status, record.lastAnswer);
    } catch (error) {
      record.lastAnswer = (error as Error).message;
    }
    const delay = this.#options.retryDelaysMs[record.attempts - 1];
    if (!schedule || record.delivered || delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(record, true);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}
