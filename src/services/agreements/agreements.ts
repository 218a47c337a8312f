import type { Kysely, Selectable } from 'kysely';
import type { AgreementFailure, AgreementType } from '../../channels/agreement-port.js';
import type { Channels } from '../../channels/registry.js';
import { PERIOD_TYPES, type PeriodType, periodStartIn, usedInPeriod } from '../../domain/agreement-quota.js';
import type { Clock } from '../../domain/clock.js';
import { CRYPTO_DECIMALS } from '../../domain/fx-rates.js';
import { newId } from '../../domain/ids.js';
import { isCurrency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';
import {
  type AgreementsTable,
  type Database,
  dialectOf,
  lockForUpdate,
  type Store,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { recordEvent } from '../events.js';
import { notFound } from '../not-found.js';
import { decodeCursor, toPage } from '../pagination.js';
import { agreementChannelFor, agreementChannelNamed } from './channel.js';

/**
 * Recurring agreements: created at the channel (the buyer signs on the provider's page), read back from
 * it until final, suspended and resumed by polypay itself (Bybit has no merchant suspend), unsigned at the
 * channel. Every status change records an `agreement.*` event in the transaction that makes it.
 */

export interface AgreementDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly channels: Channels;
}

export type AgreementRow = Selectable<AgreementsTable>;

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

const FINAL = new Set(['UNSIGNED', 'EXPIRED', 'FAILED', 'TIMEOUT']);

const invalid = (param: string, message: string, messageZh: string) =>
  new PolypayError('invalid_params', { param, message, messageZh });

/** A currency polypay prices agreements in: fiat from the money table, or a crypto it knows. */
export function currencyTypeOf(currency: string): 'FIAT' | 'CRYPTO' | undefined {
  if (Object.hasOwn(CRYPTO_DECIMALS, currency)) return 'CRYPTO';
  return isCurrency(currency) ? 'FIAT' : undefined;
}

/** An integer string of minimum units; a decimal point is more precision than minimum units carry. */
export function parseMinorUnits(value: string, param: string): bigint {
  if (/^[0-9]+\.[0-9]+$/.test(value))
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} is in minimum units: an integer string, without a decimal point.`,
      messageZh: `${param} 以最小单位计，须为不带小数点的整数字符串`,
    });
  if (!/^[1-9][0-9]{0,31}$/.test(value))
    throw new PolypayError('invalid_amount', {
      param,
      message: `${param} must be a positive integer string.`,
      messageZh: `${param} 须为正整数字符串`,
    });
  return BigInt(value);
}

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

/** A refusal of the channel as the API's error, with the provider's answer kept. */
export function channelRefusal(error: AgreementFailure): PolypayError {
  return new PolypayError(error.code, {
    channelError: error.channelError,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}

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
    await recordEvent(trx, event(caller, 'agreement.created', view, now));
    return view;
  });
}

function event(caller: Pick<Caller, 'merchantId' | 'appId'>, type: string, view: AgreementView, now: number) {
  return { merchantId: caller.merchantId, appId: caller.appId, type, objectId: view.id, object: view, now };
}

async function rowOf(db: Kysely<Database>, caller: Caller, id: string, lock = false): Promise<AgreementRow> {
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
async function moveTo(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
  change: (row: AgreementRow) => Partial<AgreementRow> | undefined,
  eventType: (row: AgreementRow) => string,
): Promise<AgreementView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const row = await rowOf(trx, caller, id, true);
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
    await recordEvent(trx, event(caller, eventType(next), view, now));
    return view;
  });
}

const EVENT_OF_STATUS: Readonly<Record<string, string>> = {
  SIGNED: 'agreement.signed',
  UNSIGNED: 'agreement.unsigned',
  EXPIRED: 'agreement.expired',
  FAILED: 'agreement.failed',
  TIMEOUT: 'agreement.sign_expired',
  PENDING: 'agreement.pending',
};

/**
 * The agreement as the channel now sees it (the buyer signs on the provider's page). A SUSPENDED
 * agreement stays suspended by polypay unless the channel has ended it.
 */
export async function refreshAgreement(
  deps: AgreementDeps,
  caller: Caller,
  id: string,
): Promise<AgreementView> {
  const row = await rowOf(deps.store.db, caller, id);
  if (FINAL.has(row.status)) return agreementView(deps.store.db, row, deps.clock.now());
  const channel = await agreementChannelNamed(deps.channels, row.channel);
  const state = await channel.query({ externalAgreementNo: row.id });
  if (!state.ok) return agreementView(deps.store.db, row, deps.clock.now());
  const remote = state.value;
  return moveTo(
    deps,
    caller,
    id,
    (current) => {
      const status =
        current.status === 'SUSPENDED' && !FINAL.has(remote.status) ? 'SUSPENDED' : remote.status;
      if (status === current.status && current.provider_agreement_no === remote.agreementNo) return undefined;
      return {
        status,
        provider_agreement_no: remote.agreementNo,
        ...(remote.userId === undefined ? {} : { buyer_id: remote.userId }),
      };
    },
    (next) => EVENT_OF_STATUS[next.status] ?? 'agreement.updated',
  );
}

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

/** polypay stops deducting on a SIGNED agreement; only the merchant's own deductions are held. */
export async function suspendAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  await refreshAgreement(deps, caller, id);
  return moveTo(
    deps,
    caller,
    id,
    (row) => {
      if (row.status === 'SUSPENDED') return undefined;
      if (row.status !== 'SIGNED') throw statusError(row);
      return { status: 'SUSPENDED' };
    },
    () => 'agreement.suspended',
  );
}

export async function resumeAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  await refreshAgreement(deps, caller, id);
  return moveTo(
    deps,
    caller,
    id,
    (row) => {
      if (row.status === 'SIGNED') return undefined;
      if (row.status !== 'SUSPENDED') throw statusError(row);
      return { status: 'SIGNED' };
    },
    () => 'agreement.resumed',
  );
}

export async function unsignAgreement(deps: AgreementDeps, caller: Caller, id: string) {
  const current = await refreshAgreement(deps, caller, id);
  if (current.status === 'UNSIGNED') return current;
  if (current.status !== 'SIGNED' && current.status !== 'SUSPENDED')
    throw statusError({ status: current.status } as AgreementRow);
  const channel = await agreementChannelNamed(deps.channels, current.channel);
  const answer = await channel.unsign({
    externalAgreementNo: current.id,
    agreementType: current.agreement_type as AgreementType,
    userId: current.buyer_id ?? '',
  });
  if (!answer.ok) throw channelRefusal(answer.error);
  return moveTo(
    deps,
    caller,
    id,
    () => ({ status: 'UNSIGNED' }),
    () => 'agreement.unsigned',
  );
}

/** Why an agreement in `row.status` cannot take an operation, as the catalog says it. */
export function statusError(row: Pick<AgreementRow, 'status'>): PolypayError {
  const code =
    row.status === 'SUSPENDED'
      ? 'agreement_suspended'
      : row.status === 'UNSIGNED'
        ? 'agreement_unsigned'
        : row.status === 'EXPIRED'
          ? 'agreement_expired'
          : row.status === 'TIMEOUT'
            ? 'agreement_sign_url_expired'
            : 'agreement_status_invalid';
  return new PolypayError(code, {
    param: 'id',
    message: `The agreement is ${row.status}.`,
    messageZh: `协议状态为 ${row.status}`,
  });
}
