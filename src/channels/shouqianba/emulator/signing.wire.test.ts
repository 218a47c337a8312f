import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bizOf, handCall, md5Sign } from './hand-client.js';
import { barcode, base, call, clientSn, pay, term, useWireEmulator } from './wire-harness.js';

/**
 * upay's signing and field checks as the docs give them (sign.md): body bytes and MD5 signatures built
 * here, no connector involved; as strict as upay, and as lenient.
 */

useWireEmulator();

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
