import { ChannelHttpClient } from '../../kit/http-client.js';
import type { PaycoolsNotification } from './engine.js';

/**
 * Sends signed callbacks to the merchant and retries until it answers `{"code": 1, …}` (reference §2). The
 * retry schedule is not documented [I]: 15 s, 1 min, 5 min, 30 min, 1 h (the reference's "5 tries over
 * about an hour").
 */

export const CALLBACK_RETRY_DELAYS_MS = [15_000, 60_000, 300_000, 1_800_000, 3_600_000] as const;

export interface CallbackRecord {
  readonly url: string;
  readonly body: string;
  readonly eventName: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastAnswer?: string;
}

export type CallbackMangle = 'bad_signature' | 'garbled' | undefined;

export class PaycoolsNotifier {
  readonly #http = new ChannelHttpClient({
    timeouts: { connectMs: 3_000, answerMs: 10_000, totalMs: 15_000 },
  });
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: CallbackRecord[] = [];
  #closed = false;

  send(notification: PaycoolsNotification, mangle: CallbackMangle): void {
    let body = JSON.stringify(notification.body);
    if (mangle === 'bad_signature')
      body = JSON.stringify({
        ...notification.body,
        sign: corruptSign(String(notification.body.sign ?? '')),
      });
    else if (mangle === 'garbled') body = body.slice(0, Math.floor(body.length / 2));
    const record: CallbackRecord = {
      url: notification.url,
      body,
      eventName: String(notification.body.eventName ?? ''),
      attempts: 0,
      delivered: false,
    };
    this.#log.push(record);
    void this.#attempt(record);
  }

  deliveries(): readonly CallbackRecord[] {
    return this.#log.map((record) => ({ ...record }));
  }

  /** Sends every undelivered callback again now (a test's "the retry came"). */
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

  async #attempt(record: CallbackRecord, schedule = true): Promise<void> {
    if (this.#closed) return;
    record.attempts += 1;
    try {
      const url = new URL(record.url);
      const answer = await this.#http.send(url.origin, {
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json' },
        body: record.body,
      });
      record.lastStatus = answer.status;
      record.lastAnswer = answer.body.toString('utf8').slice(0, 500);
      record.delivered = record.delivered || (answer.status === 200 && acknowledged(record.lastAnswer));
    } catch (error) {
      record.lastAnswer = (error as Error).message;
    }
    const delay = CALLBACK_RETRY_DELAYS_MS[record.attempts - 1];
    if (!schedule || record.delivered || delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(record);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}

function acknowledged(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { code?: unknown };
    return parsed.code === 1 || parsed.code === '1';
  } catch {
    return false;
  }
}

/** A 40-hex signature that is well-formed and wrong. */
export function corruptSign(sign: string): string {
  if (sign === '') return '0'.repeat(40);
  return (sign[0] === '0' ? '1' : '0') + sign.slice(1);
}
