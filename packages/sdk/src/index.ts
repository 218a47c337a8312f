import type { PolypayOptions } from './client.js';
import { PolypayClient } from './resources.js';
import { signRequest } from './signing.js';
import { constructEvent, generateTestHeader } from './webhooks.js';

export type { Page, PolypayOptions, RequestOptions } from './client.js';
export { type ChannelError, PolypayError } from './error.js';
export type { components, operations, paths } from './openapi.js';
export * from './resources.js';
export { signRequest } from './signing.js';
export { constructEvent, WebhookSignatureError, type WebhookSignatureFailure } from './webhooks.js';

/**
 * The polypay client.
 * @example
 * const polypay = new Polypay({ apiKey: process.env.POLYPAY_API_KEY! });
 * const charge = await polypay.charges.create({ ... });
 * for await (const c of polypay.charges.list({ status: 'PAID' })) console.log(c.id);
 */
export class Polypay extends PolypayClient {
  readonly webhooks = { constructEvent, generateTestHeader };

  constructor(options: PolypayOptions) {
    super(options, signRequest);
  }
}
