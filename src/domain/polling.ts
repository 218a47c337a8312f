import type { SubPayway } from './charge-state.js';

/**
 * How long to keep querying a charge whose payment is in progress, per Shouqianba's documented polling
 * rules (§5.4): barcode every 3–5 s for 40–50 s (the buyer has ~40 s to confirm); QR every 2 s for the
 * first 30 s then every 5 s, ~240 s in all (the QR code lives ~4 min); WAP the same pace for ~120 s.
 * When the window is over the outcome is still unknown and the charge must be reversed (cancel).
 */
export interface PollPlan {
  readonly fastIntervalMs: number;
  readonly fastPhaseMs: number;
  readonly slowIntervalMs: number;
  readonly totalMs: number;
}

export const POLL_PLANS: Readonly<Record<SubPayway, PollPlan>> = {
  barcode: { fastIntervalMs: 3_000, fastPhaseMs: 45_000, slowIntervalMs: 3_000, totalMs: 45_000 },
  qrcode: { fastIntervalMs: 2_000, fastPhaseMs: 30_000, slowIntervalMs: 5_000, totalMs: 240_000 },
  wap: { fastIntervalMs: 2_000, fastPhaseMs: 30_000, slowIntervalMs: 5_000, totalMs: 120_000 },
};

/** Past its plan's window, a charge the merchant keeps open longer (its own expiry) is asked this often. */
export const LONG_WINDOW_INTERVAL_MS = 30_000;

/**
 * Delay before the next query, `elapsedMs` after the pay call; null once the window is over (→ reverse).
 * The window is the plan's, or `windowMs` when the charge has an expiry of its own.
 */
export function nextPollDelay(
  subPayway: SubPayway,
  elapsedMs: number,
  windowMs: number = POLL_PLANS[subPayway].totalMs,
): number | null {
  const plan = POLL_PLANS[subPayway];
  const remaining = windowMs - elapsedMs;
  if (remaining <= 0) return null;
  const interval =
    elapsedMs < plan.fastPhaseMs
      ? plan.fastIntervalMs
      : elapsedMs < plan.totalMs
        ? plan.slowIntervalMs
        : LONG_WINDOW_INTERVAL_MS;
  return Math.min(interval, remaining);
}
