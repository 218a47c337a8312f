import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPI } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOperationId, routesOf } from '../../src/api/openapi.js';
import { startTestApi, type TestApi } from '../helpers/api.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  const out: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      if (METHODS.includes(method)) out.push({ path, method, op: op as Json });
    }
  }
  return out;
}

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit);
  else if (node !== null && typeof node === 'object') {
    visit(node as Json);
    for (const child of Object.values(node)) walk(child, visit);
  }
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let doc: Json;
  beforeAll(async () => {
    api = await startTestApi('sqlite');
    doc = (await api.request<Json>('GET', '/openapi.json', { key: null })).body;
  });
  afterAll(() => api?.close());

  it('passes an OpenAPI 3.0 validator', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as OpenAPI.Document)).resolves.toBeTruthy();
  });

  it('holds every route the server answers', () => {
    const missing: string[] = [];
    for (const route of routesOf(api.app)) {
      if (route.hidden || route.url.startsWith('/docs')) continue;
      const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      for (const method of route.methods) {
        if (method === 'HEAD') continue;
        const item = (doc.paths as Record<string, Json>)[path];
        if (!item?.[method.toLowerCase()]) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(operations(doc).length).toBeGreaterThan(20);
  });

  it('gives every operation a unique operationId and a description', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations(doc)) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(ids.has(op.operationId as string), `${op.operationId} twice`).toBe(false);
      ids.add(op.operationId as string);
      expect(typeof op.description === 'string' && op.description.length > 0, `${method} ${path}`).toBe(true);
    }
    expect(ids).toContain('createCharge');
    expect(ids).toContain('listCharges');
    expect(ids).toContain('retrieveCharge');
    expect(ids).toContain('createChargeRefund');
    expect(ids).toContain('cancelCharge');
  });

  it('names the resources as component schemas, with no anonymous def-N', () => {
    const schemas = Object.keys((doc.components as Json).schemas as Json);
    for (const name of [
      'Charge',
      'Refund',
      'Event',
      'BalanceTransaction',
      'WebhookEndpoint',
      'ErrorEnvelope',
    ]) {
      expect(schemas).toContain(name);
    }
    expect(schemas).toContain('WebhookEvent');
    expect(schemas.filter((name) => /^(def-|Schema)\d+$/.test(name))).toEqual([]);
    const create = (doc.paths as Record<string, Record<string, Json>>)['/v1/charges']!.post!;
    expect(JSON.stringify(create.responses)).toContain('#/components/schemas/Charge');
  });

  it('names agreement, deduction, refund and FX resources, and lists every status their routes answer', () => {
    const schemas = (doc.components as Json).schemas as Json;
    for (const name of ['Agreement', 'Deduction', 'DeductionRefund', 'FxQuote', 'DeductionRefundResponse'])
      expect(Object.keys(schemas)).toContain(name);
    const ops = operations(doc).filter(
      ({ path }) =>
        path.startsWith('/v1/agreements') ||
        path === '/v1/fx/quotes' ||
        path.startsWith('/v1/sandbox/agreements'),
    );
    expect(ops.length).toBeGreaterThanOrEqual(14);
    for (const { path, method, op } of ops) {
      const responses = op.responses as Record<string, Json>;
      for (const status of [
        '200',
        '400',
        '401',
        '402',
        '403',
        '404',
        '409',
        '429',
        '500',
        '502',
        '503',
        '504',
      ])
        expect(responses[status], `${method} ${path} ${status}`).toBeDefined();
      expect(JSON.stringify(responses['200']), `${method} ${path}`).toMatch(/#\/components\/schemas\/[A-Z]/);
    }
  });

  it('names timestamps the same way on every resource: *_at, integer epoch milliseconds', () => {
    // Events and their deliveries (and the deliveries' attempts) keep `created`, the webhook body's field (README "Conventions").
    const keepsCreated = new Set(['Event', 'WebhookDelivery', 'WebhookAttempt', 'WebhookEventPayload']);
    const offenders: string[] = [];
    for (const [name, schema] of Object.entries(
      (doc.components as { schemas: Record<string, Json> }).schemas,
    )) {
      walk(schema, (node) => {
        for (const [field, value] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
          const timeLike = /_at$/.test(field) || field === 'created' || field === 'updated';
          if (!timeLike) continue;
          if ((field === 'created' || field === 'updated') && !keepsCreated.has(name))
            offenders.push(`${name}.${field}`);
          if (value.type !== 'integer') offenders.push(`${name}.${field}: ${JSON.stringify(value)}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it('writes enums plainly and nullability as nullable (no anyOf of constants, no type null)', () => {
    const offenders: string[] = [];
    walk(doc, (node) => {
      if (node.type === 'null' || 'const' in node || 'patternProperties' in node)
        offenders.push(JSON.stringify(node));
      const variants = node.anyOf as Json[] | undefined;
      if (variants?.every((v) => Array.isArray(v.enum))) offenders.push(JSON.stringify(node));
    });
    expect(offenders).toEqual([]);
    const listCharges = (doc.paths as Record<string, Record<string, Json>>)['/v1/charges']!.get!;
    const status = (listCharges.parameters as Json[]).find((p) => p.name === 'status')!;
    expect((status.schema as Json).enum).toContain('PAID');
  });

  it('documents the common headers and every error status', () => {
    for (const { path, method, op } of operations(doc)) {
      const responses = op.responses as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        expect((response.headers as Json)['Request-Id'], `${method} ${path} ${status}`).toBeDefined();
      }
      for (const status of ['400', '404', '429', '500', '503'])
        expect(responses[status], `${method} ${path}`).toBeDefined();
      expect((responses['503']!.headers as Json)['Retry-After']).toBeDefined();
      const headers = ((op.parameters as Json[] | undefined) ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      if (op.security && path.startsWith('/v1/') && method === 'post') {
        expect(headers, `${method} ${path}`).toContain('Idempotency-Key');
        expect(headers).toContain('X-Polypay-Signature');
        for (const status of ['401', '409', '413', '415'])
          expect(responses[status], `${method} ${path}`).toBeDefined();
        const ok = Object.keys(responses).find((s) => s.startsWith('2'))!;
        expect((responses[ok]!.headers as Json)['Idempotent-Replayed']).toBeDefined();
      }
    }
    const catalog = (doc.paths as Record<string, Record<string, Json>>)['/v1/errors/{code}']!.get!;
    expect(Object.keys(catalog.responses as Json)).toEqual(expect.arrayContaining(['400', '404']));
  });
});

describe('deriveOperationId', () => {
  it('names operations the way Stripe-style clients expect', () => {
    expect(deriveOperationId('POST', '/v1/charges')).toBe('createCharge');
    expect(deriveOperationId('GET', '/v1/charges')).toBe('listCharges');
    expect(deriveOperationId('GET', '/v1/charges/:id')).toBe('retrieveCharge');
    expect(deriveOperationId('POST', '/v1/charges/:id/void')).toBe('voidCharge');
    expect(deriveOperationId('POST', '/v1/charges/:id/refunds')).toBe('createChargeRefund');
    expect(deriveOperationId('GET', '/v1/charges/:id/refunds')).toBe('listChargeRefunds');
    expect(deriveOperationId('DELETE', '/v1/webhook_endpoints/:id')).toBe('deleteWebhookEndpoint');
    expect(deriveOperationId('POST', '/v1/webhook_endpoints/:id')).toBe('updateWebhookEndpoint');
    expect(deriveOperationId('GET', '/v1/balance')).toBe('retrieveBalance');
    expect(deriveOperationId('POST', '/v1/transfers')).toBe('createTransfer');
    expect(deriveOperationId('POST', '/v1/fx/quotes')).toBe('createFxQuote');
  });
});
