/** The event types an endpoint may subscribe to; `*` subscribes to every type, present and future. */
export const WEBHOOK_EVENT_TYPES = [
  'charge.succeeded',
  'charge.failed',
  'charge.pending',
  'charge.canceled',
  'charge.closed',
  'charge.voided',
  'charge.reversal_pending',
  'charge.settled',
  'refund.succeeded',
  'refund.failed',
  'refund.pending',
  'refund.manual_intervention',
  'transfer.pending',
  'transfer.succeeded',
  'transfer.failed',
  'transfer.reversed',
  'red_envelope.pending',
  'red_envelope.succeeded',
  'red_envelope.failed',
  'red_envelope.reversed',
  'webhook_endpoint.paused',
  'agreement.created',
  'agreement.pending',
  'agreement.signed',
  'agreement.failed',
  'agreement.sign_expired',
  'agreement.suspended',
  'agreement.resumed',
  'agreement.unsigned',
  'agreement.expired',
  'agreement.updated',
  'deduction.succeeded',
  'deduction.failed',
  'deduction.refunded',
  'deduction_refund.pending',
  'deduction_refund.succeeded',
  'deduction_refund.failed',
  '*',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

export function isWebhookEventType(value: string): value is WebhookEventType {
  return KNOWN.has(value);
}

/** Whether an endpoint subscribed to `enabled` receives events of `type`. */
export function subscribesTo(enabled: readonly string[], type: string): boolean {
  return enabled.includes('*') || enabled.includes(type);
}
