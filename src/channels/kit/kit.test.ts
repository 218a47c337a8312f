import { createServer } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioErrorOf } from '../../../test/helpers/channel-io.js';
import {
  buildEmulator,
  callbackMangle,
  type Emulator,
  garbledBody,
  ScenarioQueue,
  type StandaloneEmulator,
  startStandaloneEmulator,
} from './emulator/index.js';
import { ChannelHttpClient, parseJsonBody } from './http-client.js';
import { hmacSha256Hex, md5Hex, sha256Hex, signaturesEqual, sortedForm } from './signing.js';

/** A tiny provider: echoes the raw body and the scenario code, so the scaffold can be tested alone. */
function echoEmulator(): Emulator {
  return buildEmulator(
    {
      provider: 'echo',
      operations: ['echo'],
      checkCode: (_operation, code) => (code === 'NOPE' ? 'echo does not know NOPE' : undefined),
      routes(_app, kit) {
        kit.operation('/echo', 'echo', async (call) => ({
          body: JSON.stringify({
            raw: call.raw.toString('utf8'),
            code: call.code ?? null,
            bad: call.badSignature,
            content_type: call.request.headers['content-type'] ?? null,
            now: kit.clock.now(),
          }),
        }));
      },
    },
    {},
    () => ({ secret: 's3cret' }),
  );
}

