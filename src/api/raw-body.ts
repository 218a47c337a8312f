import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { PolypayError } from '../errors/polypay-error.js';

/**
 * JSON bodies are parsed from a buffer we keep, because signatures and idempotency hashes are over the
 * exact bytes sent. Prototype-poisoning keys are rejected rather than stripped.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(
        null,
        secureJson.parse(raw.toString('utf8'), undefined, {
          protoAction: 'error',
          constructorAction: 'error',
        }),
      );
    } catch (cause) {
      const forbidden = forbiddenKeyOf(raw);
      if (forbidden) {
        done(
          new PolypayError('invalid_params', {
            param: forbidden,
            message: `The key "${forbidden}" is not allowed in a request body.`,
            messageZh: `请求体中不允许出现键 "${forbidden}"`,
            cause,
          }),
          undefined,
        );
        return;
      }
      done(
        new PolypayError('invalid_json', {
          message: 'The request body is not valid JSON.',
          messageZh: '请求体不是有效的 JSON',
          cause,
        }),
        undefined,
      );
    }
  });
}

/** When the body is valid JSON refused only for a prototype-poisoning key: that key. */
function forbiddenKeyOf(raw: Buffer): string | undefined {
  try {
    JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  return /"__proto__"\s*:/.test(raw.toString('utf8')) ? '__proto__' : 'constructor';
}
