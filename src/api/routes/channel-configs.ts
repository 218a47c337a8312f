import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  type ChannelConfigDeps,
  createChannelConfig,
  disableChannelConfig,
  listChannelConfigs,
  retrieveChannelConfig,
} from '../../services/channel-configs.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

const Names = <T extends TSchema>(description: string, item: T) =>
  Type.Array(item, { minItems: 1, maxItems: 32, description });

const ChannelConfigSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('channel_config'),
  app_id: Type.String(),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')], {
    description: "The app's mode: a test-mode app's configuration takes over from the sandbox",
  }),
  provider: Type.String(),
  channel: Type.String({ description: 'The channel name recorded on the charges it serves' }),
  payways: Type.Array(Type.String()),
  sub_payways: Type.Array(Type.String()),
  currencies: Type.Array(Type.String()),
  base_url: Type.String(),
  credentials_set: Type.Array(Type.String(), {
    description: 'Names of the credentials stored (encrypted); their values are never returned',
  }),
  notify_url: Type.String({ description: 'Where the provider sends notifications for this configuration' }),
  status: Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]),
  created_at: Type.Integer({ description: 'Epoch milliseconds' }),
  updated_at: Type.Integer({ description: 'Epoch milliseconds' }),
});

const CreateBody = Type.Object(
  {
    provider: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'shouqianba, eftpay, … (a provider whose connector this polypay has)',
    }),
    payways: Names(
      'Payways it serves (alipay, wechat, …), among those the provider supports',
      Type.String({ minLength: 1, maxLength: 32 }),
    ),
    sub_payways: Names(
      'barcode, qrcode and/or wap',
      Type.Union([Type.Literal('barcode'), Type.Literal('qrcode'), Type.Literal('wap')]),
    ),
    currencies: Names(
      'ISO currency codes it serves',
      Type.String({ minLength: 3, maxLength: 10, pattern: '^[A-Z0-9]+$' }),
    ),
    base_url: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: "The provider's API base URL; https for a live-mode app",
    }),
    credentials: Type.Record(Type.String({ maxLength: 64 }), Type.String({ minLength: 1, maxLength: 8192 }), {
      maxProperties: 32,
      description:
        "Exactly the provider's credential fields, named as the provider names them (Shouqianba " +
        'vendor_sn, vendor_key, app_id, code; EFTPay user_confirm_key, secret_code). Stored encrypted; ' +
        'never returned',
    }),
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

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;
const common = { tags: ['channel configurations'], security: [{ bearer: [] }] };

/**
 * The calling app's channel configurations: which provider serves which payway, sub_payway and currency,
 * with its credentials (encrypted at rest, never returned).
 */
export async function channelConfigRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  if (!ctx.channels || !ctx.charges) return;
  const deps: ChannelConfigDeps = {
    store: ctx.store,
    box: ctx.box,
    clock: ctx.clock,
    providers: ctx.channels.providers,
    publicUrl: ctx.charges.settings.publicUrl,
  };

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/channel_configs',
    {
      schema: {
        ...common,
        summary: 'Configure a provider for this app: new charges matching it go to the provider',
        description:
          'The newest enabled configuration that serves a charge’s payway, sub_payway and currency ' +
          'serves it. A test-mode app without one keeps the sandbox; a live-mode app without one is ' +
          'refused with payway_not_enabled.',
        body: CreateBody,
        response: { 200: envelope(ChannelConfigSchema), ...ERRORS },
      },
    },
    async (request) => ok(await createChannelConfig(deps, callerOf(request), request.body)),
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/channel_configs',
    {
      schema: {
        ...common,
        summary: 'List channel configurations, newest first',
        querystring: ListQuery,
        response: { 200: envelope(listOf(ChannelConfigSchema)), ...ERRORS },
      },
    },
    async (request) =>
      ok(
        await listChannelConfigs(deps, callerOf(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
        }),
      ),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/channel_configs/:id',
    {
      schema: {
        ...common,
        summary: 'Retrieve a channel configuration',
        params: IdParams,
        response: { 200: envelope(ChannelConfigSchema), ...ERRORS },
      },
    },
    async (request) => ok(await retrieveChannelConfig(deps, callerOf(request), request.params.id)),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/v1/channel_configs/:id/disable',
    {
      schema: {
        ...common,
        summary: 'Disable a channel configuration (its existing charges keep using it)',
        params: IdParams,
        response: { 200: envelope(ChannelConfigSchema), ...ERRORS },
      },
    },
    async (request) => ok(await disableChannelConfig(deps, callerOf(request), request.params.id)),
  );
}
