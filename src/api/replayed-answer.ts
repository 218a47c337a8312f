import type { FastifyReply } from 'fastify';

/**
 * The stored answer of an Idempotency-Key's first request, to be sent again. Thrown where the key is
 * claimed inside a use case's unit of work (requestWritesOf), and answered by the error handler.
 */
export class ReplayedAnswer extends Error {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    /** The answer's bytes, unsealed. */
    readonly body: string,
  ) {
    super('idempotent replay');
    this.name = 'ReplayedAnswer';
  }
}

export function sendReplayedAnswer(reply: FastifyReply, answer: ReplayedAnswer): FastifyReply {
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  return reply.code(answer.status).send(answer.body);
}
