import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Clock } from '../../../domain/clock.js';
import { EmulatorClock } from './clock.js';
import {
  parseScenario,
  type Scenario,
  type ScenarioCheck,
  ScenarioError,
  ScenarioQueue,
} from './scenarios.js';

/**
 * The scaffold every provider emulator is built on: a Fastify plugin that reads every body as raw bytes
 * (signatures are over them; any Content-Type, any case, with a charset or none), the scenario control
 * (`/_emulator/scenarios`), a clock tests can move (`/_emulator/clock`), and `operation()` routes that
 * apply queued faults around the provider's handler.
 */

export interface EmulatorOptions {
  /** The real-time base of the emulator clock (default Date.now). */
  readonly clock?: Clock;
  /** Largest body accepted, in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
}

/** What an emulator is: its routes as a plugin, its state, and the credentials a client needs. */
export interface Emulator {
  readonly provider: string;
  readonly clock: EmulatorClock;
  readonly scenarios: ScenarioQueue;
  /** Registers the provider's routes and the /_emulator control routes (mount it under any prefix). */
  readonly plugin: FastifyPluginAsync;
  /** Credentials a new client needs, named as the provider names them (may issue fresh ones each call). */
  credentials(): Readonly<Record<string, string>>;
  /** Drops held connections and pending timers. */
  close(): Promise<void>;
}

export interface EmulatorFactory {
  readonly provider: string;
  create(options?: EmulatorOptions): Emulator;
}

/** A provider call as its handler sees it. */
export interface EmulatorCall {
  readonly request: FastifyRequest;
  /** The body exactly as received. */
  readonly raw: Buffer;
  /** The upstream code a scenario asked this call to answer, for the handler to apply. */
  readonly code?: string;
  /** A bad_signature scenario: sign this answer (or its notification) wrongly. */
  readonly badSignature: boolean;
}

export interface EmulatorAnswer {
  readonly status?: number;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export interface EmulatorSpec {
  readonly provider: string;
  /** Operation names scenarios may filter on. */
  readonly operations: readonly string[];
  /** The provider's judgement of a scenario code: undefined if it can answer it, else why not. */
  readonly checkCode: ScenarioCheck;
  /** Routes of the provider; `kit.operation` for calls that scenarios can reach. */
  routes(app: FastifyInstance, kit: EmulatorKit): void;
  /** What time decides (expiries, settlements and the callbacks they cause), run while mounted. */
  readonly settle?: { readonly everyMs: number; run(): void };
  /** The callbacks sent so far, as `GET /_emulator/notifications` lists them. */
  notifications?(): readonly unknown[];
  /** Forgets the provider's records and callbacks (`DELETE /_emulator/state`). */
  reset?(): void;
  /** Provider state cleanup on close. */
  close?(): Promise<void> | void;
}

export interface EmulatorKit {
  readonly clock: EmulatorClock;
  readonly scenarios: ScenarioQueue;
  /** A provider route scenarios can reach (POST unless `method` says GET, for providers that query by GET). */
  operation(
    path: string,
    operation: string,
    handler: (call: EmulatorCall) => Promise<EmulatorAnswer>,
    method?: 'GET' | 'POST',
  ): void;
}

/** Longest a `timeout` fault holds a connection before dropping it. */
const HOLD_MAX_MS = 120_000;

/** Builds the Emulator of a spec: state, scenario queue, clock, and the plugin that serves them. */
export function buildEmulator(
  spec: EmulatorSpec,
  options: EmulatorOptions,
  credentials: () => Readonly<Record<string, string>>,
  clock = new EmulatorClock(options.clock),
): Emulator {
  const scenarios = new ScenarioQueue();
  const held = new Set<FastifyRequest>();
  let ticker: NodeJS.Timeout | undefined;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;

  const plugin: FastifyPluginAsync = async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
      done(null, body);
    });
    app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      void reply.code(status).type('application/json').send({ error: error.message });
    });
    app.addHook('onClose', async () => {
      dropHeld(held);
    });
    const hidden = { schema: { hide: true } };

    app.get('/_emulator/scenarios', hidden, async () => ({ scenarios: scenarios.list() }));
    app.delete('/_emulator/scenarios', hidden, async () => ({ cleared: scenarios.clear() }));
    app.post('/_emulator/scenarios', hidden, async (request, reply) => {
      const parsed = parseControlBody(request.body);
      if (parsed === undefined) return reply.code(400).send({ error: 'body is not JSON', field: 'body' });
      const inputs = Array.isArray(parsed)
        ? parsed
        : typeof parsed === 'object' &&
            parsed !== null &&
            Array.isArray((parsed as { scenarios?: unknown }).scenarios)
          ? (parsed as { scenarios: unknown[] }).scenarios
          : [parsed];
      try {
        const checked = inputs.map((input) => parseScenario(input, spec.operations, spec.checkCode));
        return { scenarios: checked.map((input) => scenarios.add(input)) };
      } catch (error) {
        if (error instanceof ScenarioError)
          return reply.code(400).send({ error: error.message, field: error.field });
        throw error;
      }
    });
    app.get('/_emulator/clock', hidden, async () => clockView(clock));
    app.post('/_emulator/clock', hidden, async (request, reply) => {
      const body = parseControlBody(request.body) as { advance_ms?: unknown; now?: unknown } | undefined;
      if (body !== undefined && Number.isInteger(body.advance_ms)) clock.advance(body.advance_ms as number);
      else if (body !== undefined && Number.isInteger(body.now)) clock.set(body.now as number);
      else if (body !== undefined && body.now === null) clock.reset();
      else
        return reply
          .code(400)
          .send({ error: 'give {"advance_ms": int} or {"now": epoch ms}', field: 'body' });
      return clockView(clock);
    });

    const bound: EmulatorKit = {
      clock,
      scenarios,
      operation(path, operation, handler, method = 'POST') {
        app.route({
          method,
          url: path,
          ...hidden,
          handler: async (request, reply) => {
            const scenario = scenarios.take(operation);
            return run(request, reply, scenario, handler, held);
          },
        });
      },
    };
    spec.routes(app, bound);
    const { notifications, reset, settle } = spec;
    if (notifications)
      app.get('/_emulator/notifications', hidden, async () => ({ notifications: notifications() }));
    if (reset)
      app.delete('/_emulator/state', hidden, async () => {
        reset();
        return { cleared: true };
      });
    if (settle && ticker === undefined) {
      ticker = setInterval(() => settle.run(), settle.everyMs);
      ticker.unref();
    }
  };
  return {
    provider: spec.provider,
    clock,
    scenarios,
    plugin,
    credentials,
    async close() {
      if (ticker) clearInterval(ticker);
      dropHeld(held);
      await spec.close?.();
    },
  };
}

