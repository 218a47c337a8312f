import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature, WebhookSignatureError } from './index.js';

const SECRET = 'whsec_0123456789abcdefghijABCDEFGHIJ';
const OLD = 'whsec_oldoldoldoldoldoldoldoldoldold';
const BODY = JSON.stringify({
  id: 'evt_1',
  type: 'charge.succeeded',
  created: 1,
  data: { object: { id: 'ch_1' } },
});
const T = 1_750_000_000;
const NOW = T * 1000;

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('signWebhookPayload', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signWebhookPayload(BODY, [SECRET], T)).toBe(`t=${T},v1=${expected}`);
  });

  it('carries one v1 per secret, in order', () => {
    const header = signWebhookPayload(BODY, [SECRET, OLD], T);
    const parts = header.split(',');
    expect(parts).toHaveLength(3);
    expect(parts[2]).toBe(`v1=${createHmac('sha256', OLD).update(`${T}.${BODY}`).digest('hex')}`);
  });

  it('signs the UTF-8 bytes of non-ASCII bodies and secrets', () => {
    const body = '{"subject":"咖啡 ☕"}';
    const secret = 'whsec_密钥';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${T}.${body}`, 'utf8'))
      .digest('hex');
    expect(signWebhookPayload(body, [secret], T)).toBe(`t=${T},v1=${expected}`);
  });

  it('refuses no secret and a bad timestamp', () => {
    expect(() => signWebhookPayload(BODY, [], T)).toThrow(TypeError);
    expect(() => signWebhookPayload(BODY, [SECRET], 1.5)).toThrow(TypeError);
  });
});

describe('verifyWebhookSignature', () => {
  it('answers the parsed event for a good signature (string or Buffer payload)', () => {
    const header = signWebhookPayload(BODY, [SECRET], T);
    expect(verifyWebhookSignature({ payload: BODY, header, secret: SECRET, now: NOW }).id).toBe('evt_1');
    expect(
      verifyWebhookSignature({ payload: Buffer.from(BODY), header: [header], secret: SECRET, now: NOW }).type,
    ).toBe('charge.succeeded');
  });

  it('accepts either secret during a rotation', () => {
    const header = signWebhookPayload(BODY, [SECRET, OLD], T);
    expect(verifyWebhookSignature({ payload: BODY, header, secret: SECRET, now: NOW }).id).toBe('evt_1');
    expect(verifyWebhookSignature({ payload: BODY, header, secret: OLD, now: NOW }).id).toBe('evt_1');
  });

  it('says why it refuses', () => {
    const header = signWebhookPayload(BODY, [SECRET], T);
    const verify = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) => () =>
      verifyWebhookSignature({ payload: BODY, header, secret: SECRET, now: NOW, ...over });
    expect(reasonOf(verify({ header: undefined }))).toBe('missing_header');
    expect(reasonOf(verify({ header: '' }))).toBe('missing_header');
    expect(reasonOf(verify({ header: 'garbage' }))).toBe('malformed_header');
    expect(reasonOf(verify({ header: `v1=${'a'.repeat(64)}` }))).toBe('malformed_header');
    expect(reasonOf(verify({ header: `t=${T}` }))).toBe('malformed_header');
    expect(reasonOf(verify({ header: `t=abc,v1=${'a'.repeat(64)}` }))).toBe('malformed_header');
    expect(reasonOf(verify({ now: NOW + 301_000 }))).toBe('timestamp_outside_tolerance');
    expect(reasonOf(verify({ now: NOW - 301_000 }))).toBe('timestamp_outside_tolerance');
    expect(reasonOf(verify({ now: NOW + 301_000, toleranceSeconds: 600 }))).toBeUndefined();
    expect(reasonOf(verify({ secret: OLD }))).toBe('no_matching_signature');
    expect(reasonOf(verify({ payload: `${BODY} ` }))).toBe('no_matching_signature');
    expect(reasonOf(verify({ header: `t=${T},v1=zz` }))).toBe('no_matching_signature');
    expect(reasonOf(verify({ header: header.replace(`t=${T}`, `t=${T + 1}`), now: NOW }))).toBe(
      'no_matching_signature',
    );
    const notJson = 'not json';
    expect(
      reasonOf(() =>
        verifyWebhookSignature({
          payload: notJson,
          header: signWebhookPayload(notJson, [SECRET], T),
          secret: SECRET,
          now: NOW,
        }),
      ),
    ).toBe('invalid_payload');
  });

  it('ignores unknown schemes and accepts upper-case hex', () => {
    const header = signWebhookPayload(BODY, [SECRET], T)
      .toUpperCase()
      .replace('T=', 't=')
      .replace('V1=', 'v1=');
    expect(
      verifyWebhookSignature({ payload: BODY, header: `${header},v0=abc`, secret: SECRET, now: NOW }).id,
    ).toBe('evt_1');
  });

  it('round-trips any body and secrets, and refuses any other secret', () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
        fc.string({ minLength: 1 }),
        (body, secrets, other) => {
          const header = signWebhookPayload(body, secrets, T);
          for (const secret of secrets) {
            expect(verifyWebhookSignature({ payload: body, header, secret, now: NOW })).toEqual(
              JSON.parse(body),
            );
          }
          if (!secrets.includes(other)) {
            expect(
              reasonOf(() => verifyWebhookSignature({ payload: body, header, secret: other, now: NOW })),
            ).toBe('no_matching_signature');
          }
        },
      ),
    );
  });
});
