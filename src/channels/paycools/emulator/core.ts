import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { type EmulatorMerchant, openingMerchants } from './merchants.js';
import { messageOf } from './rules.js';

/**
 * The records the PayCools engine keeps (payouts, collections, refunds), its shared state (`EngineCore`:
 * the merchants and the maps, the clock) and the field checks every operation family uses. The operations
 * are in collections.ts, disbursements.ts and refunds.ts; engine.ts puts them together.
 */

export interface PaycoolsNotification {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface EngineReply {
  readonly body: Record<string, unknown>;
  readonly notifications: readonly PaycoolsNotification[];
}

export interface Payout {
  readonly appId: string;
  readonly transactionId: string;
  readonly mchOrderId: string;
  readonly idempotencyId: string;
  readonly amount: number;
  readonly accountNo: string;
  readonly accountName: string;
  readonly payMethodCode: 'BANK' | 'EWALLET';
  readonly destination: string;
  readonly remark?: string;
  readonly notifyUrl?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  failedCode?: number;
  returnedAt?: number;
  returnAt?: number;
  finishedAt?: number;
  /** The world's code a scenario gave this payout's execution. */
  worldCode?: string;
}

export interface Collection {
  readonly appId: string;
  readonly transactionId: string;
  readonly mchOrderId: string;
  readonly amount: number;
  readonly channelCode: string;
  readonly notifyUrl?: string;
  readonly remark?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETE' | 'FAILED' | 'VOIDED';
  completedAt?: number;
  refunded: number;
  voidOrderId?: string;
}

export interface Refund {
  readonly appId: string;
  readonly refundTransactionId: string;
  readonly mchRefundOrderId: string;
  readonly originalTransactionId: string;
  readonly refundAmount: number;
  readonly refundReason?: string;
  readonly callbackUrl?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETE';
  returnedAt?: number;
}

export type Fields = Record<string, unknown>;
type Check = { code: number } | undefined;
/** What an operation answers: 10000 with its data, or a PayCools code. */
export type OpResult = { code: number; data?: Fields };

export interface HandleContext {
  readonly ip: string;
  readonly publicUrl: string;
  /** A world code a scenario asked this request to answer. */
  readonly injection?: string;
}

export const ALNUM = /^[A-Za-z0-9]+$/;

export class EngineCore {
  readonly merchants: Map<string, EmulatorMerchant>;
  readonly payouts = new Map<string, Payout>();
  readonly collections = new Map<string, Collection>();
  readonly refunds = new Map<string, Refund>();
  readonly clock: Clock;
  /** Called when a payout executes, for a scenario's world code (payout_execution). */
  readonly executionCode: () => string | undefined;
  readonly #mainAppId: string;
  readonly #mainSecret: string;

  constructor(options: {
    appId: string;
    secret: string;
    clock: Clock;
    executionCode?: () => string | undefined;
  }) {
    this.clock = options.clock;
    this.#mainAppId = options.appId;
    this.#mainSecret = options.secret;
    this.merchants = openingMerchants(options.appId, options.secret);
    this.executionCode = options.executionCode ?? (() => undefined);
  }

  reset(): void {
    this.payouts.clear();
    this.collections.clear();
    this.refunds.clear();
    for (const [id, merchant] of openingMerchants(this.#mainAppId, this.#mainSecret)) {
      this.merchants.set(id, merchant);
    }
  }

  /** The signing secret of a record's app. */
  secretOf(appId: string): string {
    return this.merchants.get(appId)!.secret;
  }
}

export function fail(code: number): Record<string, unknown> {
  return { code, message: messageOf(code) };
}

export function str(value: unknown, min: number, max: number, pattern?: RegExp): Check {
  if (typeof value !== 'string' || value.length < min || value.length > max) return { code: 21002 };
  if (pattern && !pattern.test(value)) return { code: 21002 };
  return undefined;
}

export function optStr(value: unknown, max: number): Check {
  return value === undefined ? undefined : str(value, 1, max);
}

/** A record of the app by PayCools' id, else by the merchant's own; 'bad' when the call names neither. */
export function findBy<T extends { appId: string }>(
  map: Map<string, T>,
  appId: string,
  id: unknown,
  key: keyof T,
  other: unknown,
): T | undefined | 'bad' {
  if (typeof id === 'string' && id !== '') {
    const hit = map.get(id);
    return hit?.appId === appId ? hit : undefined;
  }
  if (typeof other === 'string' && other !== '')
    return [...map.values()].find((item) => item.appId === appId && item[key] === other);
  return 'bad';
}

export function newTransactionId(): string {
  return randomBytes(18).toString('hex');
}
