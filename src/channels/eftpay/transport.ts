import type { Clock } from '../../domain/clock.js';
import { type ChannelHttpClient, channelFaults, parseJsonBody } from '../kit/http-client.js';
import { vmpSign, vmpVerify } from './sign.js';
import { formatVmpTime } from './vmp-time.js';

/**
 * One signed VMP call over the kit's HTTP client: `user_confirm_key` and `time` added, the fields signed,
 * the JSON posted, and the answer read and verified over exactly the fields received. Transport faults,
 * unreadable answers and bad signatures are ChannelIoErrors (the outcome is unknown); any answer that
 * verifies is returned for the caller to read, whatever its `return_status`.
 */

export interface VmpCredentials {
  readonly userConfirmKey: string;
  readonly secretCode: string;
}

export type VmpAnswer = Readonly<Record<string, string>>;

/** An answer with a return_status ≥ 00 is signed, except 11: VMP found no merchant whose secret could sign it. */
const UNSIGNABLE = new Set(['11']);

export class VmpTransport {
  readonly #http: ChannelHttpClient;
  readonly #baseUrl: string;
  readonly #credentials: VmpCredentials;
  readonly #clock: Clock;

  constructor(http: ChannelHttpClient, baseUrl: string, credentials: VmpCredentials, clock: Clock) {
    this.#http = http;
    this.#baseUrl = baseUrl;
    this.#credentials = credentials;
    this.#clock = clock;
  }

  /** The request as it is sent (without I/O), for logs and tests. */
  build(fields: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const request: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined && value !== '') request[key] = value;
    request.user_confirm_key = this.#credentials.userConfirmKey;
    request.time = formatVmpTime(this.#clock.now());
    request.sign = vmpSign(request, this.#credentials.secretCode);
    return request;
  }

  async call(path: string, fields: Readonly<Record<string, string | undefined>>): Promise<VmpAnswer> {
    const answer = await this.#http.send(this.#baseUrl, {
      path,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(this.build(fields)),
    });
    if (answer.status !== 200) {
      throw channelFaults.parse(`VMP answered HTTP ${answer.status} to ${path}`);
    }
    return readVmpAnswer(answer.body, this.#credentials.secretCode);
  }
}

/** Reads and verifies a VMP answer or notification body: a flat JSON object of strings. */
export function readVmpMessage(body: Buffer, what: string): Record<string, string> {
  const parsed = parseJsonBody(body, what);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw channelFaults.parse(`the channel's ${what} is not a JSON object`);
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) continue;
    if (typeof value !== 'string') throw channelFaults.parse(`the channel's ${what} has a non-string ${key}`);
    fields[key] = value;
  }
  return fields;
}

export function readVmpAnswer(body: Buffer, secretCode: string): VmpAnswer {
  const fields = readVmpMessage(body, 'answer');
  const status = fields.return_status;
  if (status === undefined || !/^-?\d{1,3}$/.test(status)) {
    throw channelFaults.parse('the answer has no readable return_status');
  }
  // Front statuses (negative) come unsigned: the request was refused before VMP knew whose it was.
  if (status.startsWith('-') || (UNSIGNABLE.has(status) && fields.sign === undefined)) return fields;
  if (!vmpVerify(fields, secretCode)) {
    throw channelFaults.sign(`the answer (return_status ${status}) fails signature verification`);
  }
  return fields;
}