async function run(
  request: FastifyRequest,
  reply: FastifyReply,
  scenario: Scenario | undefined,
  handler: (call: EmulatorCall) => Promise<EmulatorAnswer>,
  held: Set<FastifyRequest>,
): Promise<FastifyReply | undefined> {
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (scenario?.delay_ms !== undefined) await sleep(scenario.delay_ms);
  const fault = scenario?.fault;
  const applied = scenario?.applied ?? true;
  let answer: EmulatorAnswer | undefined;
  if (fault === undefined || applied || fault === 'bad_signature') {
    answer = await handler({
      request,
      raw,
      ...(scenario?.code === undefined ? {} : { code: scenario.code }),
      badSignature: fault === 'bad_signature',
    });
  }
  switch (fault) {
    case 'reset':
      reply.hijack();
      request.raw.socket.destroy();
      return undefined;
    case 'timeout':
      reply.hijack();
      await hold(request, held);
      return undefined;
    case 'http_500':
      return reply
        .code(500)
        .type('text/html')
        .send('<html><head><title>500 Internal Server Error</title></head><body>nginx</body></html>');
    case 'garbled': {
      const text = answer === undefined ? '{"result_code":"200"' : answer.body.toString();
      return reply
        .code(200)
        .type('application/json;charset=UTF-8')
        .send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    default:
      break;
  }
  if (answer === undefined) throw new Error('no answer');
  if (answer.headers) void reply.headers(answer.headers);
  return reply
    .code(answer.status ?? 200)
    .type(answer.contentType ?? 'application/json;charset=UTF-8')
    .send(answer.body);
}

/** Keeps the request unanswered until the client gives up (or HOLD_MAX_MS), then drops the socket. */
async function hold(request: FastifyRequest, held: Set<FastifyRequest>): Promise<void> {
  held.add(request);
  const socket = request.raw.socket;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, HOLD_MAX_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  held.delete(request);
  socket.destroy();
}

function dropHeld(held: Set<FastifyRequest>): void {
  for (const request of held) request.raw.socket.destroy();
  held.clear();
}

function clockView(clock: Clock): { now: number; iso: string } {
  const now = clock.now();
  return { now, iso: new Date(now).toISOString() };
}

/** Control bodies are JSON whatever their Content-Type says; an empty body reads as {}. */
function parseControlBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body ?? {};
  if (body.length === 0) return {};
  return parseJsonLenient(body);
}

/** JSON from raw bytes (a UTF-8 BOM ignored), or undefined when the bytes are not JSON. */
export function parseJsonLenient(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

/** The value of a header as one string (the first when repeated). */
export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export interface StandaloneEmulator {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Runs one emulator alone on its own port (port 0: any free one). */
export async function startStandaloneEmulator(
  emulator: Emulator,
  options: { port?: number; host?: string } = {},
): Promise<StandaloneEmulator> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(emulator.plugin);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    async close() {
      await emulator.close();
      await app.close();
    },
  };
}
