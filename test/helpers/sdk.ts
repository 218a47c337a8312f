import { type CreateChargeParams, Polypay, PolypayError } from '@polypay/sdk';
import { expect } from 'vitest';
import type { TestApi } from './api.js';
import { barcodeBody, type ChargeOptions } from './charges.js';

/**
 * The e2e suites act as a client through the SDK, as a merchant would. No retries: a test sees the
 * first answer. Raw requests (`api.request`) stay where a test checks the wire itself.
 */
export function sdkFor(api: TestApi, key: string = api.merchant.secret_key): Polypay {
  return new Polypay({ apiKey: key, baseUrl: api.url, maxRetries: 0 });
}

/** The body of a barcode charge as the SDK types it (see `barcodeBody`). */
export function barcodeParams(
  options: Omit<ChargeOptions, 'key' | 'idempotencyKey'> = {},
): CreateChargeParams {
  return barcodeBody(options) as CreateChargeParams;
}

/** A QR (or wap) charge's body: a barcode body without the buyer's code. */
export function qrParams(
  options: Omit<ChargeOptions, 'key' | 'idempotencyKey'> & { subPayway?: 'qrcode' | 'wap' } = {},
): CreateChargeParams {
  const { auth_code: _none, ...body } = barcodeBody(options);
  return { ...body, sub_payway: options.subPayway ?? 'qrcode' } as CreateChargeParams;
}

/** The PolypayError a call fails with; fails the test when it succeeds or fails otherwise. */
export async function rejection(call: Promise<unknown>): Promise<PolypayError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected an error, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(PolypayError);
  return outcome.error as PolypayError;
}

/**
 * Asserts what `expectError` asserts of an error envelope, as the SDK raises it: status, code, a
 * message, request_id, retryable, next_action, and the field at fault when given.
 */
export async function expectRejected(
  call: Promise<unknown>,
  status: number,
  code: string,
  param?: string,
): Promise<PolypayError> {
  const error = await rejection(call);
  expect({ status: error.status, code: error.code }, error.message).toEqual({ status, code });
  expect(typeof error.raw.message).toBe('string');
  expect(error.request_id).toMatch(/^req_/);
  expect(typeof error.raw.retryable).toBe('boolean');
  expect(typeof error.next_action).toBe('string');
  if (param !== undefined) expect(error.param).toBe(param);
  return error;
}
