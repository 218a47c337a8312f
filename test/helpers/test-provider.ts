/**
 * "testpay": a small provider of our own, for the channel configuration, registry and notification
 * suites. A real HTTP server keeps orders in memory and signs what it sends (HMAC-SHA256 of the body
 * with the configuration's `secret`, header `x-sign`); its connector is a real ProviderConnector that
 * checks in once (keeping its session in the connector state), signs its requests and verifies answers
 * and notifications. It stands in for the real providers' connectors, which are tested on their own.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorContext, ProviderConnector } from '../../src/channels/kit/connector.js';
import {
  type Channel,
  type ChannelCharge,
  ChannelIoError,
  type ChannelOutcome,
  type ChannelRefund,
} from '../../src/channels/port.js';
import type { ChargeStatus } from '../../src/domain/statuses.js';

export const TEST_PROVIDER = 'testpay';

export const sign = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(body).digest('hex');

function signatureMatches(secret: string, body: string | Buffer, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

interface Order {
  outTradeNo: string;
  tradeNo: string;
  amount: number;
  refunded: number;
  /** Refunded amount the provider has accepted but not yet settled (deferRefunds). */
  pendingRefund: number;
  status: ChargeStatus;
}

export interface TestProvider {
  readonly url: string;
  readonly merchantNo: string;
  readonly secret: string;
  readonly orders: Map<string, Order>;
  /** Every request received, by path (`/checkin`, `/query`, …). */
  readonly calls: string[];
  /** When true, refunds are accepted as processing and settle only on settleRefunds(). */
  deferRefunds: boolean;
  /** Runs when a refund is done here, before it is answered (a notification that overtakes the answer). */
  beforeRefundAnswer: (() => Promise<void>) | undefined;
  settleRefunds(outTradeNo: string): void;
  /** The buyer pays a QR order. */
  markPaid(outTradeNo: string): void;
  /** Sends a payment notification to `notifyUrl`, signed unless told otherwise; answers status and body. */
  notify(
    notifyUrl: string,
    fields: Record<string, string>,
    options?: { badSignature?: boolean; form?: boolean },
  ): Promise<{ status: number; body: string; headers: Headers }>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestProvider(): Promise<TestProvider> {
  const merchantNo = `m${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const orders = new Map<string, Order>();
  const sessions = new Set<string>();
  const calls: string[] = [];
  let trades = 0;
  const settings: { deferRefunds: boolean; beforeRefundAnswer: (() => Promise<void>) | undefined } = {
    deferRefunds: false,
    beforeRefundAnswer: undefined,
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request);
      const path = request.url ?? '/';
      calls.push(path);
      const answer = (status: number, value: Record<string, unknown>) => {
        const body = JSON.stringify(value);
        response.writeHead(status, { 'content-type': 'application/json', 'x-sign': sign(secret, body) });
        response.end(body);
      };
      if (!signatureMatches(secret, raw, request.headers['x-sign']))
        return answer(401, { error: 'bad_sign' });
      const input = JSON.parse(raw) as Record<string, string | number>;
      if (input.merchant_no !== merchantNo) return answer(403, { error: 'unknown_merchant' });
      if (path === '/checkin') {
        const session = randomBytes(8).toString('hex');
        sessions.add(session);
        return answer(200, { session });
      }
      if (!sessions.has(String(request.headers['x-session']))) return answer(401, { error: 'no_session' });
      const outTradeNo = String(input.out_trade_no);
      const order = orders.get(outTradeNo);
      const view = (o: Order) => ({
        status: o.status,
        trade_no: o.tradeNo,
        refunded: o.refunded,
        refund_status: o.pendingRefund > 0 ? 'PROCESSING' : 'SUCCESS',
      });
      switch (path) {
        case '/pay':
        case '/precreate': {
          if (order) return answer(409, { error: 'duplicate' });
          trades += 1;
          const created: Order = {
            outTradeNo,
            tradeNo: `tp${String(trades).padStart(10, '0')}`,
            amount: Number(input.amount),
            refunded: 0,
            pendingRefund: 0,
            status: path === '/pay' ? 'PAID' : 'CREATED',
          };
          orders.set(outTradeNo, created);
          return answer(200, { ...view(created), qr_code: `testpay://qr/${created.tradeNo}` });
        }
        default:
          if (!order) return answer(404, { error: 'no_order' });
      }
      switch (path) {
        case '/query':
        case '/query_refund':
          return answer(200, view(order));
        case '/cancel':
          order.status = 'CANCELED';
          return answer(200, view(order));
        case '/close':
          if (order.status !== 'CREATED') return answer(409, { error: 'not_open', ...view(order) });
          order.status = 'CLOSED';
          return answer(200, view(order));
        case '/void':
          order.status = 'VOIDED';
          return answer(200, view(order));
        case '/refund': {
          const amount = Number(input.amount);
          if (order.refunded + order.pendingRefund + amount > order.amount)
            return answer(409, { error: 'too_much', ...view(order) });
          if (settings.deferRefunds) {
            order.pendingRefund += amount;
            return answer(200, view(order));
          }
          order.refunded += amount;
          order.status = order.refunded === order.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
          await settings.beforeRefundAnswer?.();
          return answer(200, view(order));
        }
        default:
          return answer(404, { error: 'no_such_path' });
      }
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    merchantNo,
    secret,
    orders,
    calls,
    get deferRefunds() {
      return settings.deferRefunds;
    },
    set deferRefunds(value) {
      settings.deferRefunds = value;
    },
    get beforeRefundAnswer() {
      return settings.beforeRefundAnswer;
    },
    set beforeRefundAnswer(value) {
      settings.beforeRefundAnswer = value;
    },
    settleRefunds(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`testpay has no order ${outTradeNo}`);
      order.refunded += order.pendingRefund;
      order.pendingRefund = 0;
      order.status = order.refunded === order.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
    },
    markPaid(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`testpay has no order ${outTradeNo}`);
      order.status = 'PAID';
    },
    async notify(notifyUrl, fields, options = {}) {
      const body = options.form ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
      const response = await fetch(notifyUrl, {
        method: 'POST',
        headers: {
          'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
          'x-sign': options.badSignature ? sign('not the secret', body) : sign(secret, body),
        },
        body,
      });
      return { status: response.status, body: await response.text(), headers: response.headers };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How testpay's order statuses read as the operation results the services understand. */
function outcomeOf(
  operation: 'pay' | 'precreate' | 'query' | 'cancel' | 'close' | 'void' | 'refund',
  status: number,
  body: Record<string, unknown>,
): ChannelOutcome {
  const orderStatus = body.status as ChargeStatus | undefined;
  const tradeNo = typeof body.trade_no === 'string' ? { channelTradeNo: body.trade_no } : {};
  if (status !== 200) {
    return {
      bizResult: operation === 'refund' ? 'REFUND_ERROR' : 'FAIL',
      flowStatus: 'FAIL_CANCELED',
      ...(orderStatus ? { orderStatus } : {}),
      ...tradeNo,
      error: {
        code: operation === 'close' ? 'charge_closed' : 'refund_refused',
        channelError: { provider: 'paycools', code: String(body.error), message: `testpay: ${body.error}` },
      },
    };
  }
  switch (operation) {
    case 'pay':
      return { bizResult: 'PAY_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'PAID', ...tradeNo };
    case 'precreate':
      return {
        bizResult: 'PRECREATE_SUCCESS',
        flowStatus: 'IN_PROG',
        orderStatus: 'CREATED',
        qrCode: String(body.qr_code),
        ...tradeNo,
      };
    case 'cancel':
      return { bizResult: 'CANCEL_SUCCESS', flowStatus: 'SUCCESS', orderStatus: 'CANCELED', ...tradeNo };
    case 'refund':
      return body.refund_status === 'PROCESSING'
        ? { bizResult: 'REFUND_IN_PROGRESS', flowStatus: 'IN_PROG', ...(orderStatus ? { orderStatus } : {}) }
        : { bizResult: 'REFUND_SUCCESS', flowStatus: 'SUCCESS', ...(orderStatus ? { orderStatus } : {}) };
    default:
      return {
        bizResult: 'SUCCESS',
        flowStatus: orderStatus === 'CREATED' ? 'IN_PROG' : 'SUCCESS',
        ...(orderStatus ? { orderStatus } : {}),
        ...tradeNo,
      };
  }
}

class TestpayChannel implements Channel {
  readonly name: string;
  readonly #ctx: ConnectorContext;

  constructor(ctx: ConnectorContext) {
    this.name = ctx.channelName;
    this.#ctx = ctx;
  }

  refundPolicy() {
    return { windowDays: 365, allowPartial: true, allowFull: true };
  }

  async #post(path: string, fields: Record<string, unknown>, session?: string) {
    const { credentials } = this.#ctx;
    const body = JSON.stringify({ merchant_no: credentials.merchant_no, ...fields });
    let response: Response;
    try {
      response = await fetch(`${this.#ctx.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sign': sign(credentials.secret!, body),
          ...(session ? { 'x-session': session } : {}),
        },
        body,
      });
    } catch (error) {
      throw new ChannelIoError('FAIL_IO_1', 'channel_connection_error', `testpay: ${String(error)}`);
    }
    const text = await response.text();
    if (!signatureMatches(credentials.secret!, text, response.headers.get('x-sign')))
      throw new ChannelIoError('FAIL_PROTOCOL_1', 'channel_sign_error', 'testpay: answer badly signed');
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  }

  /** The session from the connector state, checking in (once, across restarts) when there is none. */
  async #session(): Promise<string> {
    const saved = await this.#ctx.state.load();
    if (saved?.session) return saved.session;
    const answer = await this.#post('/checkin', {});
    const session = String(answer.body.session);
    await this.#ctx.state.save({ session });
    return session;
  }

  async #call(
    operation: Parameters<typeof outcomeOf>[0],
    path: string,
    fields: Record<string, unknown>,
  ): Promise<ChannelOutcome> {
    const answer = await this.#post(path, fields, await this.#session());
    return outcomeOf(operation, answer.status, answer.body);
  }

  pay(charge: ChannelCharge) {
    return this.#call('pay', '/pay', {
      out_trade_no: charge.outTradeNo,
      amount: charge.amount,
      auth_code: charge.authCode,
      notify_url: this.#ctx.notifyUrl,
    });
  }
  precreate(charge: ChannelCharge) {
    return this.#call('precreate', '/precreate', {
      out_trade_no: charge.outTradeNo,
      amount: charge.amount,
      notify_url: this.#ctx.notifyUrl,
    });
  }
  query(charge: ChannelCharge) {
    return this.#call('query', '/query', { out_trade_no: charge.outTradeNo });
  }
  cancel(charge: ChannelCharge) {
    return this.#call('cancel', '/cancel', { out_trade_no: charge.outTradeNo });
  }
  close(charge: ChannelCharge) {
    return this.#call('close', '/close', { out_trade_no: charge.outTradeNo });
  }
  void(charge: ChannelCharge) {
    return this.#call('void', '/void', { out_trade_no: charge.outTradeNo });
  }
  refund(charge: ChannelCharge, refund: ChannelRefund) {
    return this.#call('refund', '/refund', { out_trade_no: charge.outTradeNo, amount: refund.amount });
  }
  queryRefund(charge: ChannelCharge) {
    return this.#call('refund', '/query_refund', { out_trade_no: charge.outTradeNo });
  }
}

const text = (body: string, status = 200) => ({ status, contentType: 'text/plain', body });

export const testProviderConnector: ProviderConnector = {
  // A provider outside the shipped ones: the contract's union names only real providers.
  provider: TEST_PROVIDER as ProviderConnector['provider'],
  credentialFields: ['merchant_no', 'secret'],
  supports: { payways: ['alipay', 'wechat'], subPayways: ['barcode', 'qrcode'], currencies: ['CNY', 'HKD'] },
  create: (ctx) => new TestpayChannel(ctx),
  checkNotification(ctx, raw, headers) {
    if (!signatureMatches(ctx.credentials.secret!, raw, headers['x-sign']))
      return { ok: false, code: 'channel_sign_error', message: 'bad x-sign', ack: text('bad sign', 400) };
    let fields: Record<string, unknown>;
    try {
      const form = String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      fields = form
        ? Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
        : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch {
      return { ok: false, code: 'channel_parse_error', message: 'not JSON', ack: text('bad body', 400) };
    }
    return {
      ok: true,
      ...(typeof fields.out_trade_no === 'string' ? { outTradeNo: fields.out_trade_no } : {}),
      ...(typeof fields.trade_no === 'string' ? { channelTradeNo: fields.trade_no } : {}),
      ...(typeof fields.refund_no === 'string' ? { refundNo: fields.refund_no } : {}),
      ack: text('success'),
      reject: text('unknown order', 404),
    };
  },
};

/** The same provider whose connector has no answer of its own for an unknown order. */
export const PLAIN_TEST_PROVIDER = 'testpay_plain';
const plainConnector: ProviderConnector = {
  ...testProviderConnector,
  checkNotification(ctx, raw, headers) {
    const check = testProviderConnector.checkNotification(ctx, raw, headers);
    if (!check.ok) return check;
    const { reject: _none, ...rest } = check;
    return rest;
  },
};

export const TEST_PROVIDERS = {
  [TEST_PROVIDER]: testProviderConnector,
  [PLAIN_TEST_PROVIDER]: plainConnector,
};
