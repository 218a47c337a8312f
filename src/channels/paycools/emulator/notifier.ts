import {
  type CallbackDelivery,
  type CallbackMangle,
  CallbackSender,
  garbledBody,
} from '../../kit/emulator/index.js';
import type { PaycoolsNotification } from './engine.js';

/**
 * Sends signed callbacks to the merchant and retries until it answers `{"code": 1, …}` (reference §2). The
 * retry schedule is not documented [I]: 15 s, 1 min, 5 min, 30 min, 1 h (the reference's "5 tries over
 * about an hour").
 */

export const CALLBACK_RETRY_DELAYS_MS = [15_000, 60_000, 300_000, 1_800_000, 3_600_000] as const;

export interface CallbackRecord extends CallbackDelivery {
  readonly eventName: string;
}

export class PaycoolsNotifier {
  readonly #sender = new CallbackSender<CallbackRecord>({
    retryDelaysMs: CALLBACK_RETRY_DELAYS_MS,
    headers: () => ({ 'content-type': 'application/json' }),
    acknowledged: (status, answer) => status === 200 && acknowledged(answer),
  });

  send(notification: PaycoolsNotification, mangle: CallbackMangle): void {
    let body = JSON.stringify(notification.body);
    if (mangle === 'bad_signature')
      body = JSON.stringify({
        ...notification.body,
        sign: corruptSign(String(notification.body.sign ?? '')),
      });
    else if (mangle === 'garbled') body = garbledBody(body);
    this.#sender.send({
      url: notification.url,
      body,
      eventName: String(notification.body.eventName ?? ''),
      attempts: 0,
      delivered: false,
    });
  }

  deliveries(): readonly CallbackRecord[] {
    return this.#sender.deliveries();
  }

  /** Sends every undelivered callback again now (a test's "the retry came"). */
  retryNow(): number {
    return this.#sender.retryNow();
  }

  clear(): void {
    this.#sender.clear();
  }

  close(): Promise<void> {
    return this.#sender.close();
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
