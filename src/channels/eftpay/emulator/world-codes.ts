import type { VmpOperation } from '../protocol.js';

/**
 * The seed-002 codes that stand for the world behind VMP (WeChat or Alipay failing, EFTPay's own system
 * faults) and so can only come from a scenario, by the operation they can happen on. Every other code is
 * produced by the behaviour that causes it and a scenario cannot ask for it.
 */

const SYSTEM = ['-1', '-99', '21'];
const WECHAT = ['57', '58', '59', '60', '61', '62'];

export const WORLD_CODES: Readonly<Record<VmpOperation, readonly string[]>> = {
  preorder: [...SYSTEM, ...WECHAT, '09', '24', '25', '29', '80'],
  query: [...SYSTEM, ...WECHAT],
  close: [...SYSTEM, ...WECHAT],
  cancel: [...SYSTEM, ...WECHAT, '40', '41', '42', '43', '44', '45'],
  refund: [...SYSTEM, ...WECHAT, '46', '47', '48', '49', '50', '51', '52'],
  apply_refund: [...SYSTEM, ...WECHAT, '46', '47', '48', '49', '50', '51', '52'],
};

/** Scenario operations: one per servlet (JSAPIService.do serves several VMP operations by `service`). */
export const SCENARIO_OPERATIONS = {
  jsapi: ['preorder', 'query', 'refund', 'apply_refund', 'close'],
  trade_query: ['query'],
  cancel: ['cancel'],
  app_pay: ['preorder'],
  app_refund: ['refund'],
  app_apply_refund: ['apply_refund'],
} as const satisfies Record<string, readonly VmpOperation[]>;
export type ScenarioOperation = keyof typeof SCENARIO_OPERATIONS | 'notify';

/** Whether `code` can be injected on `operation` (a VMP operation). */
export function isWorldCode(operation: VmpOperation, code: string): boolean {
  return WORLD_CODES[operation].includes(code);
}

/** The kit's scenario check: undefined when the emulator can answer `code` on that scenario operation. */
export function checkScenarioCode(operation: string | undefined, code: string): string | undefined {
  if (operation === 'notify') return 'notifications take faults (bad_signature, garbled), not codes';
  const vmpOperations: readonly VmpOperation[] =
    operation === undefined
      ? (Object.keys(WORLD_CODES) as VmpOperation[])
      : (SCENARIO_OPERATIONS[operation as keyof typeof SCENARIO_OPERATIONS] ?? []);
  if (vmpOperations.some((op) => isWorldCode(op, code))) return undefined;
  return `${code} is not a failure of the world behind VMP on ${operation ?? 'any operation'}; VMP answers it when a request causes it (see src/channels/eftpay/README.md)`;
}
