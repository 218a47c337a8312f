import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';

/** Fields whose bad values are amount errors rather than generic parameter errors. */
const AMOUNT_FIELDS = new Set(['amount', 'refund_amount']);

/** `/metadata/order_id` → `metadata.order_id`, `/items/0` → `items[0]`. */
function pointerToParam(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
      return path === '' ? segment : `${path}.${segment}`;
    }, '');
}

function joinParam(base: string, child: string): string {
  return base === '' ? child : `${base}.${child}`;
}

function describe(error: FastifySchemaValidationError, param: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${param} must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'type':
      return `${param} must be of type ${String(params.type)}.`;
    default:
      return `${param} ${error.message ?? 'is invalid'}.`;
  }
}

const COMPARISONS_ZH: Record<string, string> = {
  '<=': '不能大于',
  '>=': '不能小于',
  '<': '须小于',
  '>': '须大于',
};

/** The same in Chinese; keywords without a sentence of their own say only that the field is invalid. */
function describeZh(error: FastifySchemaValidationError, param: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${param} 须为以下之一：${(params.allowedValues as unknown[]).join(', ')}`;
    case 'type':
      return `${param} 类型须为 ${String(params.type)}`;
    case 'maxLength':
      return `${param} 最长 ${String(params.limit)} 个字符`;
    case 'minLength':
      return `${param} 至少 ${String(params.limit)} 个字符`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `${param} ${COMPARISONS_ZH[String(params.comparison)] ?? `须 ${String(params.comparison)}`} ${String(params.limit)}`;
    case 'maxItems':
      return `${param} 最多 ${String(params.limit)} 项`;
    case 'minItems':
      return `${param} 至少 ${String(params.limit)} 项`;
    case 'maxProperties':
      return `${param} 最多 ${String(params.limit)} 个字段`;
    case 'minProperties':
      return `${param} 至少 ${String(params.limit)} 个字段`;
    case 'uniqueItems':
      return `${param} 不能有重复项`;
    case 'pattern':
      return `${param} 格式不符（须匹配 ${String(params.pattern)}）`;
    case 'format':
      return `${param} 须为 ${String(params.format)} 格式`;
    default:
      return `${param} 无效`;
  }
}

/** Maps the first schema violation of a request onto a unified error naming the field at fault. */
export function validationErrorToPolypay(error: FastifyError): PolypayError {
  const first = error.validation?.[0];
  const context = (error as FastifyError & { validationContext?: string }).validationContext;
  if (!first)
    return new PolypayError('invalid_params', { message: error.message, messageZh: '请求参数无效' });
  const params = first.params as Record<string, unknown>;
  const base = pointerToParam(first.instancePath);
  if (first.keyword === 'required') {
    const param = joinParam(base, String(params.missingProperty));
    return new PolypayError('missing_param', {
      param,
      message: `Missing required parameter: ${param}.`,
      messageZh: `缺少必填参数 ${param}`,
    });
  }
  if (first.keyword === 'additionalProperties') {
    const param = joinParam(base, String(params.additionalProperty));
    return new PolypayError('invalid_params', {
      param,
      message: `Unknown parameter: ${param}.`,
      messageZh: `未知参数 ${param}`,
    });
  }
  const param = base === '' ? (context ?? 'body') : base;
  // A union of literals fails as one "must be equal to constant" per branch: name them all.
  const allowed = (error.validation ?? [])
    .filter((e) => e.keyword === 'const' && e.instancePath === first.instancePath)
    .map((e) => String((e.params as Record<string, unknown>).allowedValue));
  if (allowed.length > 0) {
    return new PolypayError('invalid_params', {
      param,
      message: `${param} must be one of: ${allowed.join(', ')}.`,
      messageZh: `${param} 须为以下之一：${allowed.join(', ')}`,
    });
  }
  const leaf = param.split(/[.[]/).pop() ?? param;
  const code = AMOUNT_FIELDS.has(leaf) ? 'invalid_amount' : 'invalid_params';
  return new PolypayError(code, {
    param,
    message: describe(first, param),
    messageZh: describeZh(first, param),
  });
}
