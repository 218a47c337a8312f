import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getDefinition } from '../errors/lookup.js';
import { PolypayError } from '../errors/polypay-error.js';
import type { ErrorEnvelope } from './envelope.js';
import { validationErrorToPolypay } from './validation-errors.js';

/** Default wait suggested to a client for a retryable error without a more specific hint. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Builds the error envelope of DESIGN §2 from a PolypayError. */
export function renderError(error: PolypayError, requestId: string): { status: number; body: ErrorEnvelope } {
  const definition = getDefinition(error.code);
  if (!definition) {
    // A code missing from the catalog is a bug of ours; never leak it half-rendered.
    return renderError(new PolypayError('internal_error', { cause: error }), requestId);
  }
  const body: ErrorEnvelope = {
    code: error.code,
    message: error.hasCustomMessage ? error.message : definition.messages.en,
    request_id: requestId,
    retryable: definition.retryable,
    ...(definition.retryable ? { retry_after_ms: error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS } : {}),
    next_action: definition.nextAction,
    ...(error.param !== undefined ? { param: error.param } : {}),
    ...(error.channelError !== undefined ? { channel_error: error.channelError } : {}),
  };
  return { status: definition.httpStatus, body };
}

/** Turns anything thrown inside Fastify into a PolypayError with the right unified code. */
export function toPolypayError(error: unknown): PolypayError {
  if (error instanceof PolypayError) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return validationErrorToPolypay(fastifyError as FastifyError);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PolypayError('request_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PolypayError('unsupported_media_type', { param: 'Content-Type' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PolypayError('invalid_json', { message: `The request body is not valid JSON.` });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new PolypayError('invalid_params', {
        param: 'Content-Length',
        message: 'Content-Length does not match the body.',
      });
  }
  // A 4xx raised by Fastify or a plugin that we did not anticipate: keep it a client error.
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new PolypayError('invalid_params', { message: fastifyError.message ?? 'Bad request.' });
  }
  return new PolypayError('internal_error', { cause: error });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: PolypayError): FastifyReply {
  const { status, body } = renderError(error, request.id);
  if (body.retry_after_ms !== undefined) {
    reply.header('Retry-After', String(Math.max(1, Math.ceil(body.retry_after_ms / 1000))));
  }
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
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
      new PolypayError('route_not_found', { message: `No such endpoint: ${request.method} ${request.url}` }),
    ),
  );
}
