import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

/** Every POST route a merchant can call; grows with the API. */
const POST_ROUTES = ['/v1/app'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: random JSON bodies never produce a server error`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => api?.close());

    it('answers 2xx or 4xx with the envelope for any JSON value', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...POST_ROUTES),
          fc.jsonValue({ maxDepth: 3 }),
          async (path, value) => {
            const response = await api.request<{ code: unknown }>('POST', path, {
              body: JSON.stringify(value),
            });
            expect(response.status, response.text).toBeLessThan(500);
            if (response.status >= 400) expect(typeof response.body.code).toBe('string');
          },
        ),
        { numRuns: 150 },
      );
    });

    it('answers 4xx for any byte string sent as JSON', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
          const response = await api.request('POST', '/v1/app', { body: text === '' ? ' ' : text });
          expect(response.status, response.text).toBeLessThan(500);
        }),
        { numRuns: 100 },
      );
    });
  });
}