describe('channel kit', () => {
  let server: StandaloneEmulator;
  let emulator: Emulator;
  const http = new ChannelHttpClient({ timeouts: { connectMs: 1_000, answerMs: 300, totalMs: 2_000 } });

  beforeAll(async () => {
    emulator = echoEmulator();
    server = await startStandaloneEmulator(emulator);
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });

  const control = (method: 'POST' | 'GET' | 'DELETE', path: string, body?: unknown) =>
    http.send(server.url, {
      method,
      path,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('signing helpers give the known digests and forms', () => {
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('abc', { upper: true })).toBe('900150983CD24FB0D6963F7D28E17F72');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hmacSha256Hex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(
      sortedForm({ b: '2', a: '1', sign: 'x', c: '', d: null, e: { f: 1 } }, { exclude: ['sign'] }),
    ).toBe('a=1&b=2&e={"f":1}');
    expect(signaturesEqual('abcdef', 'ABCDEF', { caseInsensitive: true })).toBe(true);
    expect(signaturesEqual('abcdef', 'ABCDEF')).toBe(false);
    expect(signaturesEqual('abc', 'abcd')).toBe(false);
  });

  it('passes the raw body through whatever the content type, and none', async () => {
    for (const contentType of [
      'application/json',
      'Application/JSON; charset=UTF-8',
      'text/plain',
      undefined,
    ]) {
      const body = '{\r\n  "a" : "1"\r\n}';
      const answer = await http.send(server.url, {
        path: '/echo',
        body,
        headers: contentType === undefined ? {} : { 'content-type': contentType },
      });
      expect(answer.status).toBe(200);
      expect(parseJsonBody(answer.body)).toMatchObject({ raw: body, content_type: contentType ?? null });
    }
  });

  it('queues, lists and clears scenarios, and validates them', async () => {
    const bad = await control('POST', '/_emulator/scenarios', { fault: 'explode' });
    expect(bad.status).toBe(400);
    expect(parseJsonBody(bad.body)).toMatchObject({ field: 'fault' });
    expect((await control('POST', '/_emulator/scenarios', { code: 'NOPE' })).status).toBe(400);
    expect((await control('POST', '/_emulator/scenarios', { operation: 'other', code: 'X' })).status).toBe(
      400,
    );
    await control('POST', '/_emulator/scenarios', [{ code: 'A', times: 2 }, { delay_ms: 1 }]);
    const listed = parseJsonBody((await control('GET', '/_emulator/scenarios')).body) as {
      scenarios: unknown[];
    };
    expect(listed.scenarios).toHaveLength(2);
    const first = parseJsonBody((await http.send(server.url, { path: '/echo', body: '{}' })).body);
    expect(first).toMatchObject({ code: 'A' });
    const cleared = parseJsonBody((await control('DELETE', '/_emulator/scenarios')).body);
    expect(cleared).toEqual({ cleared: 2 });
    expect(parseJsonBody((await http.send(server.url, { path: '/echo', body: '{}' })).body)).toMatchObject({
      code: null,
    });
  });

  it('moves the clock', async () => {
    const before = (parseJsonBody((await control('GET', '/_emulator/clock')).body) as { now: number }).now;
    const moved = parseJsonBody(
      (await control('POST', '/_emulator/clock', { advance_ms: 86_400_000 })).body,
    ) as {
      now: number;
    };
    expect(moved.now - before).toBeGreaterThanOrEqual(86_400_000);
    const set = parseJsonBody(
      (await control('POST', '/_emulator/clock', { now: 1_700_000_000_000 })).body,
    ) as {
      now: number;
    };
    expect(set.now - 1_700_000_000_000).toBeLessThan(60_000);
    await control('POST', '/_emulator/clock', { now: null });
  });

  it('classifies each fault as a ChannelIoError with its flow status', async () => {
    const cases = [
      { fault: 'reset', flow: 'FAIL_IO_1', code: 'channel_connection_error' },
      { fault: 'timeout', flow: 'FAIL_IO_2', code: 'channel_connection_error' },
      { fault: 'http_500', flow: 'FAIL_PROTOCOL_1', code: 'channel_connection_error' },
    ] as const;
    for (const c of cases) {
      await control('POST', '/_emulator/scenarios', { fault: c.fault, operation: 'echo' });
      const error = await ioErrorOf(http.send(server.url, { path: '/echo', body: '{}' }));
      expect([error.flowStatus, error.code]).toEqual([c.flow, c.code]);
    }
    await control('POST', '/_emulator/scenarios', { fault: 'garbled' });
    const garbled = await http.send(server.url, { path: '/echo', body: '{}' });
    const parseError = await ioErrorOf(Promise.resolve().then(() => parseJsonBody(garbled.body)));
    expect([parseError.flowStatus, parseError.code]).toEqual(['FAIL_PROTOCOL_2', 'channel_parse_error']);
    await control('POST', '/_emulator/scenarios', { fault: 'bad_signature' });
    expect(parseJsonBody((await http.send(server.url, { path: '/echo', body: '{}' })).body)).toMatchObject({
      bad: true,
    });
  });

  it('classifies a refused connection and a total deadline', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const refused = await ioErrorOf(http.send(`http://127.0.0.1:${port}`, { path: '/echo', body: '{}' }));
    expect([refused.flowStatus, refused.code]).toEqual(['FAIL_IO_1', 'channel_connection_error']);
    await control('POST', '/_emulator/scenarios', { delay_ms: 1_000 });
    const late = await ioErrorOf(
      http.send(server.url, { path: '/echo', body: '{}', timeouts: { answerMs: 5_000, totalMs: 200 } }),
    );
    expect(late.flowStatus).toBe('FAIL_IO_2');
  });

  it('mounts under a prefix inside an app that has its own JSON parser', async () => {
    const app = Fastify();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_r, body, done) => done(null, body));
    app.post('/v1/x', async (request) => ({ type: typeof request.body }));
    const mounted = echoEmulator();
    await app.register(mounted.plugin, { prefix: '/_emulators/echo' });
    const echoed = await app.inject({
      method: 'POST',
      url: '/_emulators/echo/echo',
      headers: { 'content-type': 'APPLICATION/JSON;charset=gbk' },
      payload: '{"a":"1"}',
    });
    expect(echoed.json()).toMatchObject({ raw: '{"a":"1"}' });
    const own = await app.inject({ method: 'POST', url: '/v1/x', payload: { a: 1 } });
    expect(own.json()).toEqual({ type: 'string' });
    await app.close();
  });

  it('a callback takes only a scenario that names notify; a catch-all one is left for the next call', () => {
    const queue = new ScenarioQueue();
    queue.add({ fault: 'timeout' });
    queue.add({ operation: 'notify', fault: 'bad_signature' });
    expect(callbackMangle(queue)).toBeUndefined();
    expect(queue.list()).toHaveLength(2);
    expect(queue.take('echo')?.fault).toBe('timeout');
    expect(callbackMangle(queue)).toBe('bad_signature');
    expect(queue.list()).toHaveLength(0);
    queue.add({ operation: 'notify', fault: 'garbled' });
    expect(callbackMangle(queue)).toBe('garbled');
    queue.add({ operation: 'notify', fault: 'reset' });
    expect(callbackMangle(queue)).toBeUndefined();
    expect(callbackMangle(undefined)).toBeUndefined();
    expect(() => JSON.parse(garbledBody('{"a":1,"b":2}'))).toThrow();
  });
});
