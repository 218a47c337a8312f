export { decodeCursor, encodeCursor, type ListPosition } from '../pagination.js';
export {
  attemptDelivery,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  signingSecrets,
  WEBHOOK_USER_AGENT,
  type WebhookDeliveryDeps,
  webhookJobHandlers,
} from './delivery.js';
export {
  createWebhookEndpoint,
  DEFAULT_GRACE_PERIOD_SECONDS,
  deleteWebhookEndpoint,
  type EndpointOwner,
  findWebhookEndpoint,
  listWebhookEndpoints,
  MAX_GRACE_PERIOD_SECONDS,
  newWebhookSecret,
  rotateWebhookEndpointSecret,
  toWebhookEndpointView,
  updateWebhookEndpoint,
  validateEnabledEvents,
  validateEndpointUrl,
  type WebhookEndpointView,
  type WebhookServiceDeps,
} from './endpoints.js';
export {
  findEvent,
  getEvent,
  listEventDeliveries,
  listEvents,
  resendEvent,
  type WebhookAttemptView,
  type WebhookDeliveryView,
} from './event-log.js';
export {
  isWebhookEventType,
  subscribesTo,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from './event-types.js';
export {
  nextWebhookAttemptAt,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_MIN_RETRY_WINDOW_MS,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_RETRY_JITTER,
  webhookRetryDelayMs,
} from './retry-schedule.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  signWebhookPayload,
  type VerifyWebhookInput,
  verifyWebhookSignature,
  type WebhookEvent,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './signature.js';
