import type { Kysely } from 'kysely';
import { type Database, dialectOf, lockForUpdate } from '../../store/index.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { notFound } from '../not-found.js';
import type { AgreementDeps, AgreementRow } from './deps.js';
import { type AgreementView, agreementView } from './views.js';

/** The `agreement.*` event of a change, its object the agreement as the API shows it. */
export function agreementEvent(
  caller: Pick<Caller, 'merchantId' | 'appId'>,
  type: string,
  view: AgreementView,
  now: number,
) {
  return { merchantId: caller.merchantId, appId: caller.appId, type, objectId: view.id, object: view, now };
}

/** The caller's agreement (locked for update when asked), or agreement_not_found. */
export async function agreementRowOf(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  lock = false,
): Promise<AgreementRow> {
  const row = await db
    .selectFrom('agreements')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', caller.appId)
    .$call((qb) => (lock ? lockForUpdate(qb, dialectOf(db)) : qb))
    .executeTakeFirst();
  if (!row) throw notFound('agreement', id, { code: 'agreement_not_found' });
  return row;
}

/** Moves an agreement to `status` with its event, in one transaction; a no-op when already there. */
export async function moveAgreement(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
  change: (row: AgreementRow) => Partial<AgreementRow> | undefined,
  eventType: (row: AgreementRow) => string,
): Promise<AgreementView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const row = await agreementRowOf(trx, caller, id, true);
    const now = deps.clock.now();
    const update = change(row);
    if (update === undefined) return agreementView(trx, row, now);
    const next = { ...row, ...update, updated_at: now };
    await trx
      .updateTable('agreements')
      .set({ ...update, updated_at: now })
      .where('id', '=', id)
      .execute();
    const view = await agreementView(trx, next, now);
    await recordEvent(trx, agreementEvent(caller, eventType(next), view, now));
    return view;
  });
}
