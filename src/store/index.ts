export { combineStatements, type StatementPart } from './combined-statement.js';
export {
  dialectOf,
  inTransaction,
  isDeadlockVictim,
  isUniqueViolation,
  lockForUpdate,
  type StoreDialect,
} from './dialect.js';
export * from './keyset.js';
export { databaseHoldsSecrets, verifyMasterKey } from './master-key-check.js';
export { appliedMigrations, MIGRATIONS, migrateToLatest } from './migrations/index.js';
export { insertInChunks } from './multi-row.js';
export {
  DEFAULT_DATABASE_URL,
  type OpenStoreOptions,
  openStore,
  parseDatabaseUrl,
  redactDatabaseUrl,
  type Store,
  type StoreLocation,
} from './open-store.js';
export { precompiled, precompiledQuery } from './precompiled.js';
export {
  DEFAULT_READ_CACHE_TTL_MS,
  noteSettingsChanged,
  READ_CACHE_CAPACITY,
  ReadCache,
  type ReadCacheOptions,
} from './read-cache.js';
export { refusalReason } from './refusal.js';
export {
  type ActiveKey,
  API_KEY_PREFIX_LENGTH,
  type CreateApiKeyInput,
  createApiKey,
  findActiveKey,
  generateApiKey,
  hashApiKey,
  type RevokeKeyInput,
  type RollKeyInput,
  randomBase62,
  revokeKey,
  rollApiKey,
} from './repositories/api-keys.js';
export {
  type AppSettingsUpdate,
  appModeOf,
  getApp,
  type RollSigningSecretInput,
  rollSigningSecret,
  updateAppSettings,
} from './repositories/apps.js';
export * from './repositories/channel-configs.js';
export * from './repositories/charge-history.js';
export * from './repositories/charges.js';
export * from './repositories/daily-totals.js';
export {
  type BeginIdempotentRequestInput,
  beginIdempotentRequest,
  completeIdempotentRequest,
  completeIdempotentRequestQuery,
  type IdempotencyOutcome,
  purgeExpiredIdempotencyRecords,
  releaseIdempotentRequest,
} from './repositories/idempotency.js';
export {
  type CreatedMerchant,
  type CreateMerchantInput,
  countMerchants,
  createMerchantWithApp,
  getMerchant,
  setMerchantStatus,
} from './repositories/merchants.js';
export * from './repositories/new-charge.js';
export { claimNonceAndKey, type NonceAndKey, type NonceAndKeyClaim } from './repositories/nonce-and-key.js';
export { purgeExpiredNonces, type RecordNonceInput, recordNonce } from './repositories/nonces.js';
export * from './repositories/refunds.js';
export {
  type ActiveSession,
  type CreatedSession,
  createSession,
  endSession,
  findActiveSession,
  hashSessionToken,
  purgeEndedSessions,
} from './repositories/sessions.js';
export * from './repositories/transfers.js';
export type * from './schema.js';
export {
  DEFAULT_MASTER_KEY_FILE,
  parseMasterKey,
  SecretBox,
  type SecretBoxLoadOptions,
} from './secret-box.js';
export {
  type CountedStatement,
  countingDialect,
  StatementCounter,
} from './statement-counter.js';
