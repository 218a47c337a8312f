import {
  type CallbackDelivery,
  type CallbackMangle,
  CallbackSender,
  garbledBody,
} from '../../kit/emulator/index.js';
import type { VmpNotification } from './engine.js';

/**
 * Sends the emulator's notifications to the merchant's notify_url and retries until the merchant answers
 * `success` (reference §4: a JSON `{"return_code": "success", …}` or the bare word). The retry schedule
 * is not documented; this one (15 s, 1 min, 5 min, 30 min) is the reference's suggestion.
 */

export const NOTIFY_RETRY_DELAYS_MS = [15_000, 60_000, 300_000, 1_800_000] as const;

export type DeliveryRecord = CallbackDelivery;

export class VmpNotifier {
  readonly #sender = new CallbackSender<DeliveryRecord>({
    retryDelaysMs: NOTIFY_RETRY_DELAYS_MS,
    headers: () => ({ 'content-type': 'application/json;charset=UTF-8' }),
    acknowledged: (status, answer) => status === 200 && acknowledged(answer),
  });

  send(notification: VmpNotification, mangle: CallbackMangle): void {
    let body = JSON.stringify(notification.body);
    if (mangle === 'bad_signature') {
      body = JSON.stringify({ ...notification.body, sign: corruptSign(notification.body.sign ?? '') });
    } else if (mangle === 'garbled') {
      body = garbledBody(body);
    }
    this.#sender.send({ url: notification.url, body, attempts: 0, delivered: false });
  }

  deliveries(): readonly DeliveryRecord[] {
    return this.#sender.deliveries();
  }

  clear(): void {
    this.#sender.clear();
  }

  close(): Promise<void> {
    return this.#sender.close();
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
