import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where `npm run build` puts the dashboard (web/ built by Vite): dist/dashboard, found from src/api
 * (tsx, vitest) and from dist/api (the built server).
 */
export function defaultDashboardDir(): string | undefined {
  for (const relative of ['../../dist/dashboard/', '../dashboard/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

// The page talks only to its own origin; styles include uPlot's inline ones.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves the built dashboard at /dashboard/ (a single page: the hash holds the route). */
export async function dashboardRoutes(app: FastifyInstance, options: { root?: string | undefined }) {
  const root = options.root ?? defaultDashboardDir();
  const hidden = { config: { auth: 'none' as const }, schema: { hide: true } };
  app.get('/dashboard', hidden, async (_request, reply) => reply.redirect('/dashboard/', 302));
  if (!root) {
    app.get('/dashboard/', hidden, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build` (npm start does).\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/dashboard/',
    index: ['index.html'],
    wildcard: true,
    // Hashed asset names never change; index.html is looked up again each time.
    setHeaders(response, path) {
      response.header('content-security-policy', CSP);
      response.header('x-content-type-options', 'nosniff');
      response.header('referrer-policy', 'no-referrer');
      response.header(
        'cache-control',
        path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
}
