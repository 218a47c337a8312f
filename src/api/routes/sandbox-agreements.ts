import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxAgreementChannel } from '../../channels/sandbox/sandbox-agreements.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { AgreementDeps } from '../../services/agreements/deps.js';
import { refreshAgreement } from '../../services/agreements/refresh-agreement.js';
import { channelRefusal } from '../../services/agreements/refusals.js';
import type { Caller } from '../../services/caller.js';
import { notFound } from '../../services/not-found.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { IdParams, response } from '../schemas/agreements.js';

const SignBody = Type.Object(
  {
    outcome: Type.Optional(
      Type.Union([Type.Literal('sign'), Type.Literal('decline')], {
        description: 'What the buyer does (default sign)',
      }),
    ),
    buyer_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Default sandbox_buyer' }),
    ),
  },
  { additionalProperties: false },
);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · polypay sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font-size:1.1rem;padding:.6rem 1.4rem;margin:.3rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
.sign{background:#1677ff;color:#fff;border-color:#1677ff}.note{color:#777;font-size:.85rem}</style></head>
<body><p class="note">polypay sandbox: no real money moves</p>${body}</body></html>`;
}

/**
 * Test mode only: the buyer of a sandbox agreement signs (or declines) it, on the page at its `sign_url`
 * (unauthenticated, like a provider's sign page) or by `POST /v1/sandbox/agreements/{id}/sign`.
 */
export function sandboxAgreementRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const channels = ctx.channels;
  if (!channels) return;
  const sandbox: SandboxAgreementChannel = channels.sandboxAgreements;
  const deps: AgreementDeps = { store: ctx.store, clock: ctx.clock, channels };

  /** The sandbox agreement of a test-mode app, with the caller that owns it. */
  async function find(
    id: string,
  ): Promise<{ caller: Caller; row: { id: string; status: string } } | undefined> {
    const row = await ctx.store.db
      .selectFrom('agreements')
      .innerJoin('apps', 'apps.id', 'agreements.app_id')
      .select([
        'agreements.id',
        'agreements.status',
        'agreements.app_id',
        'agreements.merchant_id',
        'apps.mode',
      ])
      .where('agreements.id', '=', id)
      .where('agreements.channel', '=', sandbox.name)
      .executeTakeFirst();
    if (row?.mode !== 'test') return undefined;
    return {
      caller: { merchantId: row.merchant_id, appId: row.app_id, mode: row.mode, timeZone: 'UTC' },
      row,
    };
  }

  async function sign(caller: Caller, id: string, outcome: 'sign' | 'decline', buyerId: string | undefined) {
    const answer = await sandbox.buyerSigns(id, outcome, buyerId);
    if (!answer.ok) throw channelRefusal(answer.error);
    return refreshAgreement(deps, caller, id);
  }

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SignBody> | undefined }>(
    '/v1/sandbox/agreements/:id/sign',
    {
      schema: {
        tags: ['sandbox'],
        operationId: 'signSandboxAgreement',
        summary: 'Play the buyer who signs (or declines) a sandbox agreement',
        description:
          'Test mode only. The agreement then reads SIGNED (buyer_id sandbox_buyer unless given) or FAILED; ' +
          'a sign link past sign_url_expires_at answers agreement_sign_url_expired.',
        security: [{ bearer: [] }],
        params: IdParams,
        body: Type.Optional(SignBody),
        response: response('AgreementResponse'),
      },
    },
    async (request) => {
      const auth = callerOf(request);
      if (auth.mode !== 'test')
        throw new PolypayError('permission_denied', {
          message: 'The sandbox buyer exists only for sk_test_ keys.',
          messageZh: '沙箱买家仅适用于 sk_test_ 密钥',
        });
      const found = await find(request.params.id);
      if (!found || found.caller.appId !== auth.appId)
        throw notFound('sandbox_agreement', request.params.id, { code: 'agreement_not_found' });
      const body = request.body ?? {};
      return ok(await sign(auth, request.params.id, body.outcome ?? 'sign', body.buyer_id));
    },
  );

  const notFoundPage = (reply: FastifyReply) =>
    reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(page('Not found', '<h1>No such sandbox agreement</h1>'));

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/sandbox/agreements/:id/sign_page',
    { config: { auth: 'none' }, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const found = await find(request.params.id);
      if (!found) return notFoundPage(reply);
      const view = await refreshAgreement(deps, found.caller, request.params.id);
      const limits = [
        ...(view.single_limit === null ? [] : [`at most ${view.single_limit} per deduction`]),
        ...view.period_limits.map((p) => `at most ${p.amount} per ${p.period_type.toLowerCase()}`),
      ];
      const open = view.status === 'INIT' || view.status === 'PENDING';
      const form = `<form method="post" action="${escapeHtml(`/v1/sandbox/agreements/${encodeURIComponent(view.id)}/sign_page`)}">
<p><label>Buyer <input name="buyer_id" value="sandbox_buyer"></label></p>
<button class="sign" name="outcome" value="sign">Agree and sign</button><button name="outcome" value="decline">Decline</button></form>`;
      return reply.type('text/html; charset=utf-8').send(
        page(
          'Sign an agreement',
          `<h1>Recurring payments in ${escapeHtml(view.currency)}</h1>
<p>The merchant may deduct, in minimum units of ${escapeHtml(view.currency)}: ${escapeHtml(limits.join(', ') || 'no limit')}.</p>
<p>Agreement <code>${escapeHtml(view.id)}</code>: <strong id="status">${escapeHtml(view.status)}</strong></p>${open ? form : ''}`,
        ),
      );
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SignBody> }>(
    '/v1/sandbox/agreements/:id/sign_page',
    { config: { auth: 'none' }, schema: { hide: true, params: IdParams, body: SignBody } },
    async (request, reply) => {
      const found = await find(request.params.id);
      if (!found) return notFoundPage(reply);
      try {
        const view = await sign(
          found.caller,
          request.params.id,
          request.body.outcome ?? 'sign',
          request.body.buyer_id,
        );
        return reply
          .type('text/html; charset=utf-8')
          .send(page('Agreement', `<h1>Agreement <span id="status">${escapeHtml(view.status)}</span></h1>`));
      } catch (error) {
        if (!(error instanceof PolypayError)) throw error;
        return reply
          .code(409)
          .type('text/html; charset=utf-8')
          .send(page('Agreement', `<h1>Refused</h1><p>${escapeHtml(error.code)}</p>`));
      }
    },
  );
}
