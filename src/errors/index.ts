export { CATALOG, type UnifiedCode } from './catalog.js';
export {
  ALL_UPSTREAM_MAPPINGS,
  type CatalogEntry,
  catalogEntry,
  getDefinition,
  isUnifiedCode,
  listCatalog,
  lookupUpstream,
  mapUpstream,
  type ProviderCodeMapping,
  type UpstreamAlternative,
  type UpstreamLookup,
  type UpstreamRef,
} from './lookup.js';
export {
  type ChannelErrorDetail,
  isPolypayError,
  PolypayError,
  type PolypayErrorOptions,
} from './polypay-error.js';
export {
  type ErrorCategory,
  type ErrorDefinition,
  type LocalizedText,
  PROVIDERS,
  type Provider,
  type RetryStrategy,
  type UpstreamMapping,
} from './types.js';
