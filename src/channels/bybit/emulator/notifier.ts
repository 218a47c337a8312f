import { createSign, type KeyObject, randomInt, randomUUID } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { ChannelHttpClient } from '../../kit/http-client.js';
import type { Webhook } from './engine.js';
import { bybitIsoTime } from './periods.js';

/**
 * Webhooks as Bybit sends them (reference §4): a JSON body `{notifyId, notifyType, notifyTime, merchantId,
 * data}`, signed in headers (`X-Timestamp`, `X-Nonce`, `X-Sign-Type: RSA2`, `X-Signature` = base64
 * SHA256withRSA over timestamp + nonce + body under the platform key), re-signed on every attempt, and
 * retried after 15 s, 30 s, 1 min, 5 min and 30 min until the merchant answers HTTP 200 `success`.
 */

export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [15_000, 30_000, 60_000, 300_000, 1_800_000];

export interface WebhookDelivery {
  readonly notifyId: string;
  readonly url: string;
  readonly body: string;
  attempts: number;
  delivered: boolean;
  lastStatus?: number;
  lastAnswer?: string;
}

/** Sign `timestamp + nonce + body` with the platform's private key: what a merchant verifies. */
export function signWebhook(privateKey: KeyObject, timestamp: string, nonce: string, body: string): string {
  return createSign('RSA-SHA256').update(`${timestamp}${nonce}${body}`).sign(privateKey, 'base64');
}

export class BybitNotifier {
  readonly #http = new ChannelHttpClient({
    timeouts: { connectMs: 3_000, answerMs: 10_000, totalMs: 10_000 },
  });
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: WebhookDelivery[] = [];
  readonly #key: KeyObject;
  readonly #clock: Clock;
  readonly #delays: readonly number[];
  #closed = false;

  constructor(key: KeyObject, clock: Clock, delays: readonly number[] = WEBHOOK_RETRY_DELAYS_MS) {
    this.#key = key;
    this.#clock = clock;
    this.#delays = delays;
  }

  send(webhook: Webhook, mangle?: 'bad_signature' | 'garbled'): void {
    const notifyId = randomUUID();
    let body = JSON.stringify({
      notifyId,
      notifyType: webhook.notifyType,
      notifyTime: bybitIsoTime(this.#clock.now()),
      merchantId: webhook.merchantId,
      data: webhook.data,
    });
    if (mangle === 'garbled') body = body.slice(0, Math.floor(body.length / 2));
    const record: WebhookDelivery = { notifyId, url: webhook.url, body, attempts: 0, delivered: false };
    this.#log.push(record);
    void this.#attempt(record, mangle === 'bad_signature');
  }

  deliveries(): readonly WebhookDelivery[] {
    return this.#log.map((r) => ({ ...r }));
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

  async #attempt(record: WebhookDelivery, badSignature: boolean): Promise<void> {
    if (this.#closed) return;
    record.attempts += 1;
    const timestamp = String(this.#clock.now());
    const nonce = String(randomInt(10_000, 100_000));
    let signature = signWebhook(this.#key, timestamp, nonce, record.body);
    if (badSignature) signature = signWebhook(this.#key, timestamp, nonce, `${record.body} `);
    try {
      const url = new URL(record.url);
      const answer = await this.#http.send(url.origin, {
        path: `${url.pathname}${url.search}`,
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-nonce': nonce,
          'x-sign-type': 'RSA2',
          'x-signature': signature,
        },
        body: record.body,
      });
      record.lastStatus = answer.status;
      record.lastAnswer = answer.body.toString('utf8').slice(0, 500);
      record.delivered = answer.status === 200 && record.lastAnswer.trim().toLowerCase() === 'success';
    } catch (error) {
      record.lastAnswer = (error as Error).message;
    }
    const delay = this.#delays[record.attempts - 1];
    if (record.delivered || delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(record, false);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }
}
