import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { newId } from '../../domain/ids.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { notFound } from '../../services/not-found.js';
import {
  API_KEY_PREFIX_LENGTH,
  type ApiKey,
  createApiKey,
  revokeKey,
  rollApiKey,
} from '../../store/index.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const ApiKeySchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('api_key'),
  kind: Type.Union([Type.Literal('secret'), Type.Literal('restricted'), Type.Literal('operator')]),
  prefix: Type.String({ description: `The key's first ${API_KEY_PREFIX_LENGTH} characters, for display` }),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  created_at: Type.Integer({ description: 'Epoch milliseconds' }),
  revoked: Type.Union([Type.Integer(), Type.Null()]),
});

const ApiKeyWithSecretSchema = Type.Object({
  ...ApiKeySchema.properties,
  key: Type.String({ description: 'The key itself (rk_test_… or rk_live_…); shown only in this answer' }),
});

const CreateBody = Type.Object(
  {
    kind: Type.Literal('restricted', {
      description: 'restricted: may read (GET) everything of the app and change nothing',
    }),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function toView(row: ApiKey) {
  return {
    id: row.id,
    object: 'api_key' as const,
    kind: row.kind,
    prefix: row.key_prefix,
    status: row.status,
    created_at: row.created_at,
    revoked: row.revoked_at,
  };
}

const common = { tags: ['api keys'], security: [{ bearer: [] }] };
const RollBody = Type.Object(
  {
    overlap_seconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'How long the old key keeps working' }),
    ),
  },
  { additionalProperties: false },
);
const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;

/** The calling app's API keys: restricted (read-only) keys for dashboards and reporting. */
export async function apiKeyRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/api_keys',
    {
      schema: {
        ...common,
        summary: 'Create a restricted (read-only) key; the key is shown only in this answer',
        body: CreateBody,
        response: { 200: envelope(ApiKeyWithSecretSchema), ...ERRORS },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const id = newId('key');
      const key = await createApiKey(ctx.store.db, {
        id,
        merchantId: auth.merchantId,
        appId: auth.appId,
        kind: request.body.kind,
        mode: auth.mode,
        now: ctx.clock.now(),
      });
      const row = await ctx.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return ok({ ...toView(row), key });
    },
  );

  app.get(
    '/v1/api_keys',
    {
      schema: {
        ...common,
        summary: 'List the app’s API keys, newest first (never the keys themselves)',
        response: { 200: envelope(listOf(ApiKeySchema)), ...ERRORS },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const rows = await ctx.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('app_id', '=', auth.appId)
        .where('merchant_id', '=', auth.merchantId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return ok({ items: rows.map(toView), has_more: false, next_cursor: null });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/v1/api_keys/:id',
    {
      schema: {
        ...common,
        summary: 'Revoke a restricted key of the app',
        params: IdParams,
        response: { 200: envelope(ApiKeySchema), ...ERRORS },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const owned = await ctx.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('app_id', '=', auth.appId)
        .where('merchant_id', '=', auth.merchantId)
        .executeTakeFirst();
      if (!owned) {
        throw notFound('api_key', request.params.id);
      }
      // Secret keys are managed by the operator: an app revoking its own last secret key would lock itself out.
      if (owned.kind !== 'restricted') {
        throw new PolypayError('permission_denied', {
          param: 'id',
          message: 'Only restricted keys can be revoked through the API.',
          messageZh: '通过接口只能吊销受限密钥',
        });
      }
      await revokeKey(ctx.store.db, { keyId: owned.id, appId: auth.appId, now: ctx.clock.now() });
      const row = await ctx.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', owned.id)
        .executeTakeFirstOrThrow();
      return ok(toView(row));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RollBody> }>(
    '/v1/api_keys/:id/roll',
    {
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        ...common,
        summary:
          'Roll a key: a new key of the same kind (shown only in this answer); the old one keeps working ' +
          'for overlap_seconds (default 0: it stops now)',
        params: IdParams,
        body: Type.Optional(RollBody),
        response: { 200: envelope(ApiKeyWithSecretSchema), ...ERRORS },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const rolled = await rollApiKey(ctx.store.db, {
        keyId: request.params.id,
        overlapMs: (request.body?.overlap_seconds ?? 0) * 1000,
        now: ctx.clock.now(),
        appId: auth.appId,
        merchantId: auth.merchantId,
        kinds: ['secret', 'restricted'],
      });
      if (!rolled) {
        throw notFound('active_api_key', request.params.id);
      }
      const row = await ctx.store.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', rolled.id)
        .executeTakeFirstOrThrow();
      return ok({ ...toView(row), key: rolled.key });
    },
  );
}
