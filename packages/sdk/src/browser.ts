/**
 * The browser entry point: every resource, nothing that imports `node:crypto` (request signing and
 * webhook verification need a secret, which never belongs in a browser).
 * @example
 * const polypay = new PolypayClient({ baseUrl: '', credentials: 'same-origin' });
 * const session = await polypay.sessions.create(apiKey);
 * polypay.http.setHeader('X-CSRF-Token', session.csrf_token);
 */
export type { Page, PolypayOptions, RequestOptions } from './client.js';
export { type ChannelError, PolypayError } from './error.js';
export type { components, operations, paths } from './openapi.js';
export * from './resources.js';
