import type { FastifyInstance } from 'fastify';

/**
 * Routes that exist only in tests, to reach states the real routes reach only under load or failure:
 * a request held open (concurrency, in-flight idempotency) and an unexpected exception.
 */
export function addTestRoutes(app: FastifyInstance): void {
  let calls = 0;
  app.post<{ Body: { ms: number } }>(
    '/v1/test/slow',
    {
      schema: {
        hide: true,
        body: {
          type: 'object',
          properties: { ms: { type: 'integer', minimum: 0, maximum: 5000 } },
          required: ['ms'],
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, request.body.ms));
      return { code: 0, message: 'success', data: { calls, waited_ms: request.body.ms } };
    },
  );
  app.post('/v1/test/boom', { schema: { hide: true } }, async () => {
    throw new Error('secret internal detail at /srv/polypay/db.ts:42');
  });
}
