import { randomBytes } from 'node:crypto';
import { localDate } from '../../domain/calendar.js';
import type { ConnectorContext } from '../kit/connector.js';
import type { ChannelHttpClient, HttpTimeouts } from '../kit/http-client.js';
import { concatBytes, md5Hex } from '../kit/signing.js';
import { readAnswer, type SqbAnswer } from './answers.js';

/**
 * The terminal a Shouqianba configuration is (apiflow.md): activated once with the vendor's credentials and
 * an activation code, checked in before the first call of each day (the key rotates and the old one dies),
 * its sn and key kept through `ctx.state`, which the store keeps encrypted.
 */

/** The day that counts for check-in: Shouqianba's, in China. */
const CHECKIN_TIME_ZONE = 'Asia/Shanghai';

export interface TerminalKeys {
  readonly sn: string;
  readonly key: string;
}

interface TerminalState extends TerminalKeys {
  readonly deviceId: string;
  readonly checkinDay: string;
}

/** The terminal could not be activated or checked in: the call it was for did not leave. */
export class TerminalUnavailable extends Error {
  readonly answer?: SqbAnswer;
  override readonly cause?: unknown;
  constructor(message: string, options: { answer?: SqbAnswer; cause?: unknown } = {}) {
    super(message);
    this.name = 'TerminalUnavailable';
    if (options.answer !== undefined) this.answer = options.answer;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** Body + `Authorization: <sn> <MD5(body + key)>` (sign.md), upper-case hex as most clients send. */
export function signedRequest(body: Record<string, unknown>, keys: TerminalKeys) {
  const raw = JSON.stringify(body);
  const sign = md5Hex(concatBytes(raw, keys.key), { upper: true });
  return {
    body: raw,
    headers: { 'content-type': 'application/json', authorization: `${keys.sn} ${sign}` },
  };
}

export class TerminalSession {
  readonly #ctx: ConnectorContext;
  readonly #http: ChannelHttpClient;
  readonly #timeouts: Partial<HttpTimeouts>;
  #state?: TerminalState;
  #pending?: Promise<TerminalState>;

  constructor(ctx: ConnectorContext, http: ChannelHttpClient, timeouts: Partial<HttpTimeouts>) {
    this.#ctx = ctx;
    this.#http = http;
    this.#timeouts = timeouts;
  }

  /** The terminal's keys, activating or checking in first when needed (one at a time). */
  async keys(): Promise<TerminalKeys> {
    const today = localDate(this.#ctx.clock.now(), CHECKIN_TIME_ZONE);
    if (this.#state !== undefined && this.#state.checkinDay === today) return this.#state;
    this.#pending ??= this.#ready(today).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * Our signature was refused: another process may have checked in (its key is in the store), or our
   * check-in's answer was lost. Take the stored key if it is newer, else check in again with ours.
   */
  async recover(refused: TerminalKeys): Promise<TerminalKeys> {
    const stored = await this.#load();
    if (stored !== undefined && stored.key !== refused.key) {
      this.#state = stored;
      return stored;
    }
    const current = stored ?? this.#state;
    if (current === undefined) return this.keys();
    this.#pending ??= this.#checkin(current).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #ready(today: string): Promise<TerminalState> {
    const state = this.#state ?? (await this.#load()) ?? (await this.#activate());
    this.#state = state;
    if (state.checkinDay === today) return state;
    try {
      return await this.#checkin(state);
    } catch (error) {
      // The old key still signs until a check-in replaces it; try again on the next call.
      if (error instanceof TerminalUnavailable && error.answer === undefined) return state;
      throw error;
    }
  }

  async #load(): Promise<TerminalState | undefined> {
    const saved = await this.#ctx.state.load();
    if (saved?.terminal_sn === undefined || saved.terminal_key === undefined) return undefined;
    return {
      sn: saved.terminal_sn,
      key: saved.terminal_key,
      deviceId: saved.device_id ?? '',
      checkinDay: saved.checkin_day ?? '',
    };
  }

  async #save(state: TerminalState): Promise<void> {
    await this.#ctx.state.save({
      terminal_sn: state.sn,
      terminal_key: state.key,
      device_id: state.deviceId,
      checkin_day: state.checkinDay,
    });
    this.#state = state;
  }

  async #activate(): Promise<TerminalState> {
    const { vendor_sn, vendor_key, app_id, code } = this.#ctx.credentials;
    if (!vendor_sn || !vendor_key || !app_id || !code)
      throw new TerminalUnavailable('the configuration lacks vendor_sn, vendor_key, app_id or code');
    // A fresh device id per attempt: a lost answer then costs one use of the code, not the terminal.
    const deviceId = `polypay-${this.#ctx.configId}-${randomBytes(4).toString('hex')}`.slice(0, 128);
    const biz = await this.#call(
      '/terminal/activate',
      { app_id, code, device_id: deviceId },
      {
        sn: vendor_sn,
        key: vendor_key,
      },
    );
    const state = {
      sn: biz.terminal_sn!,
      key: biz.terminal_key!,
      deviceId,
      checkinDay: localDate(this.#ctx.clock.now(), CHECKIN_TIME_ZONE),
    };
    await this.#save(state);
    return state;
  }

  async #checkin(state: TerminalState): Promise<TerminalState> {
    const biz = await this.#call(
      '/terminal/checkin',
      { terminal_sn: state.sn, device_id: state.deviceId },
      state,
    );
    const next = {
      ...state,
      sn: biz.terminal_sn ?? state.sn,
      key: biz.terminal_key!,
      checkinDay: localDate(this.#ctx.clock.now(), CHECKIN_TIME_ZONE),
    };
    await this.#save(next);
    return next;
  }

  async #call(
    path: string,
    body: Record<string, unknown>,
    keys: TerminalKeys,
  ): Promise<{ terminal_sn?: string; terminal_key?: string }> {
    let answer: SqbAnswer;
    try {
      const request = signedRequest(body, keys);
      const http = await this.#http.send(this.#ctx.baseUrl, { path, ...request, timeouts: this.#timeouts });
      answer = readAnswer(http.body);
    } catch (cause) {
      throw new TerminalUnavailable(`${path} failed: ${(cause as Error).message}`, { cause });
    }
    const biz = answer.biz?.raw;
    const sn = biz?.terminal_sn;
    const key = biz?.terminal_key;
    if (answer.resultCode !== '200' || typeof sn !== 'string' || typeof key !== 'string' || key === '')
      throw new TerminalUnavailable(
        `${path} refused: ${answer.errorCode ?? 'no terminal key'} ${answer.errorMessage ?? ''}`,
        {
          answer,
        },
      );
    return { terminal_sn: sn, terminal_key: key };
  }
}
