/**
 * The sandbox's only state: what the buyer did with a QR or wap charge (paid or declined it on the sandbox
 * pay page). Everything else the sandbox answers is a function of the charge, the refund and the clock.
 * The store keeps these in `sandbox_buyer_actions`; this module holds the interface and the in-memory one.
 */

export interface BuyerAction {
  readonly kind: 'pay' | 'decline';
  /** Epoch ms of the buyer's action. */
  readonly at: number;
  readonly buyerId: string;
}

export interface SandboxOrderBook {
  getBuyerAction(chargeId: string): Promise<BuyerAction | undefined>;
  setBuyerAction(chargeId: string, action: BuyerAction): Promise<void>;
}

/** For tests and the embedded default; forgets everything when the process ends. */
export class InMemorySandboxOrderBook implements SandboxOrderBook {
  readonly #actions = new Map<string, BuyerAction>();

  async getBuyerAction(chargeId: string): Promise<BuyerAction | undefined> {
    return this.#actions.get(chargeId);
  }

  async setBuyerAction(chargeId: string, action: BuyerAction): Promise<void> {
    this.#actions.set(chargeId, { kind: action.kind, at: action.at, buyerId: action.buyerId });
  }
}
