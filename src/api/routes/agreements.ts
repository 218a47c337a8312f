import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  resumeAgreement,
  suspendAgreement,
  unsignAgreement,
} from '../../services/agreements/agreement-operations.js';
import { createAgreement } from '../../services/agreements/create-agreement.js';
import {
  listDeductionRefunds,
  refundDeduction,
  retrieveDeductionRefund,
} from '../../services/agreements/deduction-refunds.js';
import { createDeduction, listDeductions, retrieveDeduction } from '../../services/agreements/deductions.js';
import type { AgreementDeps } from '../../services/agreements/deps.js';
import { findByMerchantNo, listAgreements } from '../../services/agreements/find-agreements.js';
import { createFxQuote } from '../../services/agreements/fx-quotes.js';
import { refreshAgreement } from '../../services/agreements/refresh-agreement.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import {
  CreateAgreementBody as CreateBody,
  DeductionBody,
  DeductionParams,
  DeductionRefundParams,
  IdParams,
  ListDeductionsQuery,
  ListAgreementsQuery as ListQuery,
  QuoteBody,
  RefundBody,
  response,
} from '../schemas/agreements.js';

const common = { tags: ['agreements'], security: [{ bearer: [] }] };

/** Recurring agreements, their deductions and refunds, and FX quotes. */
export async function agreementRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  if (!ctx.channels) return;
  const deps: AgreementDeps = { store: ctx.store, clock: ctx.clock, channels: ctx.channels };

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/v1/agreements',
    {
      schema: {
        ...common,
        operationId: 'createAgreement',
        summary: 'Create an agreement: the buyer signs it at sign_url before it takes deductions',
        description:
          'Asks the channel (provider bybit) for a sign link. Limits are integer strings in minimum units of the ' +
          "agreement's currency; periods are bounded in time_zone.",
        body: CreateBody,
        response: response('AgreementResponse'),
      },
    },
    async (request) => ok(await createAgreement(deps, callerOf(request), request.body)),
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/agreements',
    {
      schema: {
        ...common,
        operationId: 'listAgreements',
        summary: 'List agreements, newest first (or find one by merchant_agreement_no)',
        description: 'Cursor paging with starting_after; status filters.',
        querystring: ListQuery,
        response: response('AgreementListResponse'),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      if (request.query.merchant_agreement_no !== undefined) {
        const found = await findByMerchantNo(deps, caller, request.query.merchant_agreement_no);
        return ok({ items: [found], has_more: false, next_cursor: null });
      }
      return ok(
        await listAgreements(deps, caller, {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
          status: request.query.status,
        }),
      );
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/v1/agreements/:id',
    {
      schema: {
        ...common,
        operationId: 'retrieveAgreement',
        summary: 'Retrieve an agreement, as the channel now sees it',
        description:
          'Reads the channel while the agreement is not final (the buyer signs on the provider page).',
        params: IdParams,
        response: response('AgreementResponse'),
      },
    },
    async (request) => ok(await refreshAgreement(deps, callerOf(request), request.params.id)),
  );

  const actions = [
    ['suspend', 'suspendAgreement', 'Suspend: polypay refuses deductions until resumed', suspendAgreement],
    ['resume', 'resumeAgreement', 'Resume a suspended agreement', resumeAgreement],
    ['unsign', 'unsignAgreement', 'Unsign at the channel: final', unsignAgreement],
  ] as const;
  for (const [action, operationId, summary, run] of actions) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/v1/agreements/:id/${action}`,
      {
        schema: {
          ...common,
          operationId,
          summary,
          description: `${summary}. Records an agreement.* event.`,
          params: IdParams,
          response: response('AgreementResponse'),
        },
      },
      async (request) => ok(await run(deps, callerOf(request), request.params.id)),
    );
  }

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DeductionBody> }>(
    '/v1/agreements/:id/deductions',
    {
      schema: {
        ...common,
        operationId: 'createDeduction',
        summary: 'Deduct from a signed agreement, within its single and period limits',
        description:
          'polypay checks the limits itself before calling the channel (agreement_single_limit_exceeded, ' +
          'agreement_quota_exceeded), also under concurrent deductions; an fx_quote_id past its expires_at is ' +
          'refused with exchange_rate_expired.',
        params: IdParams,
        body: DeductionBody,
        response: response('DeductionResponse'),
      },
    },
    async (request) => ok(await createDeduction(deps, callerOf(request), request.params.id, request.body)),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ListDeductionsQuery> }>(
    '/v1/agreements/:id/deductions',
    {
      schema: {
        ...common,
        operationId: 'listDeductions',
        summary: "List an agreement's deductions",
        description:
          'Oldest first (its history in the order it happened); cursor paging with starting_after.',
        params: IdParams,
        querystring: ListDeductionsQuery,
        response: response('DeductionListResponse'),
      },
    },
    async (request) =>
      ok(
        await listDeductions(deps, callerOf(request), request.params.id, {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
        }),
      ),
  );

  app.get<{ Params: Static<typeof DeductionParams> }>(
    '/v1/agreements/:id/deductions/:deduction_id',
    {
      schema: {
        ...common,
        operationId: 'retrieveDeduction',
        summary: 'Retrieve a deduction (a processing one is read from the channel)',
        description: 'A processing deduction settles here once the channel has decided.',
        params: DeductionParams,
        response: response('DeductionResponse'),
      },
    },
    async (request) =>
      ok(await retrieveDeduction(deps, callerOf(request), request.params.id, request.params.deduction_id)),
  );

  app.post<{ Params: Static<typeof DeductionParams>; Body: Static<typeof RefundBody> }>(
    '/v1/agreements/:id/deductions/:deduction_id/refund',
    {
      schema: {
        ...common,
        operationId: 'refundDeduction',
        summary: 'Refund part or all of a deduction; a completed refund gives the quota back',
        description:
          'Reserves the refund (its ledger share taken back) before asking the channel. Answered succeeded, ' +
          'failed, or pending when the channel is still processing it: a webhook or a query job settles it ' +
          'later, exactly once (deduction_refund.succeeded / deduction_refund.failed events). Only a ' +
          'succeeded refund gives the quota back.',
        params: DeductionParams,
        body: RefundBody,
        response: response('DeductionRefundResponse'),
      },
    },
    async (request) =>
      ok(
        await refundDeduction(
          deps,
          callerOf(request),
          request.params.id,
          request.params.deduction_id,
          request.body,
        ),
      ),
  );

  app.get<{ Params: Static<typeof DeductionParams> }>(
    '/v1/agreements/:id/deductions/:deduction_id/refunds',
    {
      schema: {
        ...common,
        operationId: 'listDeductionRefunds',
        summary: "List a deduction's refunds",
        description: 'Oldest first, as stored (read one to have a pending refund asked of the channel).',
        params: DeductionParams,
        response: response('DeductionRefundListResponse'),
      },
    },
    async (request) =>
      ok(await listDeductionRefunds(deps, callerOf(request), request.params.id, request.params.deduction_id)),
  );

  app.get<{ Params: Static<typeof DeductionRefundParams> }>(
    '/v1/agreements/:id/deductions/:deduction_id/refunds/:refund_id',
    {
      schema: {
        ...common,
        operationId: 'retrieveDeductionRefund',
        summary: 'Retrieve a refund of a deduction (a pending one is read from the channel)',
        description: 'A pending refund settles here once the channel has decided, exactly once.',
        params: DeductionRefundParams,
        response: response('DeductionRefundResponse'),
      },
    },
    async (request) =>
      ok(
        await retrieveDeductionRefund(
          deps,
          callerOf(request),
          request.params.id,
          request.params.deduction_id,
          request.params.refund_id,
        ),
      ),
  );

  app.post<{ Body: Static<typeof QuoteBody> }>(
    '/v1/fx/quotes',
    {
      schema: {
        tags: ['fx'],
        security: [{ bearer: [] }],
        operationId: 'createFxQuote',
        summary: 'Quote a rate from a fiat to a crypto, valid until expires_at',
        description: 'Pass its id as fx_quote_id on a deduction; once expired, exchange_rate_expired.',
        body: QuoteBody,
        response: response('FxQuoteResponse'),
      },
    },
    async (request) => ok(await createFxQuote(deps, callerOf(request), request.body)),
  );
}
