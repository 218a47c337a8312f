import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_REFUSAL_CODES } from '../domain/refusal.js';
import { CATALOG, type UnifiedCode } from './catalog.js';
import type { ErrorCategory, ErrorDefinition } from './types.js';

const FIXTURE = new URL('../../test/fixtures/seeds/codes.tsv', import.meta.url);
/** The shared seeds beside the repository root, when this checkout has them. */
const SHARED = new URL('../../../shared/seeds/codes.tsv', import.meta.url);

interface SeedRow {
  readonly seed: string;
  readonly provider: string;
  readonly kind: string;
  readonly code: string;
  readonly group: string;
  readonly message: string;
}

function readSeedRows(): SeedRow[] {
  const [header, ...lines] = readFileSync(FIXTURE, 'utf8').replace(/\n$/, '').split('\n');
  expect(header).toBe('seed\tprovider\tkind\tcode\tgroup\tmessage');
  return lines.map((line) => {
    const [seed = '', provider = '', kind = '', code = '', group = '', message = ''] = line.split('\t');
    return { seed, provider, kind, code, group, message };
  });
}

const rows = readSeedRows();
const entries = Object.entries(CATALOG) as [UnifiedCode, ErrorDefinition][];

/** The HTTP statuses each category may use (DESIGN §2: status by class). */
const STATUSES_BY_CATEGORY: Record<ErrorCategory, readonly number[]> = {
  invalid_request: [400, 413, 415],
  authentication: [401],
  permission: [403, 429],
  not_found: [404],
  idempotency: [400, 409],
  business: [402],
  channel: [402, 502, 503, 504],
  server: [500, 503],
};

describe('seed fixture', () => {
  it('is a byte-exact copy of the shared seeds, when they are beside the repository', () => {
    if (!existsSync(SHARED)) return;
    expect(readFileSync(FIXTURE).equals(readFileSync(SHARED))).toBe(true);
  });

  it('has the six columns on every line', () => {
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) expect(row.seed).toMatch(/^00[0-4]$/);
  });
});

describe('unified catalog', () => {
  it('keeps every seed-000 error code verbatim, with the seed’s Chinese text', () => {
    const seedCodes = rows.filter((r) => r.provider === 'aggregator' && r.kind === 'error');
    expect(seedCodes).toHaveLength(30);
    for (const row of seedCodes) {
      expect(CATALOG, row.code).toHaveProperty(row.code);
      expect(CATALOG[row.code as UnifiedCode].messages.zh, row.code).toBe(row.message);
    }
  });

  it('uses every error status of seed 000’s HTTP table', () => {
    const used = new Set(entries.map(([, d]) => d.httpStatus as number));
    const seedStatuses = rows.filter((r) => r.provider === 'aggregator' && r.kind === 'http_status');
    expect(seedStatuses.length).toBe(10);
    for (const row of seedStatuses) {
      const status = Number(row.code);
      if (status === 200) continue;
      expect(used.has(status), `HTTP ${status}`).toBe(true);
    }
  });

  it('has snake_case codes and complete, non-empty texts', () => {
    for (const [code, d] of entries) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(d.nextAction, code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      for (const text of [d.messages.en, d.messages.zh, d.customerMessage.en, d.customerMessage.zh]) {
        expect(text.trim().length, code).toBeGreaterThan(0);
      }
      expect(d.messages.en, code).toMatch(/^[A-Z].*\.$/);
      expect(d.messages.zh, code).toMatch(/\p{Script=Han}/u);
      expect(d.customerMessage.zh, code).toMatch(/\p{Script=Han}/u);
    }
  });

  it('is retryable exactly when it has a retry strategy', () => {
    for (const [code, d] of entries) {
      expect(d.retryable, code).toBe(d.retryStrategy !== 'never');
    }
  });

  it('puts each status in a category of its class', () => {
    for (const [code, d] of entries) {
      expect(STATUSES_BY_CATEGORY[d.category], `${code} ${d.category}`).toContain(d.httpStatus);
      if (d.httpStatus >= 500) expect(['server', 'channel'], code).toContain(d.category);
      else expect(d.category, code).not.toBe('server');
    }
  });

  it('gives the HTTP layer’s codes their fixed statuses', () => {
    const expected: Partial<Record<UnifiedCode, number>> = {
      invalid_params: 400,
      missing_param: 400,
      invalid_json: 400,
      invalid_amount: 400,
      amount_out_of_range: 400,
      request_too_large: 413,
      unsupported_media_type: 415,
      route_not_found: 404,
      resource_not_found: 404,
      missing_api_key: 401,
      invalid_api_key: 401,
      invalid_signature: 401,
      signature_required: 401,
      invalid_signature_format: 400,
      timestamp_expired: 401,
      nonce_replayed: 401,
      ip_not_allowed: 403,
      concurrency_limit_exceeded: 403,
      permission_denied: 403,
      resource_limit_exceeded: 403,
      rate_limit_exceeded: 429,
      idempotency_key_reused: 400,
      idempotency_request_in_progress: 409,
      internal_error: 500,
      service_unavailable: 503,
      charge_order_no_used: 402,
    };
    for (const [code, status] of Object.entries(expected) as [UnifiedCode, number][]) {
      expect(CATALOG[code].httpStatus, code).toBe(status);
    }
    expect(CATALOG.concurrency_limit_exceeded.retryStrategy).toBe('backoff');
    expect(CATALOG.idempotency_request_in_progress.retryStrategy).toBe('backoff');
    expect(CATALOG.internal_error.retryStrategy).toBe('backoff');
    expect(CATALOG.channel_connection_error.retryStrategy).toBe('query_first');
    expect(CATALOG.refund_pending.retryStrategy).toBe('query_first');
    expect(CATALOG.trade_processing.retryStrategy).toBe('query_first');
  });

  it('only 409 is idempotency_request_in_progress', () => {
    const conflicts = entries.filter(([, d]) => d.httpStatus === 409).map(([code]) => code);
    expect(conflicts).toEqual(['idempotency_request_in_progress']);
  });

  it('never gives two codes the same English message (a guard against duplicated meanings)', () => {
    const seen = new Map<string, string>();
    for (const [code, d] of entries) {
      const key = d.messages.en.toLowerCase();
      expect(seen.get(key), `${code} repeats ${seen.get(key)}`).toBeUndefined();
      seen.set(key, code);
    }
  });

  it('names every refusal of the domain layer', () => {
    for (const code of DOMAIN_REFUSAL_CODES) expect(CATALOG, code).toHaveProperty(code);
  });
});
