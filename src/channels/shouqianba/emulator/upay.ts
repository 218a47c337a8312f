import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { OrderBook } from './book.js';
import { cancel } from './cancels.js';
import { digits } from './ids.js';
import type {
  Order,
  OrderRef,
  PaidListener,
  PayRequest,
  PrecreateRequest,
  Refund,
  RefundRequest,
  WorldCode,
} from './orders.js';
import { buyerPays, pay, precreate } from './payments.js';
import { query } from './queries.js';
import { refund } from './refunds.js';
import {
  ACTIVATION_CODE_USES,
  DEFAULT_CONTRACTED_PAYWAYS,
  DEFAULT_LIMITS,
  type MerchantTerms,
  type UpayLimits,
} from './rules.js';
import { type Terminal, Terminals } from './terminals.js';
import type { Json } from './wire.js';

/**
 * The upay system as the emulator keeps it: one vendor, one merchant with one store, its terminals, and
 * their orders, with Shouqianba's rules (seed 001, SQB-DOC). Every method runs without awaiting between
 * its checks and its changes, so concurrent calls (two refunds of one order) are serialised by the event
 * loop as a database row lock would serialise them. The work is done by terminals.ts (activation,
 * check-in), book.ts (orders and their state changes) and the operations' files (payments.ts, queries.ts,
 * cancels.ts, refunds.ts).
 */
export class Upay implements MerchantTerms {
  readonly vendorSn = digits(8);
  readonly vendorKey = randomBytes(16).toString('hex');
  readonly appId = `2026${digits(8)}`;
  readonly merchantSn = `1680${digits(8)}`;
  readonly storeSn = `1580${digits(8)}`;
  limits: UpayLimits = { ...DEFAULT_LIMITS };
  contractedPayways = new Set(DEFAULT_CONTRACTED_PAYWAYS);

  readonly #terminals: Terminals;
  readonly #book: OrderBook;

  constructor(clock: Clock, onPaid: PaidListener = () => {}) {
    this.#terminals = new Terminals(clock);
    this.#book = new OrderBook(clock, this.storeSn, onPaid);
  }

  // ---------------------------------------------------------------------------------------------------
  // Activation codes and terminals.

  issueActivationCode(uses = ACTIVATION_CODE_USES): string {
    return this.#terminals.issueActivationCode(uses);
  }

  terminal(sn: string): Terminal | undefined {
    return this.#terminals.get(sn);
  }

  /** Activates a terminal, or says why not (outer INVALID_PARAMS with the doc's wording). */
  activate(input: { code: string; deviceId: string; clientSn?: string }): Terminal | { refusal: string } {
    return this.#terminals.activate(input);
  }

  checkin(terminal: Terminal): Terminal {
    return this.#terminals.checkin(terminal);
  }

  /** The back office disables (or enables again) a terminal. */
  setTerminalStatus(sn: string, status: Terminal['status']): boolean {
    return this.#terminals.setStatus(sn, status);
  }

  // ---------------------------------------------------------------------------------------------------
  // Orders.

  find(ref: OrderRef): Order | undefined {
    return this.#book.find(ref);
  }

  /** Settles what is due on every order that has something pending (the emulator sweeps this). */
  refreshAll(): void {
    this.#book.refreshAll();
  }

  /** Applies what time has decided: settled payments, expired QR codes, finished cancels and refunds. */
  refresh(order: Order): void {
    this.#book.refresh(order);
  }

  pay(request: PayRequest, world: WorldCode): Json {
    return pay(this.#book, this, request, world);
  }

  precreate(request: PrecreateRequest, world: WorldCode): Json {
    return precreate(this.#book, this, request, world);
  }

  /** The buyer scans a precreated code and pays with their wallet (`buyerCode` as if it were their barcode). */
  buyerPays(order: Order, buyerCode: string | undefined): { ok: true } | { ok: false; reason: string } {
    return buyerPays(this.#book, this, order, buyerCode);
  }

  /** The order; with `refundRequestNo`, the order as that refund left it (the refund's flow as `status`). */
  query(ref: OrderRef & { refundRequestNo?: string }, world: WorldCode): Json {
    return query(this.#book, ref, world);
  }

  /** cancel (automatic reversal) and revoke (manual same-day cancel) run the same logic (revoke&cancel.md). */
  cancel(ref: OrderRef, world: WorldCode, kind: 'cancel' | 'revoke'): Json {
    return cancel(this.#book, ref, world, kind);
  }

  refund(request: RefundRequest, world: WorldCode): Json {
    return refund(this.#book, request, world);
  }

  /** The order as upay's answers and notifications show it: every value a string, times in ms. */
  view(order: Order, refund?: Refund): Json {
    return this.#book.view(order, refund);
  }
}
