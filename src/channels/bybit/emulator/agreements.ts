import {
  type Agreement,
  compact,
  DAY_MS,
  DEFAULT_SIGN_EXPIRE_MINUTES,
  type EngineCore,
  iso,
  type PeriodLimit,
  pageNumber,
  usdCentsOf,
} from './core.js';
import { BybitRefusal, param } from './errors.js';
import {
  AGREEMENT_TYPES,
  type Body,
  fingerprint,
  isoTime,
  money,
  moneyJson,
  obj,
  oneOf,
  SCENE_CODES,
  str,
} from './fields.js';
import { PERIOD_TYPES, type PeriodType, periodStart } from './periods.js';
import { agreementEvent, settle } from './webhooks.js';
import { TEMPLATES } from './world.js';

/** Sign orders and agreements: signing, the buyer's side, the platform's, unsign, query and list. */

export function sign(
  e: EngineCore,
  merchantId: string,
  body: Body,
  publicUrl: string,
): Record<string, unknown> {
  const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
  const sceneCode = oneOf(body, 'scene_code', SCENE_CODES);
  const productCode = str(body, 'product_code', 64, true);
  const externalAgreementNo = str(body, 'external_agreement_no', 64, true);
  const notifyUrl = str(body, 'notify_url', 512, true);
  const merchantUserId = str(body, 'merchant_user_id', 64);
  const returnUrl = str(body, 'return_url', 512);
  const extra = str(body, 'extra_params', 2048);
  if (extra !== undefined) {
    try {
      JSON.parse(extra);
    } catch {
      throw param('extra_params must be a JSON string');
    }
  }
  const now = e.clock.now();
  const validUntil = isoTime(body, 'sign_valid_time');
  if (validUntil !== undefined && validUntil < now + DAY_MS)
    throw param('sign_valid_time must be at least 24 hours ahead');
  const minutes = body.sign_expire_minutes ?? DEFAULT_SIGN_EXPIRE_MINUTES;
  if (!Number.isInteger(minutes) || (minutes as number) < 1 || (minutes as number) > 1440)
    throw param('sign_expire_minutes must be an integer from 1 to 1440');
  const singleLimit =
    obj(body, 'single_limit', false) === undefined ? undefined : money(body, 'single_limit', 'amount');
  const periodLimits = readPeriodLimits(body);

  const prints = fingerprint(body);
  const existing = agreementByExternal(e, merchantId, externalAgreementNo);
  if (existing !== undefined) {
    if (existing.fingerprint !== prints)
      throw new BybitRefusal(40004, 'external_agreement_no was used with other parameters');
    return existing.signResult;
  }
  const template = TEMPLATES.find((t) => t.productCode === productCode);
  if (template === undefined) throw new BybitRefusal(139001006, `product_code ${productCode}`);
  for (const limit of [singleLimit, ...periodLimits.map((p) => p.limit)]) {
    if (limit !== undefined && usdCentsOf(limit) > template.maxLimitUsdCents)
      throw new BybitRefusal(139004007, `the template allows at most ${template.maxLimitUsdCents} USD cents`);
  }
  if (merchantUserId !== undefined) {
    const signed = [...e.agreements.values()].find(
      (a) =>
        a.merchantId === merchantId &&
        a.merchantUserId === merchantUserId &&
        a.agreementType === agreementType &&
        a.productCode === productCode &&
        (a.status === 'SIGNED' || a.status === 'SUSPENDED'),
    );
    if (signed !== undefined) throw new BybitRefusal(139001007, signed.agreementNo);
  }
  const signOrderId = e.id('AGR');
  const signExpireAt = now + (minutes as number) * 60_000;
  const signUrl = `${publicUrl}/agreement/sign/${signOrderId}`;
  const signResult = {
    sign_order_id: signOrderId,
    sign_url: signUrl,
    qr_code: signUrl,
    expire_time: iso(signExpireAt),
  };
  const agreement: Agreement = {
    agreementNo: e.id('AG'),
    externalAgreementNo,
    signOrderId,
    merchantId,
    agreementType,
    sceneCode,
    productCode,
    ...(merchantUserId === undefined ? {} : { merchantUserId }),
    createdAt: now,
    signExpireAt,
    ...(validUntil === undefined ? {} : { validUntil }),
    ...(singleLimit === undefined ? {} : { singleLimit }),
    periodLimits,
    notifyUrl,
    ...(returnUrl === undefined ? {} : { returnUrl }),
    fingerprint: prints,
    signResult,
    status: 'INIT',
  };
  e.agreements.set(agreement.agreementNo, agreement);
  return signResult;
}

