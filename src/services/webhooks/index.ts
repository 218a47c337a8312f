export { decodeCursor, encodeCursor, type ListPosition } from '../pagination.js';
export {
  attemptDelivery,
  DEFAULT_PAUSE_AFTER_TIMEOUTS,
  signingSecrets,
  type WebhookDeliveryDeps,
  webhookJobHandlers,
} from './delivery.js';
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  type EndpointOwner,
  findWebhookEndpoint,
  listWebhookEndpoints,
  MAX_ENDPOINTS_PER_APP,
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
  MAX_DELIVERIES_PER_EVENT,
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
export { DEFAULT_GRACE_PERIOD_SECONDS, MAX_GRACE_PERIOD_SECONDS } from './grace-period.js';
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
export {
  type AddressClass,
  addressAllowed,
  BlockedTargetError,
  classifyAddress,
  literalAddress,
  pinnedLookup,
  type Resolver,
  STRICT_TARGET_POLICY,
  type WebhookTargetPolicy,
} from './target-policy.js';
export {
  type AttemptErrorCategory,
  categorize,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_RESPONSE_BODY_CAP,
  WEBHOOK_USER_AGENT,
} from './webhook-post.js';
