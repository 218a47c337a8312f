import type { Caller } from '../caller.js';
import { notFound } from '../not-found.js';
import { decodeCursor, toPage } from '../pagination.js';
import type { AgreementDeps } from './deps.js';
import { refreshAgreement } from './refresh-agreement.js';
import { agreementView } from './views.js';

export async function listAgreements(
  deps: AgreementDeps,
  caller: Caller,
  page: { limit: number; startingAfter?: string | undefined; status?: string | undefined },
) {
  const after = page.startingAfter === undefined ? undefined : decodeCursor(page.startingAfter);
  const rows = await deps.store.db
    .selectFrom('agreements')
    .selectAll()
    .where('app_id', '=', caller.appId)
    .$call((qb) => (page.status === undefined ? qb : qb.where('status', '=', page.status)))
    .$call((qb) =>
      after === undefined
        ? qb
        : qb.where((eb) =>
            eb.or([
              eb('created_at', '<', after.createdAt),
              eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
            ]),
          ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const now = deps.clock.now();
  const views = await Promise.all(rows.map((row) => agreementView(deps.store.db, row, now)));
  const byId = new Map(views.map((v) => [v.id, v]));
  return toPage(rows, page.limit, (row) => byId.get(row.id)!);
}

/** The agreement with the merchant's own number, refreshed from the channel like a retrieve. */
export async function findByMerchantNo(deps: AgreementDeps, caller: Caller, merchantNo: string) {
  const row = await deps.store.db
    .selectFrom('agreements')
    .select('id')
    .where('app_id', '=', caller.appId)
    .where('merchant_agreement_no', '=', merchantNo)
    .executeTakeFirst();
  if (!row)
    throw notFound('agreement', merchantNo, { code: 'agreement_not_found', param: 'merchant_agreement_no' });
  return refreshAgreement(deps, caller, row.id);
}
