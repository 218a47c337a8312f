import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { summarize } from '../../services/reports/summary.js';
import { callerOf } from '../caller.js';
import type { ApiContext } from '../context.js';
import { ok } from '../envelope.js';
import { AUTHENTICATED_ERRORS, envelope } from '../schemas/common.js';

const Counts = Type.Record(Type.String(), Type.Integer());

const DaySchema = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD in the merchant’s time zone' }),
  volume: Type.Integer({ description: 'Paid amount of the charges created that day, minor units' }),
  count: Type.Integer({ description: 'Charges created that day' }),
  succeeded: Type.Integer({ description: 'Of which paid' }),
  refunded: Type.Integer({ description: 'Refunds that succeeded that day, minor units' }),
  by_status: { ...Counts, description: 'Charges created that day by their current status' },
  by_channel: { ...Counts, description: 'Paid volume by channel, minor units' },
});

export const SummarySchema = Type.Object(
  {
    object: Type.Literal('summary'),
    currency: Type.String(),
    time_zone: Type.String(),
    days: Type.Integer(),
    today: Type.Object({
      day: Type.String(),
      volume: Type.Integer(),
      count: Type.Integer(),
      succeeded: Type.Integer(),
      success_rate_bps: Type.Union([Type.Integer(), Type.Null()], {
        description: 'Paid charges per 10 000 created today; null when none was created',
      }),
      refunded: Type.Integer(),
    }),
    series: Type.Array(DaySchema, { description: 'One entry per day, oldest first, today last' }),
  },
  { $id: 'Summary', description: 'Volumes and counts of the calling app over recent days' },
);

const SummaryQuery = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 31, default: 7, description: 'Days back, today included' }),
    currency: Type.String({ pattern: '^[A-Z]{3,5}$', default: 'CNY', description: 'ISO code' }),
  },
  { additionalProperties: false },
);

/** Figures for the dashboard's home page, from the public API like everything it shows. */
export async function reportRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: Static<typeof SummaryQuery> }>(
    '/v1/reports/summary',
    {
      config: { operationId: 'retrieveSummaryReport' },
      schema: {
        tags: ['reports'],
        summary:
          'Today’s volume, count, success rate and refunds, and a series per day by channel and status',
        security: [{ bearer: [] }],
        querystring: SummaryQuery,
        response: {
          200: envelope(Type.Unsafe<Static<typeof SummarySchema>>({ $ref: 'Summary#' })),
          ...AUTHENTICATED_ERRORS,
        },
      },
    },
    async (request) =>
      ok(
        await summarize(ctx.store.db, callerOf(request), {
          days: request.query.days,
          currency: request.query.currency,
          now: ctx.clock.now(),
        }),
      ),
  );
}
