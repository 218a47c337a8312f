import { PAYCOOLS_BANK_CODES, PAYCOOLS_EWALLET_CODES, PAYOUT_MAX, PAYOUT_MIN } from '../protocol.js';
import { signed } from '../sign.js';
import {
  ALNUM,
  type EngineCore,
  type Fields,
  findBy,
  newTransactionId,
  type OpResult,
  optStr,
  type PaycoolsNotification,
  type Payout,
  str,
} from './core.js';
import type { EmulatorMerchant } from './merchants.js';
import {
  BLOCKED_ACCOUNT_SUFFIX,
  EWALLET_CHANNEL_LIMIT,
  MAINTENANCE,
  MOBILE_WALLETS,
  manila,
  manilaTime,
  messageOf,
  NOT_ENABLED_EWALLETS,
  PAYOUT_EXECUTE_AFTER_MS,
  PAYOUT_RETURN_AFTER_MS,
  UNKNOWN_ACCOUNT_SUFFIX,
} from './rules.js';

/** Disbursements: payouts accepted against the balance, executed later by the channel, sometimes returned. */

const ACCOUNT_NAME = /^[A-Za-z .'-]{1,30}$/;

export function payout(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const bad =
    str(f.mchOrderId, 1, 32, ALNUM) ??
    str(f.appName, 1, 100) ??
    str(f.idempotencyId, 10, 30, ALNUM) ??
    str(f.accountNo, 1, 40, /^[0-9]+$/) ??
    str(f.accountName, 1, 30, ACCOUNT_NAME) ??
    optStr(f.remark, 100) ??
    optStr(f.notifyUrl, 500);
  if (bad) return bad;
  if (!Number.isInteger(f.amount)) return { code: 21002 };
  const method = f.payMethodCode;
  if (method !== 'BANK' && method !== 'EWALLET') return { code: 21002 };
  const destination = method === 'BANK' ? f.bankCode : f.ewalletCode;
  if (typeof destination !== 'string' || destination === '') return { code: 21002 };
  if (method === 'BANK' && !(PAYCOOLS_BANK_CODES as readonly string[]).includes(destination))
    return { code: 21012 };
  if (method === 'EWALLET' && !(PAYCOOLS_EWALLET_CODES as readonly string[]).includes(destination))
    return { code: 21013 };
  if (method === 'EWALLET' && (NOT_ENABLED_EWALLETS as readonly string[]).includes(destination))
    return { code: 21005 };
  const amount = f.amount as number;
  if (amount < PAYOUT_MIN || amount > PAYOUT_MAX) return { code: 21010 };
  const mine = [...e.payouts.values()].filter((p) => p.appId === m.appId);
  if (mine.some((p) => p.idempotencyId === f.idempotencyId)) return { code: 21015 };
  if (mine.some((p) => p.mchOrderId === f.mchOrderId)) return { code: 21007 };
  // Accepted against the balance as it is now; the money leaves when the channel executes (−10003 then).
  if (m.balance < amount) return { code: 21014 };
  const accepted: Payout = {
    appId: m.appId,
    transactionId: newTransactionId(),
    mchOrderId: f.mchOrderId as string,
    idempotencyId: f.idempotencyId as string,
    amount,
    accountNo: f.accountNo as string,
    accountName: f.accountName as string,
    payMethodCode: method,
    destination,
    ...(typeof f.remark === 'string' ? { remark: f.remark } : {}),
    ...(typeof f.notifyUrl === 'string' ? { notifyUrl: f.notifyUrl } : {}),
    createdAt: e.clock.now(),
    status: 'PENDING',
  };
  e.payouts.set(accepted.transactionId, accepted);
  return {
    code: 10000,
    data: {
      transactionId: accepted.transactionId,
      mchOrderId: accepted.mchOrderId,
      amount,
      transactionStatus: 'PENDING',
    },
  };
}

export function payoutQuery(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const found = findBy(e.payouts, m.appId, f.transactionId, 'mchOrderId', f.mchOrderId);
  if (found === 'bad') return { code: 21002 };
  if (found === undefined) return { code: 21006 };
  return { code: 10000, data: payoutView(found) };
}

/** Payouts due now: pending ones execute, completed ones marked to come back (−10010) do. */
export function settlePayouts(e: EngineCore, now: number, out: PaycoolsNotification[]): void {
  for (const p of e.payouts.values()) {
    if (p.status === 'PENDING' && now >= p.createdAt + PAYOUT_EXECUTE_AFTER_MS) execute(e, p, now, out);
    else if (p.status === 'COMPLETED' && p.returnAt !== undefined && now >= p.returnAt) {
      p.status = 'FAILED';
      p.failedCode = -10010;
      p.returnedAt = now;
      p.finishedAt = now;
      e.merchants.get(p.appId)!.balance += p.amount;
      const note = payoutNotification(e, p);
      if (note) out.push(note);
    }
  }
}

function execute(e: EngineCore, p: Payout, now: number, out: PaycoolsNotification[]): void {
  const merchant = e.merchants.get(p.appId)!;
  const world = e.executionCode();
  const { hour } = manila(now);
  let failed: number | undefined;
  if (world !== undefined && world !== '-10010') failed = Number(world);
  else if (!merchant.active) failed = -10008;
  else if (
    p.payMethodCode === 'BANK' &&
    p.destination === MAINTENANCE.bankCode &&
    hour >= MAINTENANCE.fromHour &&
    hour < MAINTENANCE.toHour
  )
    failed = -10007;
  else if (
    p.payMethodCode === 'EWALLET' &&
    (MOBILE_WALLETS as readonly string[]).includes(p.destination) &&
    !/^09\d{9}$/.test(p.accountNo)
  )
    failed = -10002;
  else if (p.payMethodCode === 'EWALLET' && p.amount > EWALLET_CHANNEL_LIMIT) failed = -10001;
  else if (p.accountNo.endsWith(UNKNOWN_ACCOUNT_SUFFIX)) failed = -10005;
  else if (p.accountNo.endsWith(BLOCKED_ACCOUNT_SUFFIX)) failed = -10009;
  else if (merchant.balance < p.amount) failed = -10003;
  p.finishedAt = now;
  if (failed === undefined) {
    p.status = 'COMPLETED';
    merchant.balance -= p.amount;
    if (world === '-10010') p.returnAt = now + PAYOUT_RETURN_AFTER_MS;
  } else {
    p.status = 'FAILED';
    p.failedCode = failed;
  }
  const note = payoutNotification(e, p);
  if (note) out.push(note);
}

function payoutNotification(e: EngineCore, p: Payout): PaycoolsNotification | undefined {
  if (p.notifyUrl === undefined) return undefined;
  const body = {
    ...payoutView(p),
    eventName: p.status === 'COMPLETED' ? 'disbursement.completed' : 'disbursement.failed',
  };
  return { url: p.notifyUrl, body: signed(body, e.secretOf(p.appId)) };
}

function payoutView(p: Payout): Fields {
  return {
    transactionId: p.transactionId,
    mchOrderId: p.mchOrderId,
    amount: p.amount,
    transactionStatus: p.status,
    createTime: manilaTime(p.createdAt),
    ...(p.finishedAt === undefined ? {} : { returnTime: manilaTime(p.finishedAt) }),
    ...(p.remark === undefined ? {} : { remark: p.remark }),
    ...(p.failedCode === undefined
      ? {}
      : { failedCode: p.failedCode, failedMessage: messageOf(p.failedCode) }),
  };
}
