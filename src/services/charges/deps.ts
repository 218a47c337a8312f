import type { ChannelRegistry } from '../../channels/port.js';
import type { SubPayway } from '../../domain/charge-state.js';
import type { Clock } from '../../domain/clock.js';
import { POLL_PLANS } from '../../domain/polling.js';
import type { Store } from '../../store/index.js';

export interface ChargeSettings {
  /** Our fee on each paid charge, in basis points (60 = 0.6%). */
  readonly feeBps: number;
  /** How long a payment may stay unconfirmed before it is reversed, per kind (Shouqianba: ~45 s). */
  readonly deadlineMs: Readonly<Record<SubPayway, number>>;
  /** Public base URL of the gateway, prefixed to the sandbox's relative pay URLs. */
  readonly publicUrl: string;
}

export const DEFAULT_CHARGE_SETTINGS: ChargeSettings = {
  feeBps: 60,
  deadlineMs: {
    barcode: POLL_PLANS.barcode.totalMs,
    qrcode: POLL_PLANS.qrcode.totalMs,
    wap: POLL_PLANS.wap.totalMs,
  },
  publicUrl: 'http://127.0.0.1:8080',
};

/** When a CREATED charge's payment window closes: its own expiry, else the deadline of its kind. */
export function payDeadline(
  settings: ChargeSettings,
  charge: { created_at: number; expires_at: number | null; sub_payway: string | null },
): number {
  return (
    charge.expires_at ??
    charge.created_at + settings.deadlineMs[(charge.sub_payway ?? 'barcode') as SubPayway]
  );
}

export interface ChargeDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly channels: ChannelRegistry;
  readonly settings: ChargeSettings;
}

export const CHARGE_RESOLVE_JOB = 'charge.resolve';
export const REFUND_RESOLVE_JOB = 'refund.resolve';
export const SETTLEMENT_JOB = 'settlement.run';
