import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';

export async function healthRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get(
    '/healthz',
    { config: { auth: 'none' }, schema: { tags: ['health'], summary: 'Liveness' } },
    async () => ok({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    { config: { auth: 'none' }, schema: { tags: ['health'], summary: 'Readiness: the database answers' } },
    async () => {
      try {
        await ctx.store.ping();
      } catch (cause) {
        throw new PolypayError('service_unavailable', {
          message: 'The database is not reachable.',
          messageZh: '数据库无法连接',
          cause,
        });
      }
      return ok({ status: 'ready', database: ctx.store.dialect });
    },
  );
}
