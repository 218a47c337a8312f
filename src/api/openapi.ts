import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * OpenAPI conventions applied to every route mechanically, so routes added later get them too:
 * an `operationId` (from `config.operationId`, else derived from method and path) and a description on
 * each operation; named component schemas for resources (`object: "charge"` → `Charge`) and their lists;
 * plain enums and `nullable` instead of `anyOf`; the common request and response headers; every
 * error status an operation can answer.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The OpenAPI operationId of the route; derived from method and path when absent. */
    operationId?: string;
  }
}

type Json = Record<string, unknown>;
const ERROR_REF = { $ref: '#/components/schemas/ErrorEnvelope' };

const pascal = (words: string): string =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const camel = (words: string): string => {
  const p = pascal(words);
  return p[0]!.toLowerCase() + p.slice(1);
};
// Resource segments are plural; the words that are not keep their spelling.
const UNCOUNTED = new Set(['balance', 'settings', 'sandbox', 'metrics', 'health', 'fx', 'test']);
const singular = (word: string): string => {
  if (UNCOUNTED.has(word) || !word.endsWith('s')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.slice(0, -1);
};

/**
 * `POST /v1/charges` → createCharge, `GET /v1/charges` → listCharges, `GET /v1/charges/:id` →
 * retrieveCharge, `POST /v1/charges/:id/refunds` → createChargeRefund, `POST /v1/charges/:id/cancel`
 * → cancelCharge, `DELETE /v1/webhook_endpoints/:id` → deleteWebhookEndpoint.
 */
export function deriveOperationId(method: string, url: string): string {
  const segments = url
    .replace(/^\/v1\//, '/')
    .split('/')
    .filter(Boolean);
  const nouns: string[] = [];
  let endsWithParam = false;
  let action: string | undefined;
  segments.forEach((segment, i) => {
    const isParam = segment.startsWith(':') || segment.startsWith('{');
    endsWithParam = isParam;
    if (isParam) return;
    const next = segments[i + 1];
    const last = i === segments.length - 1;
    const isVerb =
      method === 'POST' && last && i > 0 && segmentIsParam(segments[i - 1]) && !segment.endsWith('s');
    if (isVerb) action = segment;
    else nouns.push(next !== undefined && !last ? singular(segment) : segment);
  });
  const lastNoun = nouns.at(-1) ?? 'root';
  const plural = !endsWithParam && lastNoun.endsWith('s') && !UNCOUNTED.has(lastNoun);
  let verb: string;
  if (action) verb = action;
  else if (method === 'GET') verb = plural ? 'list' : 'retrieve';
  else if (method === 'POST') verb = endsWithParam || !plural ? 'update' : 'create';
  else if (method === 'DELETE') verb = 'delete';
  else verb = method.toLowerCase();
  const noun = verb === 'list' ? nouns : [...nouns.slice(0, -1), singular(lastNoun)];
  return camel(`${verb} ${noun.join(' ')}`);
}

function segmentIsParam(segment: string | undefined): boolean {
  return segment !== undefined && (segment.startsWith(':') || segment.startsWith('{'));
}

export interface RouteEntry {
  readonly methods: readonly string[];
  readonly url: string;
  readonly hidden: boolean;
}
const routeLists = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route added to the app (for the test that each one is in the document). */
export function routesOf(app: FastifyInstance): readonly RouteEntry[] {
  return routeLists.get(app) ?? [];
}

/** Fills operationId and description on each route as it is added. */
export function registerOpenApiConventions(app: FastifyInstance): void {
  const seen = new Set<string>();
  const list: RouteEntry[] = [];
  routeLists.set(app, list);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = Boolean(route.schema && (route.schema as Json).hide);
    list.push({ methods, url: route.url, hidden });
    if (hidden) return;
    if (methods.includes('HEAD') && methods.length === 1) return;
    const schema = (route.schema ?? {}) as Json;
    const method = methods.find((m) => m !== 'HEAD') ?? 'GET';
    let operationId = (schema.operationId as string | undefined) ?? route.config?.operationId;
    operationId ??= deriveOperationId(method, route.url);
    // Two routes deriving one name (e.g. an alias path) still get distinct ids.
    for (let n = 2; seen.has(operationId); n++) operationId = `${operationId.replace(/\d+$/, '')}${n}`;
    seen.add(operationId);
    schema.operationId = operationId;
    schema.description ??= (schema.summary as string | undefined) ?? `${method} ${route.url}`;
    route.schema = schema;
  });
}

