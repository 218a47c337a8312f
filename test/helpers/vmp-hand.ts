import { createHash } from 'node:crypto';
import { request } from 'undici';

/**
 * EFTPay VMP requests built by hand from the provider documentation (reference §3), independently of the
 * connector's code: sort the non-empty fields except `sign`, join `k=v&…`, prefix the secret code, SHA-256,
 * lowercase hex. Time is `yyyyMMddHHmmss` in Hong Kong time (UTC+8).
 */

export function handSign(fields: Record<string, string | null | undefined>, secret: string): string {
  const plain = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  return createHash('sha256').update(`${secret}${plain}`, 'utf8').digest('hex');
}

export function hkTime(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export interface HandPost {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, string>;
}

/** POSTs `body` as given (string or object → compact JSON) with exactly the headers given. */
export async function postRaw(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HandPost> {
  const response = await request(url, { method: 'POST', body, headers });
  const text = await response.body.text();
  let json: Record<string, string> = {};
  try {
    json = JSON.parse(text) as Record<string, string>;
  } catch {
    // not JSON: the caller looks at text
  }
  return { status: response.statusCode, text, json };
}

/** Whether an answer's sign is right under `secret`, recomputed by hand over the fields received. */
export function answerSignedBy(answer: Record<string, string>, secret: string): boolean {
  return typeof answer.sign === 'string' && answer.sign === handSign(answer, secret);
}

export async function postJson(url: string, body: unknown): Promise<HandPost> {
  return postRaw(url, JSON.stringify(body), { 'content-type': 'application/json' });
}

/** A merchant's hand-made client of one emulator: signs with `secret`, stamps `time` from `now()`. */
export class HandVmp {
  constructor(
    readonly baseUrl: string,
    readonly key: string,
    readonly secret: string,
    readonly now: () => number,
  ) {}

  as(key: string, secret: string): HandVmp {
    return new HandVmp(this.baseUrl, key, secret, this.now);
  }

  signed(fields: Record<string, string | undefined>, time = hkTime(this.now())): Record<string, string> {
    const out: Record<string, string> = { user_confirm_key: this.key, time };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
    out.sign = handSign(out, this.secret);
    return out;
  }

  async call(path: string, fields: Record<string, string | undefined>, time?: string): Promise<HandPost> {
    return postJson(`${this.baseUrl}${path}`, this.signed(fields, time));
  }

  /** An Alipay HK QR order (qrcode scene). */
  async qrOrder(
    outTradeNo: string,
    amount = '100.00',
    extra: Record<string, string> = {},
  ): Promise<HandPost> {
    return this.call('/Servlet/JSAPIService.do', {
      service: 'service.alipay.qrcode.PreOrder',
      out_trade_no: outTradeNo,
      transaction_amount: amount,
      paytype: 'Alipay',
      payment_type: 'ALIPAYHK',
      subject: 'Milk tea',
      ...extra,
    });
  }

  /** A WeChat HK QR order. */
  async wechatOrder(outTradeNo: string, amount = '100.00'): Promise<HandPost> {
    return this.call('/Servlet/JSAPIService.do', {
      service: 'service.wechat.qrcode.PreOrder',
      out_trade_no: outTradeNo,
      transaction_amount: amount,
      paytype: 'WeChat',
      payment_type: 'WECHATHK',
      subject: 'Milk tea',
    });
  }

  /** The buyer scans and pays (the emulator's buyer side). */
  async buyerPays(eftTradeNo: string, result: 'paid' | 'failed' = 'paid'): Promise<HandPost> {
    return postJson(`${this.baseUrl}/_emulator/buyer/${eftTradeNo}`, { result });
  }

  async paidOrder(outTradeNo: string, amount = '100.00', wallet: 'alipay' | 'wechat' = 'alipay') {
    const order =
      wallet === 'alipay'
        ? await this.qrOrder(outTradeNo, amount)
        : await this.wechatOrder(outTradeNo, amount);
    if (order.json.return_status !== '00') throw new Error(`order ${outTradeNo}: ${order.text}`);
    const paid = await this.buyerPays(order.json.eft_trade_no!);
    if (paid.status !== 200) throw new Error(`pay ${outTradeNo}: ${paid.text}`);
    return order.json;
  }

  async qrRefund(
    outTradeNo: string,
    refundNo: string,
    amount: string,
    wallet: 'alipay' | 'wechat' = 'alipay',
  ) {
    return this.call('/Servlet/JSAPIService.do', {
      service: wallet === 'alipay' ? 'service.alipay.qrcode.Refund' : 'service.wechat.qrcode.Refund',
      out_trade_no: outTradeNo,
      paytype: wallet === 'alipay' ? 'Alipay' : 'WeChat',
      payment_type: wallet === 'alipay' ? 'ALIPAYHK' : 'WECHATHK',
      refund_no: refundNo,
      transaction_amount: amount,
    });
  }

  async cancel(outTradeNo: string, wallet: 'alipay' | 'wechat' = 'alipay') {
    return this.call('/Servlet/QRcodeTradeCancel.do', {
      out_trade_no: outTradeNo,
      paytype: wallet === 'alipay' ? 'Alipay' : 'WeChat',
      payment_type: wallet === 'alipay' ? 'ALIPAYHK' : 'WECHATHK',
      buyertype: 'others',
    });
  }

  async close(outTradeNo: string) {
    return this.call('/Servlet/JSAPIService.do', {
      service: 'service.alipay.qrcode.Close',
      out_trade_no: outTradeNo,
      paytype: 'Alipay',
      payment_type: 'ALIPAYHK',
    });
  }

  async query(fields: Record<string, string>) {
    return this.call('/Servlet/QRcodeTradeQuery.do', { querytype: 'OUT_TRADE', ...fields });
  }

  async scenario(body: Record<string, unknown>): Promise<void> {
    const answer = await postJson(`${this.baseUrl}/_emulator/scenarios`, body);
    if (answer.status !== 200) throw new Error(`scenario refused: ${answer.text}`);
  }
}
