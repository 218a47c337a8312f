import { createHash } from 'node:crypto';
import type { BizResult } from '../../domain/statuses.js';
import type { ConnectorContext, ProviderConnector } from '../kit/connector.js';
import { type ChannelHttpClient, type HttpTimeouts, sharedHttpClient } from '../kit/http-client.js';
import type { Channel, ChannelCharge, ChannelOutcome, ChannelRefund, RefundPolicy } from '../port.js';
import { outcomeOf, readAnswer, type SqbOperation } from './answers.js';
import { SHOUQIANBA_PAYWAY_CODES, SHOUQIANBA_SUB_PAYWAY_CODES, type ShouqianbaPayway } from './codes.js';
import { checkShouqianbaNotification } from './notification.js';
import { signedRequest, type TerminalKeys, TerminalSession, TerminalUnavailable } from './terminal.js';

/**
 * The Shouqianba upay connector: a terminal (terminal.ts) that signs every call, and the Channel port
 * over /upay/v2/*. In doubt (pay in progress, timeout) the gateway's resolution job polls `query`, then
 * reverses with `cancel`, as apiflow.md prescribes; close is a cancel of an unpaid order and void the
 * same-day `revoke`.
 */

export interface ShouqianbaConnectorOptions {
  readonly http?: ChannelHttpClient;
  /** Per-call timeouts; pay waits longer by default, as upay holds it while the buyer confirms. */
  readonly timeouts?: Partial<HttpTimeouts>;
  readonly payTimeouts?: Partial<HttpTimeouts>;
  /** `operator` sent on every call (≤32). */
  readonly operator?: string;
}

const PAY_TIMEOUTS: Partial<HttpTimeouts> = { answerMs: 60_000, totalMs: 65_000 };
/** Refunds may be made for three months (refund.md FAQ 2); Baifubao refunds whole orders only. */
const REFUND_WINDOW_DAYS = 90;

/** client_sn (≤32): the charge id, unique per merchant and never reused, as upay requires. */
export function clientSnOf(charge: ChannelCharge): string {
  return charge.chargeId.length <= 32 ? charge.chargeId : md5(charge.chargeId);
}