export function readPeriodLimits(body: Body): PeriodLimit[] {
  const raw = body.period_limits;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > PERIOD_TYPES.length) throw param('period_limits must be a list');
  const seen = new Set<string>();
  return raw.map((item, i) => {
    if (typeof item !== 'object' || item === null) throw param(`period_limits[${i}] must be an object`);
    const periodType = oneOf(item as Body, 'period_type', PERIOD_TYPES);
    if (seen.has(periodType)) throw param(`period_limits has two ${periodType} limits`);
    seen.add(periodType);
    return { periodType, limit: money({ limit: item }, 'limit', 'amount') };
  });
}

export function agreementByExternal(
  e: EngineCore,
  merchantId: string,
  externalNo: string,
): Agreement | undefined {
  return [...e.agreements.values()].find(
    (a) => a.merchantId === merchantId && a.externalAgreementNo === externalNo,
  );
}

export function signOrder(e: EngineCore, signOrderId: string): Agreement | undefined {
  settle(e);
  return [...e.agreements.values()].find((a) => a.signOrderId === signOrderId);
}

/** The buyer opened the link: INIT → PENDING, or SIGN_URL_EXPIRED past its expire_time. */
export function open(e: EngineCore, signOrderId: string): Agreement {
  const agreement = openable(e, signOrderId);
  if (agreement.status === 'INIT') agreement.status = 'PENDING';
  return agreement;
}

export function confirm(e: EngineCore, signOrderId: string, userId: string): Agreement {
  const agreement = openable(e, signOrderId);
  if (!e.world.buyers.has(userId)) throw new BybitRefusal(139006002, userId);
  const now = e.clock.now();
  agreement.status = 'SIGNED';
  agreement.userId = userId;
  agreement.signTime = now;
  agreementEvent(e, agreement, 'SIGNED', { signTime: now });
  return agreement;
}

export function decline(e: EngineCore, signOrderId: string): Agreement {
  const agreement = openable(e, signOrderId);
  agreement.status = 'FAILED';
  agreementEvent(e, agreement, 'FAILED', { failureCode: '139005001', failureReason: 'USER_REJECTED' });
  return agreement;
}

export function openable(e: EngineCore, signOrderId: string): Agreement {
  const agreement = signOrder(e, signOrderId);
  if (agreement === undefined) throw new BybitRefusal(139001001, signOrderId);
  if (agreement.status === 'TIMEOUT')
    throw new BybitRefusal(139001012, agreement.signResult.expire_time as string);
  if (agreement.status !== 'INIT' && agreement.status !== 'PENDING')
    throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
  return agreement;
}

/** The platform's side (risk, the user in the app): suspend, resume, unsign by the user. */
export function platform(
  e: EngineCore,
  agreementNo: string,
  action: 'suspend' | 'resume' | 'user_unsign',
): Agreement {
  settle(e);
  const agreement = e.agreements.get(agreementNo);
  if (agreement === undefined) throw new BybitRefusal(139001001, agreementNo);
  const now = e.clock.now();
  if (action === 'suspend') {
    if (agreement.status !== 'SIGNED') throw new BybitRefusal(139001005, agreement.status);
    agreement.status = 'SUSPENDED';
    agreement.suspendTime = now;
    agreementEvent(e, agreement, 'SUSPENDED', { suspendTime: now, suspendReason: 'MANUAL' });
  } else if (action === 'resume') {
    if (agreement.status !== 'SUSPENDED') throw new BybitRefusal(139001005, agreement.status);
    agreement.status = 'SIGNED';
    agreement.resumeTime = now;
    agreementEvent(e, agreement, 'SIGNED', { resumeTime: now });
  } else {
    unsignChecks(agreement);
    unsignAgreement(e, agreement, 'USER');
  }
  return agreement;
}

export function unsign(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  const userId = str(body, 'user_id', 64, true);
  const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
  const unsignType =
    body.unsign_type === undefined ? 'MERCHANT' : oneOf(body, 'unsign_type', ['USER', 'MERCHANT', 'SYSTEM']);
  str(body, 'unsign_reason', 256);
  const agreement = findAgreement(e, merchantId, body);
  if (agreement.agreementType !== agreementType) throw new BybitRefusal(139001013, agreement.agreementType);
  if (!e.world.buyers.has(userId)) throw new BybitRefusal(139006002, userId);
  if (agreement.userId !== undefined && agreement.userId !== userId) throw new BybitRefusal(139001010);
  unsignChecks(agreement);
  unsignAgreement(e, agreement, unsignType);
  return {
    agreement_no: agreement.agreementNo,
    status: agreement.status,
    unsign_time: iso(agreement.unsignTime),
  };
}

