import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createWebhookEndpoint,
  DEFAULT_GRACE_PERIOD_SECONDS,
  deleteWebhookEndpoint,
  type EndpointOwner,
  findWebhookEndpoint,
  listWebhookEndpoints,
  MAX_GRACE_PERIOD_SECONDS,
  rotateWebhookEndpointSecret,
  toWebhookEndpointView,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
} from '../../services/webhooks/index.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const EndpointSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('webhook_endpoint'),
  url: Type.String(),
  enabled_events: Type.Array(Type.String()),
  format: Type.Union([Type.Literal('polypay'), Type.Literal('pingpp')], {
    description:
      'polypay: polypay events signed with Polypay-Signature; pingpp: Ping++ events signed with ' +
      'x-pingplusplus-signature (RSA-SHA256, the key GET /v1/app shows as pingpp_webhook_public_key)',
  }),
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled'), Type.Literal('paused')], {
    description:
      'paused: the gateway stopped deliveries after repeated timeouts (event webhook_endpoint.paused); ' +
      'set disabled to false to enable it again',
  }),
  pause_reason: Type.Union([Type.Literal('consecutive_timeouts'), Type.Null()]),
  paused_at: Type.Union([Type.Integer(), Type.Null()], { description: 'Epoch milliseconds' }),
  previous_secret_expires_at: Type.Union([Type.Integer(), Type.Null()], {
    description: 'While the rotated-out secret still signs alongside the new one: when it stops (epoch ms)',
  }),
  created_at: Type.Integer({ description: 'Epoch milliseconds' }),
  updated_at: Type.Integer({ description: 'Epoch milliseconds' }),
});

const EndpointWithSecretSchema = Type.Object({
  ...EndpointSchema.properties,
  secret: Type.String({ description: 'The signing secret (whsec_…); shown only in this answer' }),
});

const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description:
    'http or https; https for live-mode apps. The host must be a public address: loopback, private, ' +
    'link-local and reserved addresses are refused (private ones are allowed for test-mode apps only ' +
    'when the operator turns on POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS)',
});
const EnabledEvents = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  description: `Event types to receive (${WEBHOOK_EVENT_TYPES.join(', ')}); "*" for all`,
});

const Format = Type.Union([Type.Literal('polypay'), Type.Literal('pingpp')], {
  description:
    'What the endpoint receives: polypay events (default) or Ping++ events (docs/pingpp-migration.md)',
});
const CreateBody = Type.Object(
  { url: Url, enabled_events: EnabledEvents, format: Type.Optional(Format) },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    url: Type.Optional(Url),
    enabled_events: Type.Optional(EnabledEvents),
    format: Type.Optional(Format),
    disabled: Type.Optional(
      Type.Boolean({
        description: 'true stops deliveries to the endpoint; false enables it (also a paused one)',
      }),
    ),
  },
  { additionalProperties: false },
);
const RotateBody = Type.Object(
  {
    grace_period_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_GRACE_PERIOD_SECONDS,
        description: `How long the old secret keeps signing alongside the new one (default ${DEFAULT_GRACE_PERIOD_SECONDS})`,
      }),
    ),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    starting_after: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'next_cursor of a page' }),
    ),
  },
  { additionalProperties: false },
);

/** Every field of this body is optional, so no body at all means `{}` (not a 400 "body must be object"). */
async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;
const common = { tags: ['webhooks'], security: [{ bearer: [] }] };

function ownerOf(request: FastifyRequest): EndpointOwner {
  const auth = request.auth!;
  return { merchantId: auth.merchantId, appId: auth.appId, mode: auth.mode };
}

/** The calling app's webhook endpoints: where its events are POSTed, and the secrets that sign them. */
export async function webhookEndpointRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/webhook_endpoints',
    {
      schema: {
        ...common,
        summary:
          'Create a webhook endpoint (at most 16 per app); its signing secret is shown only in this answer',
        body: CreateBody,
        response: { 200: envelope(EndpointWithSecretSchema), ...ERRORS },
      },
    },
    async (request) => {
      const { endpoint, secret } = await createWebhookEndpoint(ctx, ownerOf(request), {
        url: request.body.url,
        enabledEvents: request.body.enabled_events,
        format: request.body.format,
      });
      return ok({ ...endpoint, secret });
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/webhook_endpoints',
    {
      schema: {
        ...common,
        summary: 'List webhook endpoints, newest first',
        querystring: ListQuery,
        response: { 200: envelope(listOf(EndpointSchema)), ...ERRORS },
      },
    },
    async (request) =>
      ok(
        await listWebhookEndpoints(ctx, ownerOf(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
        }),
      ),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        ...common,
        summary: 'Retrieve a webhook endpoint',
        params: IdParams,
        response: { 200: envelope(EndpointSchema), ...ERRORS },
      },
    },
    async (request) => {
      const row = await findWebhookEndpoint(ctx.store.db, ownerOf(request), request.params.id);
      return ok(toWebhookEndpointView(row, ctx.clock.now()));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        ...common,
        summary: 'Change the URL, the event types or the disabled flag of a webhook endpoint',
        params: IdParams,
        body: UpdateBody,
        response: { 200: envelope(EndpointSchema), ...ERRORS },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      return ok(
        await updateWebhookEndpoint(ctx, ownerOf(request), request.params.id, {
          url: body.url,
          enabledEvents: body.enabled_events,
          disabled: body.disabled,
          format: body.format,
        }),
      );
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/v1/webhook_endpoints/:id',
    {
      schema: {
        ...common,
        summary: 'Delete a webhook endpoint with its delivery history',
        params: IdParams,
        response: {
          200: envelope(
            Type.Object({
              id: Type.String(),
              object: Type.Literal('webhook_endpoint'),
              deleted: Type.Literal(true),
            }),
          ),
          ...ERRORS,
        },
      },
    },
    async (request) => ok(await deleteWebhookEndpoint(ctx, ownerOf(request), request.params.id)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RotateBody> }>(
    '/v1/webhook_endpoints/:id/rotate_secret',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        ...common,
        summary: 'Give the endpoint a new secret; the old one keeps signing alongside it for a grace period',
        params: IdParams,
        body: RotateBody,
        response: { 200: envelope(EndpointWithSecretSchema), ...ERRORS },
      },
    },
    async (request) => {
      const grace = request.body?.grace_period_seconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
      const { endpoint, secret } = await rotateWebhookEndpointSecret(
        ctx,
        ownerOf(request),
        request.params.id,
        grace,
      );
      return ok({ ...endpoint, secret });
    },
  );
}
