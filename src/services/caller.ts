import type { AppMode } from '../store/index.js';

/** Who a use case acts for: one app of one merchant (the API maps its authenticated key to this). */
export interface Caller {
  readonly merchantId: string;
  readonly appId: string;
  readonly mode: AppMode;
  /** IANA zone of the merchant's business day (void window, daily limits). */
  readonly timeZone: string;
}
