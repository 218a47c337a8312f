import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PolypayError } from '../../errors/polypay-error.js';
import { createSession, endSession, findActiveKey, hashApiKey } from '../../store/index.js';
import { listAllows } from '../auth.js';
import type { ApiContext, AuthContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';
import { clearSessionCookie, csrfTokenOf, SESSION_TTL_MS, setSessionCookie } from '../session-cookie.js';

export const SessionSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('session'),
    merchant_id: Type.String(),
    app_id: Type.String(),
    mode: Type.Union([Type.Literal('test'), Type.Literal('live')]),
    key_kind: Type.Union([Type.Literal('secret'), Type.Literal('restricted')], {
      description: 'restricted: the session can only read',
    }),
    expires_at: Type.Integer({ description: 'Epoch ms; sign in again after' }),
    csrf_token: Type.String({ description: 'Send as X-CSRF-Token on every write made with the session' }),
  },
  { $id: 'Session', description: 'A dashboard sign-in: an API key exchanged for an HttpOnly cookie' },
);

const SessionRef = Type.Unsafe<Static<typeof SessionSchema>>({ $ref: 'Session#' });

const CreateBody = Type.Object(
  {
    api_key: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A secret (sk_) or restricted (rk_) key',
    }),
  },
  { additionalProperties: false },
);

const ERRORS = { ...AUTHENTICATED_ERRORS, 404: { $ref: 'ErrorEnvelope#' } } as const;

function sessionView(auth: AuthContext, sessionId: string, token: string, expiresAt: number) {
  return {
    id: sessionId,
    object: 'session' as const,
    merchant_id: auth.merchantId,
    app_id: auth.appId,
    mode: auth.mode,
    key_kind: auth.kind as 'secret' | 'restricted',
    expires_at: expiresAt,
    csrf_token: csrfTokenOf(token),
  };
}

/** Dashboard sign-in (SessionSchema is added to the app beside the other shared schemas): an API key exchanged for a session cookie; the session, and signing out. */
export async function sessionRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const tags = ['sessions'];

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/sessions',
    {
      config: { auth: 'none', operationId: 'createSession' },
      schema: {
        tags,
        summary:
          'Sign in to the dashboard: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, ' +
          'Secure over TLS); the answer carries the CSRF token every write must send',
        body: CreateBody,
        response: { 200: envelope(SessionRef), ...AUTHENTICATED_ERRORS },
      },
    },
    async (request, reply) => {
      const now = ctx.clock.now();
      const found = await findActiveKey(ctx.store.db, hashApiKey(request.body.api_key), now);
      if (!found) throw new PolypayError('invalid_api_key', { param: 'api_key' });
      if (found.kind === 'operator') {
        throw new PolypayError('permission_denied', {
          param: 'api_key',
          message: 'Sign in with the app’s secret or restricted key, not an operator key.',
          messageZh: '请使用该应用的 secret 密钥或受限密钥登录，不能使用运营方密钥',
        });
      }
      if (found.merchantStatus !== 'active') throw new PolypayError('merchant_disabled');
      if (found.ipAllowlist && found.ipAllowlist.length > 0 && !listAllows(found.ipAllowlist, request.ip)) {
        throw new PolypayError('ip_not_allowed', {
          message: `Requests from ${request.ip} are not allowed for this app.`,
          messageZh: `该应用不接受来自 ${request.ip} 的请求`,
        });
      }
      const session = await createSession(ctx.store.db, {
        keyId: found.keyId,
        merchantId: found.merchantId,
        appId: found.appId,
        now,
        ttlMs: SESSION_TTL_MS,
      });
      setSessionCookie(request, reply, session.token, SESSION_TTL_MS);
      const auth = {
        keyId: found.keyId,
        kind: found.kind,
        merchantId: found.merchantId,
        appId: found.appId,
        mode: found.appMode,
      } as AuthContext;
      return ok(sessionView(auth, session.id, session.token, session.expiresAt));
    },
  );

  const current = (auth: AuthContext | undefined) => {
    if (!auth?.sessionId || !auth.sessionToken) {
      throw new PolypayError('resource_not_found', {
        param: 'Cookie',
        message: 'This request is not made with a dashboard session.',
        messageZh: '此请求不是通过控制台会话发出的',
      });
    }
    return { sessionId: auth.sessionId, token: auth.sessionToken };
  };

  app.get(
    '/v1/sessions/current',
    {
      config: { operationId: 'retrieveCurrentSession' },
      schema: {
        tags,
        summary: 'The dashboard session of the cookie, with its CSRF token (after a page reload)',
        response: { 200: envelope(SessionRef), ...ERRORS },
      },
    },
    async (request) => {
      const { sessionId, token } = current(request.auth);
      const row = await ctx.store.db
        .selectFrom('dashboard_sessions')
        .select('expires_at')
        .where('id', '=', sessionId)
        .executeTakeFirstOrThrow();
      return ok(sessionView(request.auth!, sessionId, token, Number(row.expires_at)));
    },
  );

  app.delete(
    '/v1/sessions/current',
    {
      // A read-only key's session may sign out too.
      config: { operationId: 'deleteCurrentSession', anyKind: true },
      schema: {
        tags,
        summary: 'Sign out: end the session of the cookie (needs X-CSRF-Token) and clear the cookie',
        response: {
          200: envelope(
            Type.Object({ id: Type.String(), object: Type.Literal('session'), ended: Type.Boolean() }),
          ),
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const { sessionId } = current(request.auth);
      const ended = await endSession(ctx.store.db, sessionId, ctx.clock.now());
      clearSessionCookie(request, reply);
      return ok({ id: sessionId, object: 'session' as const, ended });
    },
  );
}
