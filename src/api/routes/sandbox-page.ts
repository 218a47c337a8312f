import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxChannel } from '../../channels/sandbox/sandbox-channel.js';
import { toChannelCharge } from '../../services/charges/create-charge.js';
import type { ChargeDeps } from '../../services/charges/deps.js';
import { refreshCharge } from '../../services/charges/refresh-charge.js';
import { appModeOf, type Charge } from '../../store/index.js';
import { ChargeIdParams } from '../schemas/charges.js';

const PageBody = Type.Object({ outcome: Type.Union([Type.Literal('pay'), Type.Literal('decline')]) });

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · polypay sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
.amount{font-size:2.2rem;margin:.5rem 0}button{font-size:1.1rem;padding:.6rem 1.4rem;margin:.3rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
.pay{background:#1677ff;color:#fff;border-color:#1677ff}.note{color:#777;font-size:.85rem}</style></head>
<body><p class="note">polypay sandbox: no real money moves</p>${body}</body></html>`;
}

function chargeSummary(charge: Charge): string {
  const major = (charge.amount / 100).toFixed(2);
  return `<h1>${escapeHtml(charge.subject)}</h1><p class="amount">${escapeHtml(charge.currency)} ${major}</p>
<p>Charge <code>${escapeHtml(charge.id)}</code>: <strong id="status">${escapeHtml(charge.status)}</strong></p>`;
}

/**
 * The sandbox pay page at a wap charge's `pay_url` (and a QR charge's): a person pays or declines in a
 * browser, as a buyer would on the wallet's page. Test mode only; unauthenticated, like a real pay page.
 */
export function sandboxPayPage(app: FastifyInstance, deps: ChargeDeps, sandbox: SandboxChannel): void {
  // Browser forms post urlencoded bodies (this plugin's routes only).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  async function findCharge(id: string, reply: FastifyReply): Promise<Charge | undefined> {
    const charge = await deps.store.db
      .selectFrom('charges')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (
      !charge ||
      charge.channel !== sandbox.name ||
      (await appModeOf(deps.store.db, charge.app_id)) !== 'test'
    ) {
      reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(page('Not found', '<h1>No such sandbox charge</h1>'));
      return undefined;
    }
    return charge;
  }

  const form = (charge: Charge) =>
    `<form method="post" action="${escapeHtml(`/v1/sandbox/charges/${encodeURIComponent(charge.id)}/pay_page`)}">
<button class="pay" name="outcome" value="pay">Pay</button><button name="outcome" value="decline">Decline</button></form>`;

  app.get<{ Params: Static<typeof ChargeIdParams> }>(
    '/v1/sandbox/charges/:id/pay',
    { config: { auth: 'none' }, schema: { hide: true, params: ChargeIdParams } },
    async (request, reply) => {
      const charge = await findCharge(request.params.id, reply);
      if (!charge) return reply;
      const open = charge.status === 'CREATED';
      return reply
        .type('text/html; charset=utf-8')
        .send(
          page(
            charge.subject,
            chargeSummary(charge) + (open ? form(charge) : '<p>This charge is decided.</p>'),
          ),
        );
    },
  );

  app.post<{ Params: Static<typeof ChargeIdParams>; Body: Static<typeof PageBody> }>(
    '/v1/sandbox/charges/:id/pay_page',
    { config: { auth: 'none' }, schema: { hide: true, params: ChargeIdParams, body: PageBody } },
    async (request, reply) => {
      const charge = await findCharge(request.params.id, reply);
      if (!charge) return reply;
      const result = await sandbox.buyerAction(toChannelCharge(charge), request.body.outcome);
      const after = await refreshCharge(deps, charge);
      const note = result.accepted
        ? `<p>You chose <strong>${request.body.outcome}</strong>.</p>`
        : `<p>Refused: ${escapeHtml(result.reason)}.</p>`;
      return reply
        .code(result.accepted ? 200 : 409)
        .type('text/html; charset=utf-8')
        .send(page(after.subject, chargeSummary(after) + note));
    },
  );
}