/** refund_request_no (≤20): derived from the refund id, the same on every retry of that refund. */
export function refundRequestNoOf(refund: ChannelRefund): string {
  return refund.refundId.length <= 20 ? refund.refundId : refund.refundId.slice(-20);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** At most `max` characters, cut on code points. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

export class ShouqianbaChannel implements Channel {
  readonly name: string;
  readonly #ctx: ConnectorContext;
  readonly #http: ChannelHttpClient;
  readonly #terminal: TerminalSession;
  readonly #timeouts: Partial<HttpTimeouts>;
  readonly #payTimeouts: Partial<HttpTimeouts>;
  readonly #operator: string;

  constructor(ctx: ConnectorContext, options: ShouqianbaConnectorOptions = {}) {
    this.name = ctx.channelName;
    this.#ctx = ctx;
    this.#http = options.http ?? sharedHttpClient();
    this.#timeouts = options.timeouts ?? {};
    this.#payTimeouts = { ...PAY_TIMEOUTS, ...options.timeouts, ...options.payTimeouts };
    this.#terminal = new TerminalSession(ctx, this.#http, this.#timeouts);
    this.#operator = clip(options.operator ?? 'polypay', 32);
  }

  refundPolicy(payway: string): RefundPolicy {
    return { windowDays: REFUND_WINDOW_DAYS, allowPartial: payway !== 'baifubao', allowFull: true };
  }

  async pay(charge: ChannelCharge): Promise<ChannelOutcome> {
    const body = {
      client_sn: clientSnOf(charge),
      total_amount: String(charge.amount),
      dynamic_id: charge.authCode ?? '',
      ...this.#paywayOf(charge),
      subject: clip(charge.subject, 64),
      operator: this.#operator,
      reflect: clip(charge.chargeId, 64),
      ...this.#notify(),
    };
    return this.#call('pay', '/upay/v2/pay', body, this.#payTimeouts);
  }

  async precreate(charge: ChannelCharge): Promise<ChannelOutcome> {
    const payerUid = charge.metadata?.payer_uid;
    const body = {
      client_sn: clientSnOf(charge),
      total_amount: String(charge.amount),
      ...this.#paywayOf(charge),
      sub_payway: SHOUQIANBA_SUB_PAYWAY_CODES[charge.subPayway],
      ...(payerUid === undefined ? {} : { payer_uid: payerUid }),
      subject: clip(charge.subject, 64),
      operator: this.#operator,
      reflect: clip(charge.chargeId, 64),
      ...this.#notify(),
    };
    return this.#call('precreate', '/upay/v2/precreate', body);
  }

  query(charge: ChannelCharge): Promise<ChannelOutcome> {
    return this.#call('query', '/upay/v2/query', { client_sn: clientSnOf(charge) });
  }

  cancel(charge: ChannelCharge): Promise<ChannelOutcome> {
    return this.#call('cancel', '/upay/v2/cancel', { client_sn: clientSnOf(charge) });
  }

  /** upay has no close: an unpaid order is closed by cancelling it (an unpaid QR order, a stalled payment). */
  close(charge: ChannelCharge): Promise<ChannelOutcome> {
    return this.#call('cancel', '/upay/v2/cancel', { client_sn: clientSnOf(charge) });
  }

  /** Same-day manual cancel of a paid order, fee included: revoke. */
  void(charge: ChannelCharge): Promise<ChannelOutcome> {
    return this.#call('revoke', '/upay/v2/revoke', { client_sn: clientSnOf(charge) });
  }

  refund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    return this.#call('refund', '/upay/v2/refund', {
      client_sn: clientSnOf(charge),
      refund_request_no: refundRequestNoOf(refund),
      operator: this.#operator,
      refund_amount: String(refund.amount),
    });
  }

  queryRefund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome> {
    return this.#call('query_refund', '/upay/v2/query', {
      client_sn: clientSnOf(charge),
      refund_request_no: refundRequestNoOf(refund),
    });
  }

  #paywayOf(charge: ChannelCharge): { payway?: string } {
    const code = SHOUQIANBA_PAYWAY_CODES[charge.payway as ShouqianbaPayway];
    return code === undefined ? {} : { payway: code };
  }

  #notify(): { notify_url?: string } {
    const url = this.#ctx.notifyUrl;
    return url !== '' && url.length <= 128 ? { notify_url: url } : {};
  }

  /**
   * Signs and sends one call; a refused signature (the key rotated under us) is recovered once, which is
   * safe because upay did nothing with the refused call. Transport faults throw ChannelIoError.
   */
  async #call(
    operation: SqbOperation,
    path: string,
    fields: Record<string, string>,
    timeouts: Partial<HttpTimeouts> = this.#timeouts,
  ): Promise<ChannelOutcome> {
    let keys: TerminalKeys;
    try {
      keys = await this.#terminal.keys();
    } catch (error) {
      return this.#notSent(operation, error);
    }
    let outcome = await this.#send(operation, path, fields, keys, timeouts);
    if (outcome.error?.channelError?.code === 'ILLEGAL_SIGN') {
      try {
        keys = await this.#terminal.recover(keys);
      } catch {
        return outcome;
      }
      outcome = await this.#send(operation, path, fields, keys, timeouts);
    }
    return outcome;
  }

  async #send(
    operation: SqbOperation,
    path: string,
    fields: Record<string, string>,
    keys: TerminalKeys,
    timeouts: Partial<HttpTimeouts>,
  ): Promise<ChannelOutcome> {
    const request = signedRequest({ terminal_sn: keys.sn, ...fields }, keys);
    const answer = await this.#http.send(this.#ctx.baseUrl, { path, ...request, timeouts });
    return outcomeOf(operation, readAnswer(answer.body));
  }

  /** The terminal is not usable: the call never left, a definite failure with the reason. */
  #notSent(operation: SqbOperation, error: unknown): ChannelOutcome {
    if (!(error instanceof TerminalUnavailable)) throw error;
    const notDone: BizResult =
      operation === 'pay' ? 'PAY_FAIL' : operation === 'precreate' ? 'PRECREATE_FAIL' : 'FAIL';
    if (error.answer !== undefined) {
      const refused = outcomeOf(operation, error.answer);
      return {
        bizResult: notDone,
        flowStatus: 'FAIL_CANCELED',
        ...(refused.error ? { error: refused.error } : {}),
      };
    }
    return {
      bizResult: notDone,
      flowStatus: 'FAIL_CANCELED',
      error: {
        code: 'channel_connection_error',
        channelError: { provider: 'shouqianba', code: 'TERMINAL_UNAVAILABLE', message: error.message },
      },
    };
  }
}

/** The connector the channel registry builds Shouqianba channels with. */
export function createShouqianbaConnector(options: ShouqianbaConnectorOptions = {}): ProviderConnector {
  return {
    provider: 'shouqianba',
    credentialFields: ['vendor_sn', 'vendor_key', 'app_id', 'code'],
    optionalCredentialFields: ['sqb_public_key'],
    supports: {
      payways: Object.keys(SHOUQIANBA_PAYWAY_CODES),
      subPayways: ['barcode', 'qrcode'],
      currencies: ['CNY'],
    },
    create: (ctx) => new ShouqianbaChannel(ctx, options),
    checkNotification: checkShouqianbaNotification,
  };
}

export const shouqianbaConnector = createShouqianbaConnector();
