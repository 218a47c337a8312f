import type { FastifyRequest } from 'fastify';
import type { Caller } from '../services/caller.js';

/** What the services are told about an authenticated request: the app, never its key or secrets. */
export function callerOf(request: FastifyRequest): Caller {
  const auth = request.auth;
  if (!auth) throw new Error('callerOf: the route is not authenticated');
  return { merchantId: auth.merchantId, appId: auth.appId, mode: auth.mode, timeZone: auth.timeZone };
}
