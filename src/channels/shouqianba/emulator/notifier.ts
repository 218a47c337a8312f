import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { request } from 'undici';
import type { ScenarioQueue } from '../../kit/emulator/index.js';
import type { Json } from './wire.js';

/**
 * Payment notifications (pay.md, precreate.md): on payment success upay POSTs the order to `notify_url`
 * at 1 s, 5 s, 30 s and 600 s until the answer's body is `success`. The old docs give no callback
 * signature; newer integrations verify one with Shouqianba's RSA public key, so the emulator signs the raw
 * body with SHA256withRSA, base64, in the `Authorization` header, and publishes its public key.
 */

export const NOTIFY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 600_000];

export interface NotificationRecord {
  readonly url: string;
  readonly sn: string;
  readonly attempt: number;
  readonly at: number;
  readonly badSignature: boolean;
  status?: number;
  answer?: string;
  error?: string;
}

export class Notifier {
  readonly #delays: readonly number[];
  readonly #scenarios: ScenarioQueue;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #log: NotificationRecord[] = [];
  #keys?: { privateKey: KeyObject; publicPem: string };
  #closed = false;

  constructor(scenarios: ScenarioQueue, delays: readonly number[] = NOTIFY_DELAYS_MS) {
    this.#scenarios = scenarios;
    this.#delays = delays;
  }

  /** PEM (SPKI) of the key notifications are signed with: the client's `sqb_public_key`. */
  publicKeyPem(): string {
    return this.#keyPair().publicPem;
  }

  sign(body: string | Buffer): string {
    return createSign('RSA-SHA256').update(body).sign(this.#keyPair().privateKey, 'base64');
  }

  log(): readonly NotificationRecord[] {
    return this.#log;
  }

  /** Schedules the notification of a paid order. */
  notify(url: string, order: Json, badSignature: boolean): void {
    this.#schedule(url, order, 0, badSignature);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(url: string, order: Json, attempt: number, badSignature: boolean): void {
    const delay = this.#delays[attempt];
    if (delay === undefined || this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#send(url, order, attempt, badSignature);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }

  async #send(url: string, order: Json, attempt: number, badSignature: boolean): Promise<void> {
    const scenario = this.#scenarios.take('notify');
    const bad = badSignature || scenario?.fault === 'bad_signature';
    const body = JSON.stringify(order);
    let signature = this.sign(body);
    if (bad) signature = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const record: NotificationRecord = {
      url,
      sn: String(order.sn),
      attempt: attempt + 1,
      at: Date.now(),
      badSignature: bad,
    };
    this.#log.push(record);
    let delivered = false;
    try {
      const answer = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: signature },
        body,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      record.status = answer.statusCode;
      record.answer = (await answer.body.text()).slice(0, 200);
      delivered = record.answer.trim() === 'success';
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (!delivered) this.#schedule(url, order, attempt + 1, badSignature);
  }

  #keyPair(): { privateKey: KeyObject; publicPem: string } {
    if (this.#keys === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.#keys = { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    }
    return this.#keys;
  }
}
