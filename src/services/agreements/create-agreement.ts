import type { AgreementType } from '../../channels/agreement-port.js';
import { PERIOD_TYPES, type PeriodType } from '../../domain/agreement-quota.js';
import { newId } from '../../domain/ids.js';
import { PolypayError } from '../../errors/polypay-error.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { currencyTypeOf, parseMinorUnits } from './amounts.js';
import { agreementChannelFor } from './channel.js';
import type { AgreementDeps, AgreementRow } from './deps.js';
import { agreementEvent } from './move-agreement.js';
import { channelRefusal } from './refusals.js';
import { agreementView } from './views.js';

export interface CreateAgreementInput {
  readonly merchant_agreement_no?: string | undefined;
  readonly agreement_type: AgreementType;
  readonly scene_code: string;
  readonly product_code: string;
  readonly currency: string;
  readonly single_limit?: string | undefined;
  readonly period_limits?: ReadonlyArray<{ period_type: PeriodType; amount: string }> | undefined;
  readonly time_zone?: string | undefined;
  readonly merchant_user_id?: string | undefined;
  readonly return_url?: string | undefined;
  readonly sign_expire_minutes?: number | undefined;
  /** Epoch ms the agreement ends (EXPIRED after it); at least 24 hours ahead. */
  readonly valid_until?: number | undefined;
}

const invalid = (param: string, message: string, messageZh: string) =>
  new PolypayError('invalid_params', { param, message, messageZh });

function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw invalid(
      'time_zone',
      'time_zone must be an IANA time zone, e.g. Asia/Hong_Kong.',
      'time_zone 须为 IANA 时区，如 Asia/Hong_Kong',
    );
  }
}

/** Signs the agreement at the channel, then stores it as INIT with its sign URL and `agreement.created`. */
export async function createAgreement(deps: AgreementDeps, caller: Caller, input: CreateAgreementInput) {
  const currencyType = currencyTypeOf(input.currency);
  if (currencyType === undefined)
    throw new PolypayError('currency_not_supported', {
      param: 'currency',
      message: `No agreements in ${input.currency}.`,
      messageZh: `不支持以 ${input.currency} 签约`,
    });
  const single =
    input.single_limit === undefined ? undefined : parseMinorUnits(input.single_limit, 'single_limit');
  const seen = new Set<string>();
  const periods = (input.period_limits ?? []).map((p, i) => {
    if (!(PERIOD_TYPES as readonly string[]).includes(p.period_type))
      throw invalid(
        `period_limits[${i}].period_type`,
        'period_type is DAY, WEEK, MONTH or YEAR.',
        'period_type 须为 DAY、WEEK、MONTH 或 YEAR',
      );
    if (seen.has(p.period_type))
      throw invalid(
        `period_limits[${i}].period_type`,
        `two ${p.period_type} limits.`,
        `${p.period_type} 限额重复`,
      );
    seen.add(p.period_type);
    return {
      period_type: p.period_type,
      amount: parseMinorUnits(p.amount, `period_limits[${i}].amount`).toString(),
    };
  });
  const timeZone = checkTimeZone(input.time_zone ?? caller.timeZone);
  if (input.merchant_agreement_no !== undefined) {
    const taken = await deps.store.db
      .selectFrom('agreements')
      .select('id')
      .where('app_id', '=', caller.appId)
      .where('merchant_agreement_no', '=', input.merchant_agreement_no)
      .executeTakeFirst();
    if (taken)
      throw invalid(
        'merchant_agreement_no',
        `merchant_agreement_no is already agreement ${taken.id}.`,
        `merchant_agreement_no 已用于协议 ${taken.id}`,
      );
  }
  const { name, channel } = await agreementChannelFor(deps.store, deps.channels, caller);
  const id = newId('agr');
  const money = (total: string) => ({ total, currency: input.currency, currencyType });
  const order = await channel.sign({
    externalAgreementNo: id,
    agreementType: input.agreement_type,
    sceneCode: input.scene_code,
    productCode: input.product_code,
    ...(input.merchant_user_id === undefined ? {} : { merchantUserId: input.merchant_user_id }),
    ...(single === undefined ? {} : { singleLimit: money(single.toString()) }),
    periodLimits: periods.map((p) => ({ periodType: p.period_type, ...money(p.amount) })),
    ...(input.return_url === undefined ? {} : { returnUrl: input.return_url }),
    ...(input.sign_expire_minutes === undefined ? {} : { signExpireMinutes: input.sign_expire_minutes }),
    ...(input.valid_until === undefined ? {} : { validUntil: input.valid_until }),
  });
  if (!order.ok) throw channelRefusal(order.error);
  const now = deps.clock.now();
  const row: AgreementRow = {
    id,
    merchant_id: caller.merchantId,
    app_id: caller.appId,
    mode: caller.mode,
    channel: name,
    merchant_agreement_no: input.merchant_agreement_no ?? null,
    provider_agreement_no: null,
    agreement_type: input.agreement_type,
    scene_code: input.scene_code,
    product_code: input.product_code,
    buyer_id: null,
    status: 'INIT',
    currency: input.currency,
    currency_type: currencyType,
    single_limit: single === undefined ? null : single.toString(),
    period_limits: JSON.stringify(periods),
    time_zone: timeZone,
    sign_url: order.value.signUrl,
    qr_code: order.value.qrCode,
    sign_url_expires_at: order.value.expiresAt,
    created_at: now,
    updated_at: now,
  };
  return deps.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('agreements').values(row).execute();
    const view = await agreementView(trx, row, now);
    await recordEvent(trx, agreementEvent(caller, 'agreement.created', view, now));
    return view;
  });
}
