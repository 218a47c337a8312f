import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newRequestId } from '../domain/random-pool.js';
import { getDefinition } from '../errors/lookup.js';
import { PolypayError } from '../errors/polypay-error.js';
import { type ErrorEnvelope, JSON_TYPE } from './envelope.js';
import { ReplayedAnswer, sendReplayedAnswer } from './replayed-answer.js';
import { validationErrorToPolypay } from './validation-errors.js';

/** Default wait suggested to a client for a retryable error without a more specific hint. */
const DEFAULT_RETRY_AFTER_MS = 1000;

const chargeIds = new WeakMap<PolypayError, string>();

/** Marks a failure as that of a stored charge: its envelope then carries `charge_id`. */
export function failureOfCharge(error: PolypayError, chargeId: string): PolypayError {
  chargeIds.set(error, chargeId);
  return error;
}

export type Language = 'en' | 'zh';

/** `zh`, `zh-CN`, `zh-Hans;q=0.9`… first (or before any `en`) → zh; anything else → en. */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const first = header
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .find((part) => part.startsWith('zh') || part.startsWith('en'));
  return first?.startsWith('zh') ? 'zh' : 'en';
}

/** Builds the error envelope of DESIGN §2 from a PolypayError. */
export function renderError(
  error: PolypayError,
  requestId: string,
  language: Language = 'en',
): { status: number; body: ErrorEnvelope } {
  const definition = getDefinition(error.code);
  if (!definition) {
    // A code missing from the catalog is a bug of ours; never leak it half-rendered.
    return renderError(new PolypayError('internal_error', { cause: error }), requestId, language);
  }
  // In Chinese a thrower's specific message follows the catalog's: its Chinese form where it has one.
  const detailZh = error.messageZh ?? (error.hasCustomMessage ? error.message : undefined);
  const message =
    language === 'zh'
      ? `${definition.messages.zh}${detailZh !== undefined ? `（${detailZh}）` : ''}`
      : error.hasCustomMessage
        ? error.message
        : definition.messages.en;
  const body: ErrorEnvelope = {
    code: error.code,
    message,
    customer_message: definition.customerMessage[language],
    doc_url: `/v1/errors/${error.code}`,
    request_id: requestId,
    retryable: definition.retryable,
    ...(definition.retryable ? { retry_after_ms: error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS } : {}),
    next_action: definition.nextAction,
    ...(error.param !== undefined ? { param: error.param } : {}),
    ...(error.channelError !== undefined ? { channel_error: error.channelError } : {}),
    ...(chargeIds.has(error) ? { charge_id: chargeIds.get(error)! } : {}),
  };
  return { status: definition.httpStatus, body };
}

/** Turns anything thrown inside Fastify into a PolypayError with the right unified code. */
export function toPolypayError(error: unknown): PolypayError {
  if (error instanceof PolypayError) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return validationErrorToPolypay(fastifyError as FastifyError);
  switch (fastifyError.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new PolypayError('invalid_params', {
        param: 'path',
        message: 'A path segment (an id) is longer than 100 characters.',
        messageZh: '路径中的某一段（ID）超过 100 个字符',
      });
    case 'FST_ERR_BAD_URL':
      return new PolypayError('invalid_params', {
        param: 'path',
        message: 'The path is not a valid URL.',
        messageZh: '路径不是有效的 URL',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PolypayError('request_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PolypayError('unsupported_media_type', { param: 'Content-Type' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PolypayError('invalid_json', {
        message: `The request body is not valid JSON.`,
        messageZh: '请求体不是有效的 JSON',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new PolypayError('invalid_params', {
        param: 'Content-Length',
        message: 'Content-Length does not match the body.',
        messageZh: 'Content-Length 与请求体不符',
      });
  }
  // A 4xx raised by Fastify or a plugin that we did not anticipate: keep it a client error.
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new PolypayError('invalid_params', {
      message: fastifyError.message ?? 'Bad request.',
      messageZh: '请求无效',
    });
  }
  return new PolypayError('internal_error', { cause: error });
}

/** The status and envelope that answer `error` to `request` (its id, its language). */
export function errorAnswerOf(request: FastifyRequest, error: PolypayError) {
  return renderError(error, request.id, languageOf(request.headers['accept-language']));
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: PolypayError): FastifyReply {
  const { status, body } = errorAnswerOf(request, error);
  if (body.retry_after_ms !== undefined) {
    reply.header('Retry-After', String(Math.max(1, Math.ceil(body.retry_after_ms / 1000))));
  }
  return reply.code(status).type(JSON_TYPE).send(body);
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ReplayedAnswer) return sendReplayedAnswer(reply, error);
    const polypayError = toPolypayError(error);
    if (polypayError.code === 'internal_error') {
      request.log.error({ err: error }, 'unexpected error');
    }
    return sendError(request, reply, polypayError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new PolypayError('route_not_found', {
        message: `No such endpoint: ${request.method} ${request.url}`,
        messageZh: `接口不存在：${request.method} ${request.url}`,
      }),
    ),
  );
}

/** Errors Fastify answers before routing (an over-long id, a malformed URL): the envelope as well. */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.header('request-id', request.id);
  sendError(request, reply, toPolypayError(error));
}

/**
 * Errors Node's HTTP parser meets before there is a request (headers too large, a malformed request
 * line): answered on the socket, with the envelope and a request id, then closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const requestId = newRequestId();
  const [status, polypayError] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          '431 Request Header Fields Too Large',
          new PolypayError('request_too_large', {
            param: 'headers',
            message: 'The request headers are too large.',
            messageZh: '请求头过大',
          }),
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            '408 Request Timeout',
            new PolypayError('invalid_params', {
              message: 'The request was not received in time.',
              messageZh: '未能在规定时间内收到请求',
            }),
          ]
        : [
            '400 Bad Request',
            new PolypayError('invalid_params', {
              message: 'The HTTP request is malformed.',
              messageZh: 'HTTP 请求格式错误',
            }),
          ];
  const text = JSON.stringify(renderError(polypayError, requestId).body);
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nrequest-id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
  );
}
