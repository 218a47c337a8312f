import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type CallbackDelivery, CallbackSender, type ScenarioQueue } from '../../kit/emulator/index.js';
import type { Json } from './wire.js';

/**
 * Payment notifications (pay.md, precreate.md): on payment success upay POSTs the order to `notify_url`
 * at 1 s, 5 s, 30 s and 600 s until the answer's body is `success`. The old docs give no callback
 * signature; newer integrations verify one with Shouqianba's RSA public key, so the emulator signs the raw
 * body with SHA256withRSA, base64, in the `Authorization` header, and publishes its public key.
 */

export const NOTIFY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 600_000];

interface Notification extends CallbackDelivery {
  readonly sn: string;
  /** Every attempt signed wrongly (`bad_signature` on the pay/precreate that made the order). */
  readonly badSignature: boolean;
}

/** One attempt, as `GET /_emulator/notifications` lists it. */
export interface NotificationRecord {
  readonly url: string;
  readonly sn: string;
  readonly attempt: number;
  readonly at: number;
  readonly badSignature: boolean;
  readonly status?: number;
  readonly answer?: string;
  readonly error?: string;
}

export class Notifier {
  readonly #scenarios: ScenarioQueue;
  readonly #sender: CallbackSender<Notification>;
  #keys?: { privateKey: KeyObject; publicPem: string };

  constructor(scenarios: ScenarioQueue, delays: readonly number[] = NOTIFY_DELAYS_MS) {
    this.#scenarios = scenarios;
    this.#sender = new CallbackSender<Notification>({
      firstDelayMs: delays[0] ?? 0,
      retryDelaysMs: delays.slice(1),
      keepAttempts: true,
      // Each attempt takes its own `notify` scenario, so one attempt can be signed wrongly and the next right.
      headers: (record, _attempt, entry) => {
        const scenario = this.#scenarios.take('notify');
        let signature = this.sign(record.body);
        if (record.badSignature || scenario?.fault === 'bad_signature') {
          entry.fault = 'bad_signature';
          signature = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
        }
        return { 'content-type': 'application/json', authorization: signature };
      },
      acknowledged: (_status, answer) => answer.trim() === 'success',
    });
  }

  /** PEM (SPKI) of the key notifications are signed with: the client's `sqb_public_key`. */
  publicKeyPem(): string {
    return this.#keyPair().publicPem;
  }

  sign(body: string | Buffer): string {
    return createSign('RSA-SHA256').update(body).sign(this.#keyPair().privateKey, 'base64');
  }

  /** Every attempt so far, in the order they were sent. */
  log(): readonly NotificationRecord[] {
    const attempts = this.#sender.deliveries().flatMap((delivery) =>
      (delivery.history ?? []).map((entry) => ({
        url: delivery.url,
        sn: delivery.sn,
        attempt: entry.attempt,
        at: entry.at,
        badSignature: entry.fault === 'bad_signature',
        ...(entry.status === undefined ? {} : { status: entry.status }),
        ...(entry.answer === undefined ? {} : { answer: entry.answer.slice(0, 200) }),
        ...(entry.error === undefined ? {} : { error: entry.error }),
      })),
    );
    return attempts.sort((a, b) => a.at - b.at);
  }

  /** Schedules the notification of a paid order. */
  notify(url: string, order: Json, badSignature: boolean): void {
    this.#sender.send({
      url,
      body: JSON.stringify(order),
      sn: String(order.sn),
      badSignature,
      attempts: 0,
      delivered: false,
    });
  }

  close(): Promise<void> {
    return this.#sender.close();
  }

  #keyPair(): { privateKey: KeyObject; publicPem: string } {
    if (this.#keys === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.#keys = { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    }
    return this.#keys;
  }
}
