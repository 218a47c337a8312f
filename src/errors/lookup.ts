import { BYBIT_ERROR_CODES } from '../channels/bybit/codes.js';
import { EFTPAY_ERROR_CODES } from '../channels/eftpay/codes.js';
import { PAYCOOLS_ERROR_CODES } from '../channels/paycools/codes.js';
import { SHOUQIANBA_ERROR_CODES } from '../channels/shouqianba/codes.js';
import { CATALOG, type UnifiedCode } from './catalog.js';
import type { ErrorCategory, ErrorDefinition, Provider, RetryStrategy, UpstreamMapping } from './types.js';
import { PROVIDERS } from './types.js';

/**
 * Reading the catalog: definitions by code, the public JSON form of an entry (DESIGN §2), and upstream
 * code → unified code. Every index is built once, when this module loads.
 */

/** An upstream row of a provider map, its unified code narrowed to the catalog's. */
export interface ProviderCodeMapping extends UpstreamMapping {
  readonly unified: UnifiedCode;
  /** The provider's symbolic name for the code, where it has one (Bybit `BALANCE_NOT_ENOUGH`). */
  readonly identifier?: string;
}

/** An upstream code as the public API shows it. */
export interface UpstreamRef {
  readonly provider: Provider;
  readonly code: string;
  readonly message: string;
}

/** A catalog entry in its public JSON form, as `GET /v1/errors/{code}` returns it. */
export interface CatalogEntry {
  readonly code: UnifiedCode;
  readonly http_status: number;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly retry_strategy: RetryStrategy;
  readonly next_action: string;
  readonly messages: { readonly en: string; readonly zh: string };
  readonly customer_message: { readonly en: string; readonly zh: string };
  readonly upstream: readonly UpstreamRef[];
}

/** Another row with the same upstream code (EFTPay `-99`), and where it leads. */
export interface UpstreamAlternative extends UpstreamRef {
  readonly unified: UnifiedCode;
}

export interface UpstreamLookup {
  readonly unified: CatalogEntry;
  readonly upstream: UpstreamRef;
  /** Present only when the provider has several rows with this code. */
  readonly alternatives?: readonly UpstreamAlternative[];
}

/** Every provider's rows, in PROVIDERS order, each provider's rows in its own order. */
export const ALL_UPSTREAM_MAPPINGS: readonly ProviderCodeMapping[] = [
  ...SHOUQIANBA_ERROR_CODES,
  ...EFTPAY_ERROR_CODES,
  ...BYBIT_ERROR_CODES,
  ...PAYCOOLS_ERROR_CODES,
];

const DEFINITIONS: ReadonlyMap<string, ErrorDefinition> = new Map(Object.entries(CATALOG));

/** provider → upstream code → rows (several only when the provider reuses a code). */
const BY_CODE = new Map<string, Map<string, ProviderCodeMapping[]>>();
/** provider → symbolic identifier → rows, for `failure_reason`-style values. */
const BY_IDENTIFIER = new Map<string, Map<string, ProviderCodeMapping[]>>();
/** unified code → the upstream rows that lead to it. */
const UPSTREAM_OF = new Map<string, UpstreamRef[]>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

for (const provider of PROVIDERS) {
  BY_CODE.set(provider, new Map());
  BY_IDENTIFIER.set(provider, new Map());
}
for (const row of ALL_UPSTREAM_MAPPINGS) {
  push(BY_CODE.get(row.provider)!, row.code, row);
  if (row.identifier !== undefined) push(BY_IDENTIFIER.get(row.provider)!, row.identifier, row);
  push(UPSTREAM_OF, row.unified, toRef(row));
}

const ENTRIES = new Map<string, CatalogEntry>();
for (const [code, definition] of Object.entries(CATALOG) as [UnifiedCode, ErrorDefinition][]) {
  ENTRIES.set(
    code,
    deepFreeze({
      code,
      http_status: definition.httpStatus,
      category: definition.category,
      retryable: definition.retryable,
      retry_strategy: definition.retryStrategy,
      next_action: definition.nextAction,
      messages: { en: definition.messages.en, zh: definition.messages.zh },
      customer_message: { en: definition.customerMessage.en, zh: definition.customerMessage.zh },
      upstream: UPSTREAM_OF.get(code) ?? [],
    }),
  );
}
const ENTRY_LIST: readonly CatalogEntry[] = Object.freeze([...ENTRIES.values()]);

function toRef(row: UpstreamMapping): UpstreamRef {
  return { provider: row.provider, code: row.code, message: row.message };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function isUnifiedCode(value: unknown): value is UnifiedCode {
  return typeof value === 'string' && DEFINITIONS.has(value);
}

/** The catalog's definition of a code; undefined for a string that is not a unified code. */
export function getDefinition(code: UnifiedCode): ErrorDefinition;
export function getDefinition(code: string): ErrorDefinition | undefined;
export function getDefinition(code: string): ErrorDefinition | undefined {
  return DEFINITIONS.get(code);
}

/** One entry in its public JSON form, with the upstream codes that map to it. */
export function catalogEntry(code: UnifiedCode): CatalogEntry;
export function catalogEntry(code: string): CatalogEntry | undefined;
export function catalogEntry(code: string): CatalogEntry | undefined {
  return ENTRIES.get(code);
}

/** Every entry, in the catalog's (sectioned) order. */
export function listCatalog(): readonly CatalogEntry[] {
  return ENTRY_LIST;
}

/** The rows of a provider for an upstream code, or for a symbolic identifier when no code matches. */
function rowsFor(provider: string, code: string): readonly ProviderCodeMapping[] | undefined {
  return BY_CODE.get(provider)?.get(code) ?? BY_IDENTIFIER.get(provider)?.get(code);
}

function pick(rows: readonly ProviderCodeMapping[], message: string | undefined): ProviderCodeMapping {
  if (message !== undefined && rows.length > 1) {
    const wanted = message.trim().toLowerCase();
    const match = rows.find((row) => row.message.toLowerCase() === wanted);
    if (match) return match;
  }
  return rows[0]!;
}

/**
 * The unified error an upstream code maps to. `code` is verbatim (Bybit's identifier, e.g.
 * `BALANCE_NOT_ENOUGH`, is accepted too). When the provider has several rows with that code, `message`
 * (compared case-insensitively) picks one, else the first wins, and `alternatives` lists the others.
 */
export function lookupUpstream(provider: string, code: string, message?: string): UpstreamLookup | undefined {
  const rows = rowsFor(provider, code);
  if (!rows || rows.length === 0) return undefined;
  const row = pick(rows, message);
  const unified = ENTRIES.get(row.unified)!;
  if (rows.length === 1) return { unified, upstream: toRef(row) };
  const alternatives = rows
    .filter((other) => other !== row)
    .map((other) => ({ ...toRef(other), unified: other.unified }));
  return { unified, upstream: toRef(row), alternatives };
}

/** The unified code of an upstream code (see lookupUpstream), or undefined when the code is unknown. */
export function mapUpstream(provider: string, code: string, message?: string): UnifiedCode | undefined {
  const rows = rowsFor(provider, code);
  return rows && rows.length > 0 ? pick(rows, message).unified : undefined;
}
