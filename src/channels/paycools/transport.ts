import type { Clock } from '../../domain/clock.js';
import { type ChannelHttpClient, channelFaults, parseJsonBody } from '../kit/http-client.js';
import { PAYCOOLS_SUCCESS_CODES } from './codes.js';
import { paycoolsVerify, signed } from './sign.js';

/**
 * One signed PayCools v1 call: `appId` and a ms `timestamp` added, the body signed, the answer read as
 * `{code, message, data}` and, when it is a success, `data` verified against its own `sign`. Refusals come
 * unsigned (PayCools may not know whose secret to sign with).
 */

export interface PaycoolsAnswer {
  readonly code: string;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface PaycoolsCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

export class PaycoolsTransport {
  readonly #http: ChannelHttpClient;
  readonly #baseUrl: string;
  readonly #credentials: PaycoolsCredentials;
  readonly #clock: Clock;

  constructor(http: ChannelHttpClient, baseUrl: string, credentials: PaycoolsCredentials, clock: Clock) {
    this.#http = http;
    this.#baseUrl = baseUrl;
    this.#credentials = credentials;
    this.#clock = clock;
  }

  build(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const request: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined && value !== '') request[key] = value;
    request.appId = this.#credentials.appId;
    request.timestamp = this.#clock.now();
    return signed(request, this.#credentials.appSecret);
  }

  async call(path: string, fields: Readonly<Record<string, unknown>>): Promise<PaycoolsAnswer> {
    const answer = await this.#http.send(this.#baseUrl, {
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.build(fields)),
    });
    if (answer.status !== 200)
      throw channelFaults.parse(`PayCools answered HTTP ${answer.status} to ${path}`);
    return readAnswer(answer.body, this.#credentials.appSecret);
  }
}

export function readAnswer(body: Buffer, secret: string): PaycoolsAnswer {
  const parsed = parseJsonBody(body, 'answer') as {
    code?: unknown;
    message?: unknown;
    data?: unknown;
  } | null;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw channelFaults.parse('the PayCools answer is not a JSON object');
  if (typeof parsed.code !== 'number' && typeof parsed.code !== 'string')
    throw channelFaults.parse('the PayCools answer has no code');
  const code = String(parsed.code);
  const data =
    typeof parsed.data === 'object' && parsed.data !== null && !Array.isArray(parsed.data)
      ? (parsed.data as Record<string, unknown>)
      : {};
  if (PAYCOOLS_SUCCESS_CODES.includes(code) && !paycoolsVerify(data, secret))
    throw channelFaults.sign(`the PayCools answer (code ${code}) fails signature verification`);
  return { code, message: typeof parsed.message === 'string' ? parsed.message : '', data };
}
