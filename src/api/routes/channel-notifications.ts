import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { receiveChannelNotification } from '../../services/channel-notifications.js';
import type { ApiContext } from '../context.js';

const Params = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9_]+$' }),
  config_id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_]+$' }),
});

/** Header naming the unified code when a notification was refused (the body is in the provider's form). */
export const NOTIFICATION_RESULT_HEADER = 'polypay-notification-error';

/**
 * Notifications from providers, one URL per channel configuration. No API key: the provider signs them,
 * and its connector checks the signature over the exact bytes received, whatever their content type.
 */
export async function channelNotificationRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const deps = ctx.charges;
  const channels = ctx.channels;
  if (!deps || !channels) return;
  // Encapsulated: in this plugin every body is kept as raw bytes (JSON, form, text alike).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Params: Static<typeof Params> }>(
    '/v1/channel_notifications/:provider/:config_id',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['channel configurations'],
        summary: 'Receive a provider notification for a channel configuration (called by the provider)',
        description:
          'The connector checks the signature over the raw body. A good notification makes polypay ' +
          'query the provider about the charge it names (the query, not the notification, is the ' +
          'truth) and answers the provider’s acknowledgement. A bad signature changes nothing ' +
          `(${NOTIFICATION_RESULT_HEADER}: channel_sign_error); an order the configuration does not ` +
          'know changes nothing (channel_notify_id_error).',
        params: Params,
      },
    },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await receiveChannelNotification(deps, channels, {
        provider: request.params.provider,
        configId: request.params.config_id,
        raw,
        headers: request.headers,
      });
      if (answer.code) {
        // The provider reads its own form; polypay's log and this header keep the unified code.
        request.log.warn({ notification_error: answer.code }, 'provider notification changed nothing');
        reply.header(NOTIFICATION_RESULT_HEADER, answer.code);
      }
      return reply.status(answer.ack.status).type(answer.ack.contentType).send(answer.ack.body);
    },
  );
}
