import { createVerify, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StandaloneEmulator, startStandaloneEmulator } from '../../kit/emulator/index.js';
import { createShouqianbaEmulator, type ShouqianbaEmulator } from './emulator.js';
import { bizOf, handCall, md5Sign } from './hand-client.js';

/**
 * The upay protocol as the docs give it (sign.md, interface/*.md), spoken by hand to the emulator: body
 * bytes and MD5 signatures built here, no connector involved.
 */

let emulator: ShouqianbaEmulator;
let server: StandaloneEmulator;
let base: string;
let creds: Readonly<Record<string, string>>;
let notifyServer: Server;
let notifyUrl: string;
const received: { body: string; authorization: string | undefined }[] = [];
let notifyAnswers: string[] = [];

const DAY = 86_400_000;

/** A fresh ordinary (single-use) Alipay barcode. */
function barcode(prefix = '28'): string {
  return `${prefix}${String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}
let seq = 0;
const clientSn = () => `wire-${Date.now()}-${++seq}`;

async function activate(deviceId = `dev-${++seq}`) {
  const answer = await handCall(
    base,
    '/terminal/activate',
    { app_id: creds.app_id, code: creds.code, device_id: deviceId },
    creds.vendor_sn!,
    creds.vendor_key!,
  );
  const biz = bizOf(answer);
  return { sn: biz.terminal_sn!, key: biz.terminal_key!, deviceId, answer };
}

type Term = Awaited<ReturnType<typeof activate>>;
let term: Term;

const call = (path: string, body: Record<string, unknown>, t: Term = term, options = {}) =>
  handCall(base, path, { terminal_sn: t.sn, ...body }, t.sn, t.key, options);

const pay = (body: Record<string, unknown> = {}, t: Term = term) =>
  call(
    '/upay/v2/pay',
    {
      client_sn: clientSn(),
      total_amount: '100',
      dynamic_id: barcode(),
      subject: 'tea',
      operator: 'op1',
      ...body,
    },
    t,
  );

beforeAll(async () => {
  emulator = createShouqianbaEmulator({ notifyDelaysMs: [20, 50, 100, 200] });
  server = await startStandaloneEmulator(emulator);
  base = server.url;
  creds = emulator.credentials();
  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
      });
      res.end(notifyAnswers.shift() ?? 'success');
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  const address = notifyServer.address();
  notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/notify`;
  term = await activate();
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => notifyServer.close(resolve));
});

beforeEach(() => {
  emulator.scenarios.clear();
  emulator.clock.reset();
});

