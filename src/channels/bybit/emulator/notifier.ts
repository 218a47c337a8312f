import { createSign, type KeyObject, randomInt, randomUUID } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import {
  type CallbackDelivery,
  type CallbackMangle,
  CallbackSender,
  garbledBody,
} from '../../kit/emulator/index.js';
import type { Webhook } from './engine.js';
import { bybitIsoTime } from './periods.js';

/**
 * Webhooks as Bybit sends them (reference §4): a JSON body `{notifyId, notifyType, notifyTime, merchantId,
 * data}`, signed in headers (`X-Timestamp`, `X-Nonce`, `X-Sign-Type: RSA2`, `X-Signature` = base64
 * SHA256withRSA over timestamp + nonce + body under the platform key), re-signed on every attempt, and
 * retried after 15 s, 30 s, 1 min, 5 min and 30 min until the merchant answers HTTP 200 `success`.
 */

export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [15_000, 30_000, 60_000, 300_000, 1_800_000];

export interface WebhookDelivery extends CallbackDelivery {
  readonly notifyId: string;
}

/** Sign `timestamp + nonce + body` with the platform's private key: what a merchant verifies. */
export function signWebhook(privateKey: KeyObject, timestamp: string, nonce: string, body: string): string {
  return createSign('RSA-SHA256').update(`${timestamp}${nonce}${body}`).sign(privateKey, 'base64');
}

export class BybitNotifier {
  readonly #clock: Clock;
  /** Webhooks whose first attempt carries a wrong signature (a scenario); retries are signed right. */
  readonly #badFirstSignature = new WeakSet<WebhookDelivery>();
  readonly #sender: CallbackSender<WebhookDelivery>;

  constructor(key: KeyObject, clock: Clock, delays: readonly number[] = WEBHOOK_RETRY_DELAYS_MS) {
    this.#clock = clock;
    this.#sender = new CallbackSender<WebhookDelivery>({
      retryDelaysMs: delays,
      totalMs: 10_000,
      // Re-signed on every attempt, with a fresh timestamp and nonce.
      headers: (record, attempt) => {
        const timestamp = String(this.#clock.now());
        const nonce = String(randomInt(10_000, 100_000));
        const signed = attempt === 1 && this.#badFirstSignature.has(record) ? `${record.body} ` : record.body;
        return {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-nonce': nonce,
          'x-sign-type': 'RSA2',
          'x-signature': signWebhook(key, timestamp, nonce, signed),
        };
      },
      acknowledged: (status, answer) => status === 200 && answer.trim().toLowerCase() === 'success',
    });
  }

  send(webhook: Webhook, mangle?: CallbackMangle): void {
    const notifyId = randomUUID();
    let body = JSON.stringify({
      notifyId,
      notifyType: webhook.notifyType,
      notifyTime: bybitIsoTime(this.#clock.now()),
      merchantId: webhook.merchantId,
      data: webhook.data,
    });
    if (mangle === 'garbled') body = garbledBody(body);
    const record: WebhookDelivery = { notifyId, url: webhook.url, body, attempts: 0, delivered: false };
    if (mangle === 'bad_signature') this.#badFirstSignature.add(record);
    this.#sender.send(record);
  }

  deliveries(): readonly WebhookDelivery[] {
    return this.#sender.deliveries();
  }

  clear(): void {
    this.#sender.clear();
  }

  close(): Promise<void> {
    return this.#sender.close();
  }
}
