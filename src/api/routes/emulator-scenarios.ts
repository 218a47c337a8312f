import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EMULATORS } from '../../channels/emulators.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { callerOf } from '../caller.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope, listOf } from '../schemas/common.js';

/** Where the gateway mounts the emulators (src/channels/emulators.ts). */
const PREFIX = '/_emulators';

const ScenarioSchema = Type.Object({
  id: Type.String(),
  operation: Type.Optional(Type.String()),
  fault: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  delay_ms: Type.Optional(Type.Integer()),
  applied: Type.Optional(Type.Boolean()),
  remaining: Type.Integer({ description: 'Calls that will still take it' }),
});

export const EmulatorScenariosSchema = Type.Object(
  {
    object: Type.Literal('emulator_scenarios'),
    provider: Type.String(),
    scenarios: Type.Array(ScenarioSchema, { description: 'Queued, first taken first' }),
  },
  { $id: 'EmulatorScenarios', description: 'The scenarios queued on one mounted provider emulator' },
);
const Ref = Type.Unsafe<Static<typeof EmulatorScenariosSchema>>({ $ref: 'EmulatorScenarios#' });

const Provider = Type.Union(
  Object.keys(EMULATORS).map((p) => Type.Literal(p)),
  { description: 'A provider whose emulator the gateway mounts' },
);
const ProviderParams = Type.Object({ provider: Provider });
const QueueBody = Type.Object(
  {
    operation: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Only calls of this operation take it' }),
    ),
    fault: Type.Optional(
      Type.Union(['timeout', 'reset', 'http_500', 'garbled', 'bad_signature'].map((f) => Type.Literal(f))),
    ),
    code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Answer this upstream code' }),
    ),
    delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    times: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'Calls that take it (default 1)' }),
    ),
    applied: Type.Optional(
      Type.Boolean({ description: 'Whether the operation takes effect before a fault hides its answer' }),
    ),
  },
  { additionalProperties: false },
);

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;
const common = { tags: ['sandbox'], security: [{ bearer: [] }] };

function testModeOnly(request: FastifyRequest): void {
  if (callerOf(request).mode !== 'test') {
    throw new PolypayError('permission_denied', {
      message: 'The emulators’ scenarios are for test mode only (sk_test_ keys).',
      messageZh: '模拟器场景仅用于测试模式（sk_test_ 密钥）',
    });
  }
}

/**
 * Test mode: the scenario controls of the emulators the gateway mounts (`POST /_emulator/scenarios` of
 * each), for the dashboard, which speaks only to this API. The emulators belong to the process: a
 * scenario queued here is taken by the next matching call of any test-mode app that uses that emulator.
 * (EmulatorScenariosSchema is added to the app beside the other shared schemas.)
 */
export async function emulatorScenarioRoutes(app: FastifyInstance): Promise<void> {
  /** Asks a mounted emulator's control route; undefined when that emulator is not mounted. */
  async function control(method: 'GET' | 'POST' | 'DELETE', provider: string, payload?: unknown) {
    const response = await app.inject({
      method,
      url: `${PREFIX}/${provider}/_emulator/scenarios`,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    if (response.statusCode === 404) return undefined;
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  }

  async function scenariosOf(provider: string) {
    const answer = await control('GET', provider);
    if (!answer) return undefined;
    return {
      object: 'emulator_scenarios' as const,
      provider,
      scenarios: answer.body.scenarios as Static<typeof ScenarioSchema>[],
    };
  }

  const notMounted = (provider: string) =>
    new PolypayError('resource_not_found', {
      param: 'provider',
      message: `The ${provider} emulator is not mounted (start the gateway with its emulators).`,
      messageZh: `${provider} 模拟器未挂载（请带模拟器启动网关）`,
    });

  app.get(
    '/v1/test/emulator_scenarios',
    {
      config: { operationId: 'listEmulatorScenarios' },
      schema: {
        ...common,
        summary: 'Test mode: the scenarios queued on each mounted provider emulator',
        response: { 200: envelope(listOf(Ref)), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request) => {
      testModeOnly(request);
      const items = [];
      for (const provider of Object.keys(EMULATORS)) {
        const found = await scenariosOf(provider);
        if (found) items.push(found);
      }
      return ok({ items, has_more: false, next_cursor: null });
    },
  );

  app.post<{ Params: Static<typeof ProviderParams>; Body: Static<typeof QueueBody> }>(
    '/v1/test/emulator_scenarios/:provider',
    {
      config: { operationId: 'createEmulatorScenario' },
      schema: {
        ...common,
        summary:
          'Test mode: queue the next answer or fault of a mounted provider emulator (a fault, a delay or an ' +
          'upstream code, for one operation or the next call)',
        params: ProviderParams,
        body: QueueBody,
        response: { 200: envelope(Ref), ...ERRORS },
      },
    },
    async (request) => {
      testModeOnly(request);
      const { provider } = request.params;
      const answer = await control('POST', provider, request.body);
      if (!answer) throw notMounted(provider);
      if (answer.status !== 200) {
        // The emulator judges the scenario (e.g. a code the provider does not define for the operation).
        throw new PolypayError('invalid_params', {
          param: String(answer.body.field ?? 'body'),
          message: String(answer.body.error ?? 'The emulator refused the scenario.'),
        });
      }
      return ok((await scenariosOf(provider))!);
    },
  );

  app.delete<{ Params: Static<typeof ProviderParams> }>(
    '/v1/test/emulator_scenarios/:provider',
    {
      config: { operationId: 'deleteEmulatorScenarios' },
      schema: {
        ...common,
        summary: 'Test mode: clear the scenarios queued on a mounted provider emulator',
        params: ProviderParams,
        response: { 200: envelope(Ref), ...ERRORS },
      },
    },
    async (request) => {
      testModeOnly(request);
      const { provider } = request.params;
      if (!(await control('DELETE', provider))) throw notMounted(provider);
      return ok((await scenariosOf(provider))!);
    },
  );
}
