import type { Kysely } from 'kysely';
import { type PeriodType, periodStartIn, usedInPeriod } from '../../domain/agreement-quota.js';
import type { Database } from '../../store/index.js';
import type { AgreementRow } from './deps.js';

function periodLimitsOf(row: AgreementRow): Array<{ periodType: PeriodType; amount: bigint }> {
  return (JSON.parse(row.period_limits) as Array<{ period_type: PeriodType; amount: string }>).map((p) => ({
    periodType: p.period_type,
    amount: BigInt(p.amount),
  }));
}

/** Deductions that count against quotas (processing or succeeded), net of refunds. */
export async function countedDeductions(db: Kysely<Database>, agreementId: string) {
  const rows = await db
    .selectFrom('agreement_deductions')
    .select(['amount', 'refunded', 'created_at'])
    .where('agreement_id', '=', agreementId)
    .where('status', 'in', ['processing', 'succeeded'])
    .execute();
  return rows.map((r) => ({ createdAt: r.created_at, net: BigInt(r.amount) - BigInt(r.refunded) }));
}

/** An agreement as the API and its events show it, with what each period limit has used so far. */
export async function agreementView(db: Kysely<Database>, row: AgreementRow, now: number) {
  const counted = await countedDeductions(db, row.id);
  return {
    id: row.id,
    object: 'agreement' as const,
    merchant_agreement_no: row.merchant_agreement_no,
    agreement_type: row.agreement_type,
    scene_code: row.scene_code,
    product_code: row.product_code,
    status: row.status,
    buyer_id: row.buyer_id,
    currency: row.currency,
    currency_type: row.currency_type,
    single_limit: row.single_limit,
    period_limits: periodLimitsOf(row).map((p) => {
      const used = usedInPeriod(counted, p.periodType, now, row.time_zone);
      return {
        period_type: p.periodType,
        amount: p.amount.toString(),
        used: used.toString(),
        remaining: (p.amount > used ? p.amount - used : 0n).toString(),
        period_start: periodStartIn(p.periodType, now, row.time_zone),
      };
    }),
    time_zone: row.time_zone,
    sign_url: row.sign_url,
    qr_code: row.qr_code,
    sign_url_expires_at: row.sign_url_expires_at,
    channel: row.channel,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type AgreementView = Awaited<ReturnType<typeof agreementView>>;
