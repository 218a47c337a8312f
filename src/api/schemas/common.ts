import { type TSchema, Type } from '@sinclair/typebox';

/**
 * A string that is one of `values`, as a plain JSON Schema `enum` (TypeBox's union of literals becomes an
 * anyOf, which code generators type worse and fast-json-stringify serialises slower).
 */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { readonly description?: string } = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const ErrorEnvelopeSchema = Type.Object(
  {
    code: Type.String({ description: 'Unified error code, see GET /v1/errors' }),
    message: Type.String({ description: 'For the developer; in Chinese with Accept-Language: zh' }),
    customer_message: Type.String({ description: 'For the buyer, in the language of Accept-Language' }),
    doc_url: Type.String({ description: 'The catalog entry of the code: /v1/errors/{code}' }),
    request_id: Type.String(),
    retryable: Type.Boolean(),
    retry_after_ms: Type.Optional(Type.Integer()),
    next_action: Type.String(),
    param: Type.Optional(Type.String({ description: 'The request field at fault' })),
    channel_error: Type.Optional(
      Type.Object({ provider: Type.String(), code: Type.String(), message: Type.String() }),
    ),
    charge_id: Type.Optional(
      Type.String({ description: 'The stored charge a failed charge operation refers to (ch_…)' }),
    ),
  },
  { $id: 'ErrorEnvelope', description: 'Every failed response' },
);

/** `{code: 0, message: "success", data}` around a data schema. */
export function envelope<T extends TSchema>(data: T) {
  return Type.Object({ code: Type.Literal(0), message: Type.Literal('success'), data });
}

export function listOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    has_more: Type.Boolean(),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  });
}

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const AUTHENTICATED_ERRORS = {
  400: { $ref: 'ErrorEnvelope#' },
  401: { $ref: 'ErrorEnvelope#' },
  403: { $ref: 'ErrorEnvelope#' },
} as const;
