import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../api/caller.js';
import { toEventView } from '../../services/events.js';
import type { Store } from '../../store/index.js';
import { badParam } from './errors.js';
import { ID, limitOf, type Params } from './params.js';
import { eventRequestFields } from './requests.js';
import { EVENT_TYPES, toPingppEvent } from './views.js';

/** Ping++'s event type names back to polypay's (most are the same). */
const POLYPAY_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EVENT_TYPES).map(([polypay, pingpp]) => [pingpp, polypay]),
);
const TYPE = /^[a-z_]{1,40}\.[a-z_]{1,40}$/;
const UNSUPPORTED_FILTERS = [
  'ending_before',
  'created',
  'created[gt]',
  'created[gte]',
  'created[lt]',
  'created[lte]',
];

/**
 * `GET /v1/events`: the app's events as Ping++ lists objects, newest first, `limit` (1–100, default 10)
 * and `starting_after` (the last id of the page before), `has_more`; `type` filters by Ping++'s name.
 */
export function pingppEventRoutes(app: FastifyInstance, store: Store): void {
  app.get('/v1/events', async (request) => {
    const caller = callerOf(request);
    const query = request.query as Params;
    for (const name of UNSUPPORTED_FILTERS) {
      if (query[name] !== undefined)
        throw badParam(name, `${name} is a Ping++ list filter polypay does not support for events.`);
    }
    const limit = limitOf(query.limit);
    let type: string | undefined;
    if (query.type !== undefined && query.type !== '') {
      if (typeof query.type !== 'string' || !TYPE.test(query.type))
        throw badParam('type', 'type must be an event type, like charge.succeeded.');
      type = POLYPAY_TYPES[query.type] ?? query.type;
    }
    const owned = store.db
      .selectFrom('events')
      .where('app_id', '=', caller.appId)
      .where('merchant_id', '=', caller.merchantId);
    let after: { created_at: number; id: string } | undefined;
    if (query.starting_after !== undefined && query.starting_after !== '') {
      const id = String(query.starting_after);
      after = ID.test(id)
        ? await owned.select(['id', 'created_at']).where('id', '=', id).executeTakeFirst()
        : undefined;
      if (!after) throw badParam('starting_after', `No such event: ${id}.`);
    }
    const position = after;
    const rows = await owned
      .selectAll()
      .$if(type !== undefined, (qb) => qb.where('type', '=', type!))
      .$if(position !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('created_at', '<', position!.created_at),
            eb.and([eb('created_at', '=', position!.created_at), eb('id', '<', position!.id)]),
          ]),
        ),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const events = rows.slice(0, limit).map(toEventView);
    // What the objects' Ping++ requests carried, in one read of each kind for the page.
    const fields = await eventRequestFields(store.db, caller.appId, events);
    const livemode = caller.mode === 'live';
    return {
      object: 'list',
      url: '/v1/events',
      has_more: rows.length > limit,
      data: events.map((event) => toPingppEvent(event, livemode, caller.appId, fields(event))),
    };
  });
}
