import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  getEvent,
  listEventDeliveries,
  listEvents,
  resendEvent,
  WEBHOOK_RESPONSE_BODY_CAP,
} from '../../services/webhooks/index.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const EventSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    created: Type.Integer({ description: 'Epoch milliseconds' }),
    data: Type.Object({ object: Type.Unknown() }),
  },
  { title: 'Event' },
);

const WebhookRequestSchema = Type.Object(
  {
    headers: Type.Record(Type.String(), Type.String()),
    body: Type.String({ description: 'The body exactly as sent' }),
  },
  { title: 'WebhookAttemptRequest', description: 'The request polypay sent (never the endpoint secret)' },
);

const WebhookResponseSchema = Type.Object(
  {
    status_code: Type.Integer(),
    headers: Type.Record(Type.String(), Type.String(), {
      description: 'At most 50 headers, each value cut to 256 characters',
    }),
    body: Type.String({
      description: `The first ${WEBHOOK_RESPONSE_BODY_CAP} bytes of the answer as text (invalid UTF-8 and NUL as U+FFFD)`,
    }),
    body_truncated: Type.Boolean({ description: 'Whether the answer was longer than what is kept' }),
  },
  { title: 'WebhookAttemptResponse', description: "The receiver's answer" },
);

const AttemptSchema = Type.Object(
  {
    attempt: Type.Integer(),
    status_code: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()], {
      description:
        'null on success; else "HTTP <status>" or a category: timeout, connection_refused, connection_reset, ' +
        'dns_error, tls_error, address_not_allowed, connection_error (never the socket error itself)',
    }),
    duration_ms: Type.Integer(),
    created: Type.Integer(),
    request: Type.Union([WebhookRequestSchema, Type.Null()], {
      description: 'What was sent; null on attempts recorded before requests were kept',
    }),
    response: Type.Union([WebhookResponseSchema, Type.Null()], {
      description: 'What the receiver answered; null when no answer came in time (see error)',
    }),
  },
  { title: 'WebhookAttempt' },
);

const DeliverySchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('webhook_delivery'),
  event_id: Type.String(),
  endpoint_id: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempt_count: Type.Integer(),
  next_attempt_at: Type.Union([Type.Integer(), Type.Null()]),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()], {
    description:
      'null on success; else "HTTP <status>" or a category: timeout, connection_refused, connection_reset, ' +
      'dns_error, tls_error, address_not_allowed, connection_error (never the socket error itself)',
  }),
  created: Type.Integer(),
  updated: Type.Integer(),
  attempts: Type.Array(AttemptSchema),
});

const ListQuery = Type.Object(
  {
    type: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Only events of this type' }),
    ),
    object_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Only events about this object (a charge, refund or payout id)',
      }),
    ),
    order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
      default: 'asc',
      description: 'asc: oldest first (to replay); desc: newest first',
    }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    starting_after: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ResendBody = Type.Object(
  {
    endpoint_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Only this endpoint (default: every subscribed one)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Every field of this body is optional, so no body at all means `{}` (not a 400 "body must be object"). */
async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;
const common = { tags: ['events'], security: [{ bearer: [] }] };

function ownerOf(request: FastifyRequest) {
  return { merchantId: request.auth!.merchantId, appId: request.auth!.appId };
}

/** The calling app's events, to rebuild state after downtime, and their webhook deliveries. */
export async function eventRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/events',
    {
      schema: {
        ...common,
        summary:
          'List events oldest first (or newest first with order=desc); keep next_cursor to continue later',
        querystring: ListQuery,
        response: { 200: envelope(listOf(EventSchema)), ...ERRORS },
      },
    },
    async (request) =>
      ok(
        await listEvents(ctx.store.db, ownerOf(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
          type: request.query.type,
          objectId: request.query.object_id,
          order: request.query.order,
        }),
      ),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/events/:id',
    {
      schema: {
        ...common,
        summary: 'Retrieve an event',
        params: IdParams,
        response: { 200: envelope(EventSchema), ...ERRORS },
      },
    },
    async (request) => ok(await getEvent(ctx.store.db, ownerOf(request), request.params.id)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ResendBody> }>(
    '/v1/events/:id/resend',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        ...common,
        summary: 'Deliver an event again, to one endpoint or to every subscribed one',
        params: IdParams,
        body: ResendBody,
        response: {
          200: envelope(Type.Object({ event_id: Type.String(), delivery_ids: Type.Array(Type.String()) })),
          ...ERRORS,
        },
      },
    },
    async (request) =>
      ok(await resendEvent(ctx, ownerOf(request), request.params.id, request.body?.endpoint_id)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/events/:id/deliveries',
    {
      schema: {
        ...common,
        summary: 'The webhook deliveries of an event, with every attempt',
        params: IdParams,
        response: { 200: envelope(listOf(DeliverySchema)), ...ERRORS },
      },
    },
    async (request) => {
      const items = await listEventDeliveries(ctx.store.db, ownerOf(request), request.params.id);
      return ok({ items, has_more: false, next_cursor: null });
    },
  );
}
