/**
 * The baseline of bench/charges.ts: a bare Fastify server with one JSON POST route at the same path as
 * polypay's charges, which parses the body (Fastify's own JSON parser) and answers {"ok":true}. No
 * database, no authentication: what one Node event loop can do for the same requests on this machine.
 *
 * Usage: node --import tsx bench/baseline-server.ts [port]   (port 0 or none: any free port)
 * Prints "baseline listening on http://127.0.0.1:<port>" once it accepts connections.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });

app.post('/v1/charges', async (request, reply) => {
  if (typeof request.body !== 'object' || request.body === null) return reply.code(400).send({ ok: false });
  return { ok: true };
});

await app.listen({ host: '127.0.0.1', port });
const address = app.server.address();
const actual = typeof address === 'object' && address ? address.port : port;
process.stdout.write(`baseline listening on http://127.0.0.1:${actual}\n`);

const shutdown = () => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
