const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Wait before attempt n+2 after attempt n+1 failed: 10 s, 30 s, 1 m, 5 m, 15 m, 30 m, 1 h, 2 h, 4 h, 8 h,
 * 12 h, 12 h. 13 attempts spread over about 40 h (36 h at the least with jitter).
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  12 * HOUR,
  12 * HOUR,
];

export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** A delivery is never given up before this long after it was scheduled (DESIGN §2: at least 24 h). */
export const WEBHOOK_MIN_RETRY_WINDOW_MS = 24 * HOUR;

/** Each delay is stretched or shrunk by up to this fraction, so that retries of many deliveries spread out. */
export const WEBHOOK_RETRY_JITTER = 0.1;

/** The delay after the given failed attempt (1-based), with jitter from `random` in [0, 1). */
export function webhookRetryDelayMs(failedAttempt: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(failedAttempt, 1), WEBHOOK_RETRY_DELAYS_MS.length) - 1;
  const base = WEBHOOK_RETRY_DELAYS_MS[index] ?? 12 * HOUR;
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  const factor = 1 - WEBHOOK_RETRY_JITTER + 2 * WEBHOOK_RETRY_JITTER * unit;
  return Math.round(base * factor);
}

/**
 * When to try again after `attemptsMade` failed attempts of a delivery scheduled at `scheduledAt`, or
 * null to give up. Gives up only once the schedule is exhausted AND the 24 h window has passed.
 */
export function nextWebhookAttemptAt(
  attemptsMade: number,
  scheduledAt: number,
  now: number,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= WEBHOOK_MAX_ATTEMPTS && now - scheduledAt >= WEBHOOK_MIN_RETRY_WINDOW_MS) return null;
  return now + webhookRetryDelayMs(attemptsMade, random);
}