export function unsignChecks(agreement: Agreement): void {
  if (agreement.status === 'UNSIGNED') throw new BybitRefusal(139001003);
  if (agreement.status === 'EXPIRED') throw new BybitRefusal(139001002);
  if (agreement.status !== 'SIGNED' && agreement.status !== 'SUSPENDED')
    throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
}

export function unsignAgreement(e: EngineCore, agreement: Agreement, unsignType: string): void {
  const now = e.clock.now();
  agreement.status = 'UNSIGNED';
  agreement.unsignTime = now;
  agreement.unsignType = unsignType;
  agreementEvent(e, agreement, 'UNSIGNED', { unsignTime: now, unsignType });
}

/** By agreement_no or external_agreement_no, of this merchant (another's: MERCHANT_ID_MISMATCH). */
export function findAgreement(e: EngineCore, merchantId: string, body: Body): Agreement {
  settle(e);
  const no = str(body, 'agreement_no', 64);
  const external = str(body, 'external_agreement_no', 64);
  if (no === undefined && external === undefined)
    throw param('agreement_no or external_agreement_no is required');
  const agreement =
    no !== undefined
      ? e.agreements.get(no)
      : [...e.agreements.values()].find(
          (a) => a.externalAgreementNo === external && a.merchantId === merchantId,
        );
  if (agreement === undefined) throw new BybitRefusal(139001001);
  if (agreement.merchantId !== merchantId) throw new BybitRefusal(139001009);
  return agreement;
}

export function query(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  return agreementView(e, findAgreement(e, merchantId, body));
}

export function list(e: EngineCore, merchantId: string, body: Body): Record<string, unknown> {
  settle(e);
  const pageNo = pageNumber(body.page_no, 1, 1_000_000, 'page_no');
  const pageSize = pageNumber(body.page_size, 20, 100, 'page_size');
  const filters = {
    user_id: str(body, 'user_id', 64),
    agreement_type: str(body, 'agreement_type', 16),
    status: str(body, 'status', 16),
    scene_code: str(body, 'scene_code', 32),
  };
  const all = [...e.agreements.values()].filter(
    (a) =>
      a.merchantId === merchantId &&
      (filters.user_id === undefined || a.userId === filters.user_id) &&
      (filters.agreement_type === undefined || a.agreementType === filters.agreement_type) &&
      (filters.status === undefined || a.status === filters.status) &&
      (filters.scene_code === undefined || a.sceneCode === filters.scene_code),
  );
  return {
    total: all.length,
    page_no: pageNo,
    page_size: pageSize,
    list: all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((a) => agreementView(e, a)),
  };
}

export function agreementView(e: EngineCore, a: Agreement): Record<string, unknown> {
  const now = e.clock.now();
  return compact({
    agreement_no: a.agreementNo,
    external_agreement_no: a.externalAgreementNo,
    sign_order_id: a.signOrderId,
    agreement_type: a.agreementType,
    scene_code: a.sceneCode,
    product_code: a.productCode,
    user_id: a.userId,
    merchant_user_id: a.merchantUserId,
    status: a.status,
    sign_time: iso(a.signTime),
    valid_time: iso(a.validUntil),
    unsign_time: iso(a.unsignTime),
    unsign_type: a.unsignType,
    single_limit: a.singleLimit === undefined ? undefined : moneyJson(a.singleLimit, 'amount'),
    period_limits: a.periodLimits.map((p) => ({
      period_type: p.periodType,
      ...moneyJson(p.limit, 'amount'),
    })),
    used_quota: a.periodLimits.map((p) => ({
      period_type: p.periodType,
      currency: p.limit.currency,
      used_amount: usedInPeriod(e, a, p.periodType, now).toString(),
      period_start: iso(periodStart(p.periodType, now)),
    })),
  });
}

/** What counts against a period: SUCCESS and PROCESSING deductions of the period, less what was refunded. */
export function usedInPeriod(e: EngineCore, a: Agreement, type: PeriodType, at: number): bigint {
  const from = periodStart(type, at);
  let used = 0n;
  for (const t of e.trades.values()) {
    if (t.agreementNo !== a.agreementNo || t.createdAt < from || t.createdAt > at) continue;
    if (t.status === 'SUCCESS' || t.status === 'PROCESSING') used += t.amount.total - t.refunded;
  }
  return used;
}
