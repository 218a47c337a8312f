import { ChannelHttpClient } from '../../kit/http-client.js';
import type { VmpNotification } from './engine.js';

/**
 * Sends the emulator's notifications to the merchant's notify_url and retries until the merchant answers
 * `success` (reference §4: a JSON `{"return_code": "success", …}` or the bare word). The retry schedule
 * is not documented; this one (15 s, 1 min, 5 min, 30 min) is the reference's suggestion.
 */

export const NOTIFY_RETRY_DELAYS_MS = [15_000, 60_000, 300_000, 1_800_000] as const;

export interface DeliveryRecord {
  readonly url: string;
  readonly body: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastAnswer?: string;
}

export type NotificationMangle = 'bad_signature' | 'garbled' | undefined;

export class VmpNotifier {
  readonly #http = new ChannelHttpClient({
    timeouts: { connectMs: 3_000, answerMs: 10_000, totalMs: 15_000 },
  });
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: DeliveryRecord[] = [];
  #closed = false;

  send(notification: VmpNotification, mangle: NotificationMangle): void {
    let body = JSON.stringify(notification.body);
    if (mangle === 'bad_signature') {
      body = JSON.stringify({ ...notification.body, sign: corruptSign(notification.body.sign ?? '') });
    } else if (mangle === 'garbled') {
      body = body.slice(0, Math.floor(body.length / 2));
    }
    const record: DeliveryRecord = { url: notification.url, body, attempts: 0, delivered: false };
    this.#log.push(record);
    void this.#attempt(record);
  }

  deliveries(): readonly DeliveryRecord[] {
    return this.#log.map((record) => ({ ...record }));
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

  async #attempt(record: DeliveryRecord): Promise<void> {
    if (this.#closed) return;
    record.attempts += 1;
    try {
      const url = new URL(record.url);
      const answer = await this.#http.send(url.origin, {
        path: `${url.pathname}${url.search}`,
        headers: { 'content-type': 'application/json;charset=UTF-8' },
        body: record.body,
      });
      record.lastStatus = answer.status;
      record.lastAnswer = answer.body.toString('utf8').slice(0, 500);
      record.delivered = answer.status === 200 && acknowledged(record.lastAnswer);
    } catch (error) {
      record.lastAnswer = (error as Error).message;
    }
    const delay = NOTIFY_RETRY_DELAYS_MS[record.attempts - 1];
    if (record.delivered || delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(record);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}

/** The merchant took the notification: `{"return_code":"success",…}` or the literal word. */
function acknowledged(text: string): boolean {
  if (text.trim() === 'success') return true;
  try {
    const parsed = JSON.parse(text) as { return_code?: unknown };
    return parsed.return_code === 'success';
  } catch {
    return false;
  }
}

/** A signature that is well-formed and wrong. */
export function corruptSign(sign: string): string {
  if (sign === '') return '0'.repeat(64);
  return (sign[0] === '0' ? '1' : '0') + sign.slice(1);
}
