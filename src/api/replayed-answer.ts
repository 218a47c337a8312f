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

/** Sets the reply's status and headers to the stored answer's; answers its bytes, to be sent. */
export function replayInto(reply: FastifyReply, answer: ReplayedAnswer): string {
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  reply.code(answer.status);
  return answer.body;
}

export function sendReplayedAnswer(reply: FastifyReply, answer: ReplayedAnswer): FastifyReply {
  return reply.send(replayInto(reply, answer));
}
