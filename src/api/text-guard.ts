import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';

// NUL and other C0 controls except tab, LF and CR, DEL, and UTF-16 halves without their pair. PostgreSQL
// refuses NUL in text (a 500 there, stored on SQLite), and none of them belongs in a payment field.
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) in `value` holding a forbidden character, if any. */
export function findForbiddenText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path || 'body' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (FORBIDDEN.test(key)) return childPath;
    const found = findForbiddenText(child, childPath);
    if (found) return found;
  }
  return undefined;
}

/** Refuses control characters and lone surrogates in bodies, query strings and path parameters, alike on every database. */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const param = findForbiddenText(part);
      if (param !== undefined) {
        throw new PolypayError('invalid_params', {
          param,
          message: `${param} contains a control character or an unpaired surrogate.`,
          messageZh: `${param} 含有控制字符或不成对的代理字符`,
        });
      }
    }
  });
}