describe('terminal activation and check-in', () => {
  it('activates with the vendor key and answers the terminal sn and key', () => {
    expect(term.answer.json.result_code).toBe('200');
    expect(term.sn).toMatch(/^\d+$/);
    expect(term.key).toMatch(/^[0-9a-f]{32}$/);
    expect(bizOf(term.answer)).toMatchObject({
      merchant_sn: expect.any(String),
      store_sn: expect.any(String),
    });
  });

  it('refuses a bad vendor signature, a wrong app_id, an unknown code and a device already used', async () => {
    const body = { app_id: creds.app_id, code: creds.code, device_id: 'x1' };
    const badSign = await handCall(base, '/terminal/activate', body, creds.vendor_sn!, 'wrong');
    expect(badSign.json).toMatchObject({ result_code: '400', error_code: 'ILLEGAL_SIGN' });
    const badApp = await handCall(
      base,
      '/terminal/activate',
      { ...body, app_id: 'nope' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(badApp.json).toMatchObject({ result_code: '400', error_code: 'INVALID_PARAMS' });
    const badCode = await handCall(
      base,
      '/terminal/activate',
      { ...body, code: '1' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(badCode.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '激活码不存在' });
    const again = await handCall(
      base,
      '/terminal/activate',
      { ...body, device_id: term.deviceId },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(again.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '设备号重复' });
  });

  it('an activation code expires after 7 days', async () => {
    const code = emulator.upay.issueActivationCode();
    emulator.clock.advance(7 * DAY + 1);
    const answer = await handCall(
      base,
      '/terminal/activate',
      { app_id: creds.app_id, code, device_id: 'late' },
      creds.vendor_sn!,
      creds.vendor_key!,
    );
    expect(answer.json).toMatchObject({ error_code: 'INVALID_PARAMS', error_message: '激活码已过期' });
  });

  it('check-in rotates the key: the old one is refused, except for a repeated check-in', async () => {
    const t = await activate();
    const first = await call('/terminal/checkin', { device_id: t.deviceId }, t);
    const k1 = bizOf(first).terminal_key!;
    expect(k1).not.toBe(t.key);
    expect(bizOf(first)).toMatchObject({ merchant_sn: '', store_sn: '' });
    // The old key no longer signs payments.
    expect((await pay({}, t)).json).toMatchObject({ result_code: '400', error_code: 'ILLEGAL_SIGN' });
    // The check-in answer was lost: check in again with the old key.
    const second = await call('/terminal/checkin', { device_id: t.deviceId }, t);
    const k2 = bizOf(second).terminal_key!;
    expect(k2).not.toBe(k1);
    expect(bizOf(await pay({}, { ...t, key: k2 }))).toMatchObject({ result_code: 'PAY_SUCCESS' });
    expect((await pay({}, { ...t, key: k1 })).json).toMatchObject({ error_code: 'ILLEGAL_SIGN' });
  });
});

describe('signing: exactly as strict as upay, and as lenient', () => {
  it('accepts MD5 in either case, pretty-printed CRLF bodies, escaped JSON, nulls and empty values', async () => {
    expect(bizOf(await pay()).result_code).toBe('PAY_SUCCESS');
    for (const upper of [true, false]) {
      const body = {
        terminal_sn: term.sn,
        client_sn: clientSn(),
        total_amount: 100,
        dynamic_id: barcode(),
        subject: '\u8336 tea / 1',
        operator: 'op',
        description: null,
        reflect: '',
        payway: null,
      };
      // PHP-style escapes, 4-space indentation and CRLF line ends: signed and checked as these bytes.
      const pretty = JSON.stringify(body, null, 4)
        .replaceAll('\n', '\r\n')
        .replace('"\u8336', '"\\u8336')
        .replace(' / 1', ' \\/ 1');
      const answer = await handCall(base, '/upay/v2/pay', undefined, term.sn, term.key, {
        raw: pretty,
        upper,
      });
      expect(bizOf(answer)).toMatchObject({ result_code: 'PAY_SUCCESS', data: { subject: '茶 tea / 1' } });
    }
  });

  it('accepts any Content-Type casing or charset, none at all, and extra headers', async () => {
    for (const contentType of ['Application/JSON', 'application/json; charset=utf-8', 'text/plain', null]) {
      const answer = await call(
        '/upay/v2/pay',
        { client_sn: clientSn(), total_amount: '1', dynamic_id: barcode(), subject: 's', operator: 'o' },
        term,
        { contentType, headers: { Format: 'json', 'X-Extra': '1' } },
      );
      expect(bizOf(answer).result_code).toBe('PAY_SUCCESS');
    }
  });

  it('accepts `Authorization:sn sign` with no space after the colon', async () => {
    const raw = JSON.stringify({
      terminal_sn: term.sn,
      client_sn: clientSn(),
      total_amount: '1',
      dynamic_id: barcode(),
      subject: 's',
      operator: 'o',
    });
    const url = new URL(base);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /upay/v2/pay HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization:${term.sn} ${md5Sign(raw, term.key, true)}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(raw)}\r\nConnection: close\r\n\r\n${raw}`,
        );
      });
      let out = '';
      socket.on('data', (chunk) => {
        out += chunk.toString('utf8');
      });
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(text).toContain('"PAY_SUCCESS"');
  });

  it('signs the raw bytes: a body changed by one space, a missing header, an unknown terminal', async () => {
    const raw = JSON.stringify({ terminal_sn: term.sn, client_sn: 'x' });
    const signedOther = await handCall(base, '/upay/v2/query', undefined, term.sn, term.key, {
      raw: raw.replace(':', ': '),
      authorization: `${term.sn} ${md5Sign(raw, term.key)}`,
    });
    expect(signedOther.json).toMatchObject({
      result_code: '400',
      error_code: 'ILLEGAL_SIGN',
      error_message: '签名错误',
    });
    const none = await call('/upay/v2/query', { client_sn: 'x' }, term, { authorization: null });
    expect(none.json).toMatchObject({ error_code: 'ILLEGAL_SIGN' });
    const unknown = await handCall(
      base,
      '/upay/v2/query',
      { terminal_sn: '999', client_sn: 'x' },
      '999',
      'k',
    );
    expect(unknown.json).toMatchObject({ result_code: '400', error_code: 'INVALID_TERMINAL' });
  });

  it('refuses malformed fields with INVALID_PARAMS naming the field', async () => {
    for (const amount of ['0', '12345678901', '1.5', '-1', 'abc']) {
      const answer = await pay({ total_amount: amount });
      expect(answer.json).toMatchObject({
        result_code: '400',
        error_code: 'INVALID_PARAMS',
        error_message: 'total_amount金额为整数，长度不超过10位，以分为单位',
      });
    }
    expect((await pay({ subject: 'x'.repeat(65) })).json).toMatchObject({
      error_message: 'subject长度不能超过64',
    });
    expect((await pay({ longitude: '121.1' })).json).toMatchObject({ error_code: 'INVALID_PARAMS' });
    expect((await pay({ dynamic_id: null })).json).toMatchObject({ error_message: 'dynamic_id不能为空' });
    expect((await call('/upay/v2/query', {})).json).toMatchObject({
      error_message: 'sn和client_sn不能同时为空',
    });
    const notJson = await handCall(base, '/upay/v2/query', undefined, term.sn, term.key, {
      raw: 'client_sn=1',
    });
    expect(notJson.json).toMatchObject({ error_code: 'INVALID_PARAMS' });
  });
});

describe('orders', () => {
  it('answers a payment as upay does: strings, fen, 13-digit ms timestamps, a 16-digit sn', async () => {
    const answer = await pay({ total_amount: '2501', reflect: 'r-1' });
    expect(answer.json.result_code).toBe('200');
    const data = bizOf(answer).data!;
    for (const value of Object.values(data)) if (!Array.isArray(value)) expect(typeof value).toBe('string');
    expect(data).toMatchObject({
      status: 'SUCCESS',
      order_status: 'PAID',
      total_amount: '2501',
      net_amount: '2501',
      payway: '1',
      sub_payway: '1',
      reflect: 'r-1',
    });
    expect(data.sn).toMatch(/^789\d{13}$/);
    expect(data.finish_time).toMatch(/^\d{13}$/);
    expect(data.ctime).toMatch(/^\d{13}$/);
    const wechat = bizOf(await pay({ dynamic_id: barcode('13') })).data!;
    expect(wechat.payway).toBe('3');
  });

  it('never reuses a client_sn, not even after a failed payment', async () => {
    const sn = clientSn();
    expect(bizOf(await pay({ client_sn: sn, dynamic_id: '2800000000000000' + '01' })).result_code).toBe(
      'PAY_FAIL',
    );
    const again = bizOf(await pay({ client_sn: sn }));
    expect(again).toMatchObject({ result_code: 'PAY_FAIL', error_code: 'CLIENT_SN_CONFLICT' });
  });

  it('queries by sn or client_sn', async () => {
    const paid = bizOf(await pay()).data!;
    for (const ref of [{ sn: paid.sn }, { client_sn: paid.client_sn }]) {
      expect(bizOf(await call('/upay/v2/query', ref))).toMatchObject({
        result_code: 'SUCCESS',
        data: { order_status: 'PAID', sn: paid.sn },
      });
    }
  });

  it('cancels once, the same day, and not after a refund', async () => {
    const paid = bizOf(await pay()).data!;
    expect(bizOf(await call('/upay/v2/cancel', { sn: paid.sn }))).toMatchObject({
      result_code: 'CANCEL_SUCCESS',
      data: { order_status: 'CANCELED', net_amount: '0' },
    });
    expect(bizOf(await call('/upay/v2/cancel', { sn: paid.sn }))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_CANCEL_ORDER_NOOP',
    });
    const refunded = bizOf(await pay()).data!;
    await call('/upay/v2/refund', {
      sn: refunded.sn,
      refund_request_no: 'r1',
      operator: 'o',
      refund_amount: '10',
    });
    expect(bizOf(await call('/upay/v2/revoke', { sn: refunded.sn }))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
    const yesterday = bizOf(await pay()).data!;
    emulator.clock.advance(DAY);
    expect(bizOf(await call('/upay/v2/cancel', { sn: yesterday.sn }))).toMatchObject({
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
  });

  it('refunds partially and fully, idempotently by refund_request_no, never beyond the order', async () => {
    const paid = bizOf(await pay({ total_amount: '100' })).data!;
    const refund = (no: string, amount: string) =>
      call('/upay/v2/refund', { sn: paid.sn, refund_request_no: no, operator: 'o', refund_amount: amount });
    expect(bizOf(await refund('a', '30'))).toMatchObject({
      result_code: 'REFUND_SUCCESS',
      data: { order_status: 'PARTIAL_REFUNDED', net_amount: '70', client_tsn: `${paid.client_sn}-a` },
    });
    expect(bizOf(await refund('a', '30'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_REFUND_ORDER_NOOP',
    });
    expect(bizOf(await refund('b', '71'))).toMatchObject({ error_code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH' });
    // Concurrent refunds of 30 on the 70 left: exactly two get through.
    const answers = await Promise.all(['c', 'd', 'e', 'f'].map((no) => refund(no, '30')));
    expect(answers.filter((a) => bizOf(a).result_code === 'REFUND_SUCCESS')).toHaveLength(2);
    expect(bizOf(await refund('g', '10'))).toMatchObject({
      data: { order_status: 'REFUNDED', net_amount: '0' },
    });
    expect(bizOf(await refund('h', '1'))).toMatchObject({
      error_code: 'UPAY_REFUND_INVALID_ORDER_STATE',
      error_message: '订单已全额退款,可退金额不足',
    });
  });

  it("refunds within three months, drawing on the day's takings", async () => {
    const old = bizOf(await pay({ total_amount: '500' })).data!;
    emulator.clock.advance(DAY);
    const refund = (sn: string, no: string, amount = '100') =>
      call('/upay/v2/refund', { sn, refund_request_no: no, operator: 'o', refund_amount: amount });
    // Yesterday's takings were settled: nothing today to refund from.
    expect(bizOf(await refund(old.sn!, 'w1'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'ACCOUNT_BALANCE_NOT_ENOUGH',
    });
    await pay({ total_amount: '300' });
    expect(bizOf(await refund(old.sn!, 'w2'))).toMatchObject({ result_code: 'REFUND_SUCCESS' });
    emulator.clock.advance(90 * DAY);
    await pay({ total_amount: '300' });
    expect(bizOf(await refund(old.sn!, 'w3'))).toMatchObject({
      result_code: 'FAIL',
      error_code: 'UPAY_REFUND_INVALID_ORDER_STATE',
      error_message: '订单已超过可退款期限',
    });
  });

  it('revoke is for paid orders; cancel also stops an unpaid QR order', async () => {
    const qr = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '5',
        payway: '1',
        subject: 's',
        operator: 'o',
      }),
    ).data!;
    expect(bizOf(await call('/upay/v2/revoke', { sn: qr.sn }))).toMatchObject({
      error_code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
    });
    expect(bizOf(await call('/upay/v2/cancel', { sn: qr.sn }))).toMatchObject({
      result_code: 'CANCEL_SUCCESS',
      data: { order_status: 'CANCELED' },
    });
  });

  it('a QR order: precreate, the buyer pays, query says PAID; an unpaid one expires after 4 minutes', async () => {
    const created = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '88',
        payway: '3',
        subject: 's',
        operator: 'o',
      }),
    );
    expect(created).toMatchObject({
      result_code: 'PRECREATE_SUCCESS',
      data: { order_status: 'CREATED', status: 'IN_PROG' },
    });
    expect(created.data!.qr_code).toMatch(/^weixin:\/\//);
    const scanned = await handCall(base, '/_emulator/buyer/pay', { sn: created.data!.sn }, '', '', {
      authorization: null,
    });
    expect(scanned.status).toBe(200);
    expect(bizOf(await call('/upay/v2/query', { sn: created.data!.sn })).data).toMatchObject({
      order_status: 'PAID',
    });

    const idle = bizOf(
      await call('/upay/v2/precreate', {
        client_sn: clientSn(),
        total_amount: '1',
        payway: '1',
        subject: 's',
        operator: 'o',
      }),
    ).data!;
    emulator.clock.advance(240_001);
    expect(bizOf(await call('/upay/v2/query', { sn: idle.sn }))).toMatchObject({
      result_code: 'SUCCESS',
      error_code: 'TRADE_TIMEOUT',
      data: { order_status: 'PAY_CANCELED', status: 'FAIL_CANCELED' },
    });
    const late = await handCall(base, '/_emulator/buyer/pay', { sn: idle.sn }, '', '', {
      authorization: null,
    });
    expect(late.status).toBe(409);
  });
});

describe('notifications', () => {
  it('POSTs the paid order signed with SHA256withRSA, retrying until the answer is `success`', async () => {
    received.length = 0;
    notifyAnswers = ['not yet'];
    const paid = bizOf(await pay({ notify_url: notifyUrl })).data!;
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    for (const note of received.slice(0, 2)) {
      const valid = createVerify('RSA-SHA256')
        .update(note.body)
        .verify(creds.sqb_public_key!, note.authorization ?? '', 'base64');
      expect(valid).toBe(true);
      expect(JSON.parse(note.body)).toMatchObject({
        sn: paid.sn,
        order_status: 'PAID',
        terminal_sn: term.sn,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(2);
    // The control route lists each attempt with the answer it got.
    const listed = (await (await fetch(`${base}/_emulator/notifications`)).json()) as {
      notifications: {
        sn: string;
        attempt: number;
        status?: number;
        answer?: string;
        badSignature: boolean;
      }[];
    };
    expect(listed.notifications.filter((n) => n.sn === paid.sn)).toMatchObject([
      { attempt: 1, status: 200, answer: 'not yet', badSignature: false },
      { attempt: 2, status: 200, answer: 'success', badSignature: false },
    ]);
  });

  it('signs a notification badly when a bad_signature scenario says so', async () => {
    received.length = 0;
    await handCall(base, '/_emulator/scenarios', { operation: 'notify', fault: 'bad_signature' }, '', '', {
      authorization: null,
    });
    await pay({ notify_url: notifyUrl });
    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const note = received[0]!;
    expect(
      createVerify('RSA-SHA256')
        .update(note.body)
        .verify(creds.sqb_public_key!, note.authorization ?? '', 'base64'),
    ).toBe(false);
    const sn = String(JSON.parse(note.body).sn);
    const listed = (await (await fetch(`${base}/_emulator/notifications`)).json()) as {
      notifications: { sn: string; attempt: number; badSignature: boolean }[];
    };
    expect(listed.notifications.find((n) => n.sn === sn)).toMatchObject({ attempt: 1, badSignature: true });
  });
});

describe('scenarios on the wire', () => {
  it('reset, http_500, garbled and delay', async () => {
    const queue = (scenario: unknown) =>
      handCall(base, '/_emulator/scenarios', scenario, '', '', { authorization: null });
    await queue({ operation: 'pay', fault: 'reset' });
    await expect(pay()).rejects.toThrow();
    await queue({ operation: 'query', fault: 'http_500' });
    expect((await call('/upay/v2/query', { client_sn: 'x' })).status).toBe(500);
    await queue({ operation: 'query', fault: 'garbled' });
    const garbled = await call('/upay/v2/query', { client_sn: 'x' });
    expect(garbled.status).toBe(200);
    expect(() => JSON.parse(garbled.text)).toThrow();
    await queue({ operation: 'query', code: 'UNKNOWN_SYSTEM_ERROR' });
    expect((await call('/upay/v2/query', { client_sn: 'x' })).json).toMatchObject({
      result_code: '500',
      error_code: 'UNKNOWN_SYSTEM_ERROR',
    });
    const refused = await queue({ operation: 'pay', code: 'UPAY_ORDER_NOT_EXISTS' });
    expect(refused.status).toBe(400);
  });
});