/** @fastify/swagger options: component names from `$id`, and the document rewritten by `finishDocument`. */
export const swaggerConventions = {
  refResolver: {
    buildLocalReference(json: Json, _baseUri: unknown, _fragment: unknown, i: number): string {
      return typeof json.$id === 'string' ? json.$id : `Schema${i}`;
    },
  },
  // Typed loosely: @fastify/swagger's document types are a union of Swagger 2 and OpenAPI 3.
  transformObject(document: object): never {
    return finishDocument((document as { openapiObject: Json }).openapiObject) as never;
  },
};

// ---- the document pass ----

/** `anyOf` of single-value enums → one enum; `anyOf [X, null]` → X nullable; patternProperties → map. */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = normalise(value);
  if ('const' in out) {
    out.enum = [out.const];
    delete out.const;
  }
  const variants = out.anyOf as Json[] | undefined;
  if (Array.isArray(variants)) {
    // A null beside a named object comes out of @fastify/swagger as `{ nullable, enum: [null] }`.
    const isNull = (v: Json) =>
      v.type === 'null' || (Array.isArray(v.enum) && v.enum.length === 1 && v.enum[0] === null);
    const nonNull = variants.filter((v) => !isNull(v));
    const hasNull = nonNull.length < variants.length;
    const allEnums =
      nonNull.length > 0 &&
      nonNull.every((v) => Array.isArray(v.enum) && v.type === nonNull[0]!.type && !v.$ref);
    let merged: Json | undefined;
    if (allEnums) {
      merged = { type: nonNull[0]!.type, enum: nonNull.flatMap((v) => v.enum as unknown[]) };
    } else if (nonNull.length === 1 && hasNull) {
      merged = nonNull[0]!.$ref ? { allOf: [nonNull[0]] } : { ...nonNull[0] };
    }
    if (merged) {
      delete out.anyOf;
      Object.assign(out, merged);
      if (hasNull) out.nullable = true;
    } else if (hasNull) {
      out.anyOf = nonNull;
      out.nullable = true;
    }
  }
  const patterns = out.patternProperties as Json | undefined;
  if (patterns) {
    const values = Object.values(patterns);
    if (values.length === 1) out.additionalProperties = values[0];
    delete out.patternProperties;
  }
  return out;
}

/** Moves every titled or resource schema (`object` fixed to one value) and its list into components. */
function hoist(node: unknown, components: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => hoist(n, components));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = hoist(value, components);
  const properties = out.properties as Json | undefined;
  // A schema may name itself with `title` (e.g. Type.Object({...}, { title: 'Event' })).
  if (out.type === 'object' && typeof out.title === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(out.title)) {
    // A nullable named object: the component itself is not nullable, the reference is.
    const { nullable, ...named } = out;
    const ref = nameSchema(out.title, named, components);
    return nullable === true ? { allOf: [ref], nullable: true } : ref;
  }
  const objectEnum = (properties?.object as Json | undefined)?.enum as unknown[] | undefined;
  if (out.type === 'object' && objectEnum?.length === 1 && typeof objectEnum[0] === 'string') {
    return nameSchema(pascal(objectEnum[0]), out, components);
  }
  const items = (properties?.items as Json | undefined)?.items as Json | undefined;
  if (out.type === 'object' && properties?.has_more && typeof items?.$ref === 'string') {
    return nameSchema(`${items.$ref.split('/').at(-1)}List`, out, components);
  }
  return out;
}

function nameSchema(base: string, schema: Json, components: Json): Json {
  const text = JSON.stringify(schema);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    const existing = components[name];
    if (existing === undefined) components[name] = schema;
    else if (JSON.stringify(existing) !== text) continue;
    return { $ref: `#/components/schemas/${name}` };
  }
}

