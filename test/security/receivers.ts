import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type ReceiverBehavior =
  /** Reads the request and never answers. */
  | 'hang'
  /** Answers 200 with its headers, then one byte of body every `trickleMs`, for ever. */
  | 'trickle'
  | 'ok';

/** A webhook receiver on 127.0.0.1 that counts what it got and the requests it holds open. */
export async function startReceiver(behavior: ReceiverBehavior, trickleMs = 50) {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const state = { received: 0, open: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.received += 1;
      if (behavior === 'ok') {
        res.writeHead(200).end('ok');
        return;
      }
      state.open += 1;
      res.on('close', () => {
        state.open -= 1;
      });
      if (behavior === 'trickle') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), trickleMs);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no receiver address');
  return {
    state,
    port: address.port,
    url: `http://127.0.0.1:${address.port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it holds (the test's own timeout bounds the wait). */
export async function eventually(check: () => Promise<boolean>, pauseMs = 20): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
