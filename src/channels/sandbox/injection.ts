import { lookupUpstream } from '../../errors/lookup.js';
import { PROVIDERS } from '../../errors/types.js';
import {
  type ResolvedError,
  SANDBOX_ERROR_KEY,
  SANDBOX_OPERATION_KEY,
  SANDBOX_OPERATIONS,
  type SandboxOperation,
} from './scenarios.js';

/**
 * Generic upstream-error injection: charge metadata `sandbox_error = "<provider>:<code>[:<message>]"` makes
 * one operation (`sandbox_operation`, default the call that creates the charge) answer a definite failure
 * carrying that provider's code, verbatim message and unified code. `<message>` picks a row when the
 * provider reuses a code (EFTPay `-99`). Bybit's symbolic identifiers work as codes too.
 */

/** `create` stands for pay (barcode) and precreate (QR/wap): either name targets the charge's creating call. */
export type InjectionTarget = 'create' | Exclude<SandboxOperation, 'pay' | 'precreate'>;

export interface Injection {
  readonly target: InjectionTarget;
  readonly error: ResolvedError;
  /** The metadata was not understood: the error is channel_parameter_error naming the bad value. */
  readonly invalid: boolean;
}

const USAGE = `expected "<provider>:<code>" with provider one of ${PROVIDERS.join(', ')}`;

export function readInjection(metadata: Readonly<Record<string, string>> | undefined): Injection | undefined {
  const value = metadata?.[SANDBOX_ERROR_KEY];
  if (value === undefined) return undefined;
  const operation = metadata?.[SANDBOX_OPERATION_KEY] ?? 'pay';
  if (!isOperation(operation)) {
    return invalid(
      'create',
      `metadata.${SANDBOX_OPERATION_KEY}="${operation}" is not one of ${SANDBOX_OPERATIONS.join(', ')}`,
    );
  }
  const target = targetOf(operation);
  const [provider = '', code = '', ...rest] = value.split(':');
  const message = rest.length > 0 ? rest.join(':') : undefined;
  const found =
    (PROVIDERS as readonly string[]).includes(provider) && code !== ''
      ? lookupUpstream(provider, code, message)
      : undefined;
  if (found === undefined) {
    return invalid(
      target,
      `metadata.${SANDBOX_ERROR_KEY}="${value}" names no known upstream code (${USAGE})`,
    );
  }
  return {
    target,
    invalid: false,
    error: {
      code: found.unified.code,
      channelError: {
        provider: found.upstream.provider,
        code: found.upstream.code,
        message: found.upstream.message,
      },
    },
  };
}

export function targetOf(operation: SandboxOperation): InjectionTarget {
  return operation === 'pay' || operation === 'precreate' ? 'create' : operation;
}

function isOperation(value: string): value is SandboxOperation {
  return (SANDBOX_OPERATIONS as readonly string[]).includes(value);
}

function invalid(target: InjectionTarget, detail: string): Injection {
  // Shouqianba's answer to a malformed request: INVALID_PARAMS, its message naming the field.
  const params = lookupUpstream('shouqianba', 'INVALID_PARAMS');
  return {
    target,
    invalid: true,
    error: {
      code: params?.unified.code ?? 'channel_parameter_error',
      channelError: {
        provider: 'sandbox',
        code: 'INVALID_PARAMS',
        message: `${params?.upstream.message ?? '参数错误'}: ${detail}`,
      },
    },
  };
}
