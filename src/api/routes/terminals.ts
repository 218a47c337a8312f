import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import {
  activateTerminal,
  checkinTerminal,
  createStore,
  createTerminal,
  storesOfMode,
  toStoreView,
  toTerminalView,
} from '../../services/terminals.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' });
const StoreSchema = Type.Object({
  id: Type.String(),
  object: Type.Literal('store'),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')], {
    description: 'The mode of the key that created it; only keys of this mode see it and its terminals',
  }),
  name: Type.String(),
  daily_limit: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Type.Integer(),
});
const TerminalSchema = Type.Object({
  sn: Type.String(),
  object: Type.Literal('terminal'),
  store_id: Type.String(),
  device_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'inactive | active | disabled' }),
  activation_expires_at: Type.Union([Type.Integer(), Type.Null()]),
  key_rotated_at: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Type.Integer(),
});
const CreateStoreBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    daily_limit: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'Most the store may collect per local day, minor units',
      }),
    ),
  },
  { additionalProperties: false },
);
const CreateTerminalBody = Type.Object({ store_id: Id }, { additionalProperties: false });
const ActivateBody = Type.Object(
  {
    activation_code: Type.String({ minLength: 8, maxLength: 8, pattern: '^[0-9]+$' }),
    device_id: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
const CheckinBody = Type.Object(
  { terminal_key: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const SnParams = Type.Object({ sn: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9]+$' }) });
const KeyAnswer = Type.Object({
  terminal: TerminalSchema,
  terminal_key: Type.String({ description: 'Shown once' }),
});

/** Stores and terminals, with Shouqianba's activation (code → key) and daily check-in (key rotation). */
export async function terminalRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const security = [{ bearer: [] }];
  const deps = { store: ctx.store, box: ctx.box, clock: ctx.clock };
  const errors = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } };

  app.post<{ Body: Static<typeof CreateStoreBody> }>(
    '/v1/stores',
    {
      schema: {
        tags: ['terminals'],
        summary: 'Create a store',
        security,
        body: CreateStoreBody,
        response: { 200: envelope(StoreSchema), ...errors },
      },
    },
    async (request) => ok(toStoreView(await createStore(deps, callerOf(request), request.body))),
  );

  app.post<{ Body: Static<typeof CreateTerminalBody> }>(
    '/v1/terminals',
    {
      schema: {
        tags: ['terminals'],
        summary: 'Create a terminal of a store; answers its one-time activation code (valid 7 days)',
        security,
        body: CreateTerminalBody,
        response: {
          200: envelope(Type.Object({ terminal: TerminalSchema, activation_code: Type.String() })),
          ...errors,
        },
      },
    },
    async (request) => {
      const { terminal, activationCode } = await createTerminal(deps, callerOf(request), request.body);
      return ok({ terminal: toTerminalView(terminal), activation_code: activationCode });
    },
  );

  app.post<{ Body: Static<typeof ActivateBody> }>(
    '/v1/terminals/activate',
    {
      schema: {
        tags: ['terminals'],
        summary: 'Activate a terminal: activation code → terminal key',
        security,
        body: ActivateBody,
        response: { 200: envelope(KeyAnswer), ...errors },
      },
    },
    async (request) => {
      const { terminal, key } = await activateTerminal(deps, callerOf(request), request.body);
      return ok({ terminal: toTerminalView(terminal), terminal_key: key });
    },
  );

  app.post<{ Params: Static<typeof SnParams>; Body: Static<typeof CheckinBody> }>(
    '/v1/terminals/:sn/checkin',
    {
      schema: {
        tags: ['terminals'],
        summary: 'Daily check-in: prove the current key, get a new one (the old one stops working)',
        security,
        params: SnParams,
        body: CheckinBody,
        response: { 200: envelope(KeyAnswer), ...errors },
      },
    },
    async (request) => {
      const { terminal, key } = await checkinTerminal(
        deps,
        callerOf(request),
        request.params.sn,
        request.body,
      );
      return ok({ terminal: toTerminalView(terminal), terminal_key: key });
    },
  );

  app.get<{ Params: Static<typeof SnParams> }>(
    '/v1/terminals/:sn',
    {
      schema: {
        tags: ['terminals'],
        summary: 'Retrieve a terminal',
        security,
        params: SnParams,
        response: { 200: envelope(TerminalSchema), ...errors },
      },
    },
    async (request) => {
      const terminal = await ctx.store.db
        .selectFrom('terminals')
        .selectAll()
        .where('merchant_id', '=', callerOf(request).merchantId)
        .where('store_id', 'in', storesOfMode(ctx.store.db, request.auth!))
        .where('sn', '=', request.params.sn)
        .executeTakeFirst();
      if (!terminal) throw new PolypayError('terminal_not_found', { param: 'sn' });
      return ok(toTerminalView(terminal));
    },
  );
}
