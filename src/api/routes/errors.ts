import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SANDBOX_OWN_ERRORS } from '../../channels/sandbox/scenarios.js';
import { catalogEntry, listCatalog, lookupUpstream } from '../../errors/lookup.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { PROVIDERS } from '../../errors/types.js';
import { ok } from '../envelope.js';
import { envelope, listOf } from '../schemas/common.js';

const Localized = Type.Object({ en: Type.String(), zh: Type.String() });
const UpstreamRef = Type.Object({ provider: Type.String(), code: Type.String(), message: Type.String() });
const CatalogEntrySchema = Type.Object(
  {
    code: Type.String(),
    http_status: Type.Integer(),
    category: Type.String(),
    retryable: Type.Boolean(),
    retry_strategy: Type.Union([Type.Literal('backoff'), Type.Literal('query_first'), Type.Literal('never')]),
    next_action: Type.String(),
    messages: Localized,
    customer_message: Localized,
    upstream: Type.Array(UpstreamRef),
  },
  { title: 'ErrorCode' },
);

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });
const LookupQuery = Type.Object(
  {
    provider: Type.Union(
      [...PROVIDERS, 'sandbox' as const].map((p) => Type.Literal(p)),
      { description: 'Upstream provider, or sandbox as `channel_error.provider` names it' },
    ),
    code: Type.String({ minLength: 1, maxLength: 64, description: 'Upstream code, verbatim' }),
    message: Type.Optional(
      Type.String({ maxLength: 256, description: 'Upstream message, to tell apart two rows with one code' }),
    ),
  },
  { additionalProperties: false },
);

/** The unified error catalog: public, no authentication. */
export async function errorRoutes(app: FastifyInstance): Promise<void> {
  const common = { config: { auth: 'none' as const } };
  app.get(
    '/v1/errors',
    {
      ...common,
      schema: {
        tags: ['errors'],
        summary: 'List every unified error code',
        response: { 200: envelope(listOf(CatalogEntrySchema)) },
      },
    },
    async () => ok({ items: listCatalog(), has_more: false, next_cursor: null }),
  );

  app.get<{ Querystring: Static<typeof LookupQuery> }>(
    '/v1/errors/lookup',
    {
      ...common,
      schema: {
        tags: ['errors'],
        summary: 'Find the unified error an upstream provider code maps to',
        querystring: LookupQuery,
        response: {
          200: envelope(
            Type.Object({
              unified: CatalogEntrySchema,
              upstream: UpstreamRef,
              alternatives: Type.Optional(Type.Array(UpstreamRef)),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { provider, code, message } = request.query;
      const found =
        provider === 'sandbox' ? lookupSandbox(code, message) : lookupUpstream(provider, code, message);
      if (!found) {
        throw new PolypayError('resource_not_found', {
          param: 'code',
          message: `No ${provider} code ${code} is known.`,
          messageZh: `未知的 ${provider} 错误码 ${code}`,
        });
      }
      return ok(found);
    },
  );

  app.get<{ Params: Static<typeof CodeParams> }>(
    '/v1/errors/:code',
    {
      ...common,
      schema: {
        tags: ['errors'],
        summary: 'Show one unified error code',
        params: CodeParams,
        response: { 200: envelope(CatalogEntrySchema) },
      },
    },
    async (request) => {
      const entry = catalogEntry(request.params.code);
      if (!entry) {
        throw new PolypayError('resource_not_found', {
          param: 'code',
          message: `No unified error code ${request.params.code}.`,
          messageZh: `统一错误码 ${request.params.code} 不存在`,
        });
      }
      return ok(entry);
    },
  );
}

/**
 * The sandbox answers with codes of its own and rows borrowed from the providers it imitates (Shouqianba
 * first); `channel_error.provider` says `sandbox` for all of them.
 */
function lookupSandbox(code: string, message: string | undefined) {
  const own = Object.values(SANDBOX_OWN_ERRORS).find((row) => row.code === code);
  if (own) {
    return {
      unified: catalogEntry(own.unified),
      upstream: { provider: 'sandbox', code: own.code, message: own.message },
    };
  }
  for (const provider of ['shouqianba', 'eftpay', 'paycools']) {
    const found = lookupUpstream(provider, code, message);
    if (found) return found;
  }
  return undefined;
}