const HEADER = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });
const RESPONSE_HEADERS = {
  'Request-Id': HEADER('Identifies the request; quote it when asking for help'),
};
const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid request (the field at fault is in `param`)',
  '401': 'Authentication failed',
  '403': 'Not permitted',
  '404': 'No such resource',
  '409': 'Conflicts with the state of the resource or with a concurrent request',
  '413': 'Request body too large',
  '415': 'Content-Type is not application/json',
  '429': 'Too many requests; wait `retry_after_ms`',
  '500': 'Internal error',
  '503': 'Temporarily unavailable; wait `retry_after_ms`',
};

function statusesFor(method: string, authenticated: boolean): string[] {
  const statuses = ['400', '404', '429', '500', '503'];
  if (authenticated) statuses.push('401', '403');
  if (method === 'post' || method === 'put' || method === 'patch') statuses.push('409', '413', '415');
  return statuses;
}

function finishDocument(doc: Json): Json {
  const components = (doc.components ?? {}) as Json;
  const schemas = normalise(components.schemas ?? {}) as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const op = hoist(normalise(operation), schemas) as Json;
      item[method] = finishOperation(path, method, op);
    }
  }
  for (const schema of Object.values(schemas)) delete (schema as Json).$id;
  schemas.WebhookEvent ??= webhookEventSchema(schemas);
  return { ...doc, components: { ...components, schemas } };
}

function finishOperation(path: string, method: string, op: Json): Json {
  const authenticated = Array.isArray(op.security) && op.security.length > 0;
  const parameters = ((op.parameters as Json[] | undefined) ?? []).slice();
  const header = (name: string, description: string) => {
    if (!parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === name.toLowerCase()))
      parameters.push({ in: 'header', name, required: false, description, schema: { type: 'string' } });
  };
  if (method === 'post' && authenticated) {
    header('Idempotency-Key', 'Makes the POST safe to retry: the same key answers the same result (24 h)');
  }
  if (authenticated) {
    header('X-Polypay-Timestamp', 'Request signing: unix seconds');
    header('X-Polypay-Nonce', 'Request signing: 8-64 characters of [A-Za-z0-9_-], used once');
    header(
      'X-Polypay-Signature',
      'Request signing: v1=<hex HMAC-SHA256 of "ts\\nnonce\\nMETHOD\\npath\\nsha256(body)">',
    );
  }
  header('Accept-Language', 'en (default) or zh: the language of error messages');
  const responses = { ...((op.responses as Record<string, Json> | undefined) ?? {}) };
  for (const status of statusesFor(method, authenticated)) {
    responses[status] ??= {
      description: ERROR_STATUSES[status]!,
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  for (const [status, response] of Object.entries(responses)) {
    const headers: Json = { ...RESPONSE_HEADERS, ...((response.headers as Json | undefined) ?? {}) };
    if (status === '429' || status === '503')
      headers['Retry-After'] = HEADER('Seconds to wait', { type: 'integer' });
    if (method === 'post' && status.startsWith('2')) {
      headers['Idempotent-Replayed'] = HEADER(
        '"true" when the answer is the stored one of an earlier request',
      );
    }
    const description =
      typeof response.description === 'string' && response.description !== 'Default Response'
        ? response.description
        : (ERROR_STATUSES[status] ?? 'Success');
    responses[status] = { ...response, description, headers };
  }
  return { ...op, parameters, responses, description: op.description ?? `${method.toUpperCase()} ${path}` };
}

/** The body of every webhook: an Event whose `data.object` is one of the resources. */
function webhookEventSchema(schemas: Json): Json {
  if (schemas.Event) return { $ref: '#/components/schemas/Event' };
  const resources = ['Charge', 'Refund'].filter((name) => schemas[name]);
  return {
    type: 'object',
    description: 'The body of every webhook, signed in the Polypay-Signature header',
    required: ['id', 'object', 'type', 'created', 'data'],
    properties: {
      id: { type: 'string' },
      object: { type: 'string', enum: ['event'] },
      type: { type: 'string', description: 'e.g. charge.succeeded, refund.succeeded' },
      created: { type: 'integer', description: 'Epoch milliseconds' },
      data: {
        type: 'object',
        required: ['object'],
        properties: {
          object: { oneOf: resources.map((name) => ({ $ref: `#/components/schemas/${name}` })) },
        },
      },
    },
  };
}
