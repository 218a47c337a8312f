/**
 * Scenarios: the next answers or faults an emulator is told to give, queued by `POST /_emulator/scenarios`.
 * They stand for the world behind the provider (a wallet that answers garbage, a bank that times out), never
 * for what the provider's own rules decide.
 */

export const FAULTS = ['timeout', 'reset', 'http_500', 'garbled', 'bad_signature'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ScenarioInput {
  /** Only calls of this operation take the scenario; absent: the next call of any operation. */
  readonly operation?: string;
  readonly fault?: Fault;
  /** Wait this long (real milliseconds) before answering. */
  readonly delay_ms?: number;
  /** Answer this upstream code (an error code, biz result or status the provider defines) on the operation. */
  readonly code?: string;
  /** How many calls take it (default 1). */
  readonly times?: number;
  /**
   * Whether the operation takes effect before the fault hides its answer (default true: the request was
   * carried, the answer lost — the case that makes an outcome unknown). With false nothing happens upstream.
   */
  readonly applied?: boolean;
}

export interface Scenario extends ScenarioInput {
  readonly id: string;
  remaining: number;
}

export type ScenarioCheck = (operation: string | undefined, code: string) => string | undefined;

export class ScenarioError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const MAX_DELAY_MS = 120_000;

/** Validates one scenario as posted; `checkCode` is the provider's judgement of `code` for `operation`. */
export function parseScenario(
  input: unknown,
  operations: readonly string[],
  checkCode: ScenarioCheck,
): ScenarioInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ScenarioError('scenario', 'a scenario is a JSON object');
  const s = input as Record<string, unknown>;
  const known = new Set(['operation', 'fault', 'delay_ms', 'code', 'times', 'applied']);
  for (const key of Object.keys(s)) if (!known.has(key)) throw new ScenarioError(key, `unknown field ${key}`);
  const out: { -readonly [K in keyof ScenarioInput]: ScenarioInput[K] } = {};
  if (s.operation !== undefined) {
    if (typeof s.operation !== 'string' || !operations.includes(s.operation))
      throw new ScenarioError('operation', `operation must be one of ${operations.join(', ')}`);
    out.operation = s.operation;
  }
  if (s.fault !== undefined) {
    if (typeof s.fault !== 'string' || !(FAULTS as readonly string[]).includes(s.fault))
      throw new ScenarioError('fault', `fault must be one of ${FAULTS.join(', ')}`);
    out.fault = s.fault as Fault;
  }
  if (s.delay_ms !== undefined) {
    if (!Number.isInteger(s.delay_ms) || (s.delay_ms as number) < 0 || (s.delay_ms as number) > MAX_DELAY_MS)
      throw new ScenarioError('delay_ms', `delay_ms must be an integer from 0 to ${MAX_DELAY_MS}`);
    out.delay_ms = s.delay_ms as number;
  }
  if (s.code !== undefined) {
    if (typeof s.code !== 'string' || s.code === '') throw new ScenarioError('code', 'code must be a string');
    const problem = checkCode(out.operation, s.code);
    if (problem !== undefined) throw new ScenarioError('code', problem);
    out.code = s.code;
  }
  if (s.times !== undefined) {
    if (!Number.isInteger(s.times) || (s.times as number) < 1 || (s.times as number) > 1000)
      throw new ScenarioError('times', 'times must be an integer from 1 to 1000');
    out.times = s.times as number;
  }
  if (s.applied !== undefined) {
    if (typeof s.applied !== 'boolean') throw new ScenarioError('applied', 'applied must be true or false');
    out.applied = s.applied;
  }
  if (out.fault === undefined && out.delay_ms === undefined && out.code === undefined)
    throw new ScenarioError('fault', 'a scenario needs a fault, a delay_ms or a code');
  if (out.fault !== undefined && out.code !== undefined)
    throw new ScenarioError('code', 'a scenario has either a fault or a code, not both');
  return out;
}

/** First in, first out; a call takes the first scenario whose operation matches (or that has none). */
export class ScenarioQueue {
  #items: Scenario[] = [];
  #seq = 0;

  add(input: ScenarioInput): Scenario {
    this.#seq += 1;
    const scenario: Scenario = { ...input, id: `scn_${this.#seq}`, remaining: input.times ?? 1 };
    this.#items.push(scenario);
    return scenario;
  }

  take(operation: string): Scenario | undefined {
    const index = this.#items.findIndex((s) => s.operation === undefined || s.operation === operation);
    if (index < 0) return undefined;
    const scenario = this.#items[index]!;
    scenario.remaining -= 1;
    if (scenario.remaining <= 0) this.#items.splice(index, 1);
    return scenario;
  }

  /**
   * Takes the first scenario that applies to `operation` only if it names it: one with no operation is left
   * for the next API call (a callback the emulator sends on its own does not use it up).
   */
  takeNamed(operation: string): Scenario | undefined {
    const first = this.#items.find((s) => s.operation === undefined || s.operation === operation);
    return first?.operation === operation ? this.take(operation) : undefined;
  }

  list(): readonly Scenario[] {
    return this.#items.map((s) => ({ ...s }));
  }

  clear(): number {
    const count = this.#items.length;
    this.#items = [];
    return count;
  }
}
