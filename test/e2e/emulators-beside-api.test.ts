import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerJsonParser } from '../../src/api/raw-body.js';
import { EMULATORS, mountEmulators } from '../../src/channels/emulators.js';
import { md5Sign } from '../../src/channels/shouqianba/emulator/hand-client.js';

describe('mountEmulators', () => {
  it('mounts every emulator under /_emulators/<provider> beside the API, each with its own control', async () => {
    const app = Fastify();
    registerJsonParser(app);
    app.post('/v1/echo', async (request) => ({ body: request.body }));
    const mounted = await mountEmulators(app);
    expect([...mounted.keys()].sort()).toEqual(Object.keys(EMULATORS).sort());

    const creds = mounted.get('shouqianba')!.credentials();
    const raw = JSON.stringify({ app_id: creds.app_id, code: creds.code, device_id: 'mounted' });
    const activated = await app.inject({
      method: 'POST',
      url: '/_emulators/shouqianba/terminal/activate',
      headers: {
        'content-type': 'Application/Json; charset=UTF-8',
        authorization: `${creds.vendor_sn} ${md5Sign(raw, creds.vendor_key!)}`,
      },
      payload: raw,
    });
    expect(activated.json()).toMatchObject({
      result_code: '200',
      biz_response: { terminal_sn: expect.any(String) },
    });

    const queued = await app.inject({
      method: 'POST',
      url: '/_emulators/shouqianba/_emulator/scenarios',
      payload: { operation: 'pay', fault: 'timeout' },
    });
    expect(queued.statusCode).toBe(200);
    const listed = await app.inject({ method: 'GET', url: '/_emulators/shouqianba/_emulator/scenarios' });
    expect(listed.json()).toMatchObject({ scenarios: [{ operation: 'pay', fault: 'timeout' }] });

    // The API's own JSON parsing is untouched by the emulators' raw-body parser.
    const echoed = await app.inject({ method: 'POST', url: '/v1/echo', payload: { a: 1 } });
    expect(echoed.json()).toEqual({ body: { a: 1 } });
    await app.close();
  });
});
