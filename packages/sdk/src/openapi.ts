// Generated from the server's /openapi.json by `npm run sdk:types` (openapi-typescript). Do not edit:
// test/sdk/types-drift.test.ts fails when this file and the server disagree.

export interface paths {
  "/healthz": {
    /**
     * Liveness
     * @description Liveness
     */
    get: operations["retrieveHealthz"];
  };
  "/readyz": {
    /**
     * Readiness: the database answers
     * @description Readiness: the database answers
     */
    get: operations["retrieveReadyz"];
  };
  "/v1/agreements": {
    /**
     * List agreements, newest first (or find one by merchant_agreement_no)
     * @description Cursor paging with starting_after; status filters.
     */
    get: operations["listAgreements"];
    /**
     * Create an agreement: the buyer signs it at sign_url before it takes deductions
     * @description Asks the channel (provider bybit) for a sign link. Limits are integer strings in minimum units of the agreement's currency; periods are bounded in time_zone.
     */
    post: operations["createAgreement"];
  };
  "/v1/agreements/{id}": {
    /**
     * Retrieve an agreement, as the channel now sees it
     * @description Reads the channel while the agreement is not final (the buyer signs on the provider page).
     */
    get: operations["retrieveAgreement"];
  };
  "/v1/agreements/{id}/deductions": {
    /**
     * List an agreement's deductions
     * @description Oldest first (its history in the order it happened); cursor paging with starting_after.
     */
    get: operations["listDeductions"];
    /**
     * Deduct from a signed agreement, within its single and period limits
     * @description polypay checks the limits itself before calling the channel (agreement_single_limit_exceeded, agreement_quota_exceeded), also under concurrent deductions; an fx_quote_id past its expires_at is refused with exchange_rate_expired.
     */
    post: operations["createDeduction"];
  };
  "/v1/agreements/{id}/deductions/{deduction_id}": {
    /**
     * Retrieve a deduction (a processing one is read from the channel)
     * @description A processing deduction settles here once the channel has decided.
     */
    get: operations["retrieveDeduction"];
  };
  "/v1/agreements/{id}/deductions/{deduction_id}/refund": {
    /**
     * Refund part or all of a deduction; a completed refund gives the quota back
     * @description Reserves the refund (its ledger share taken back) before asking the channel. Answered succeeded, failed, or pending when the channel is still processing it: a webhook or a query job settles it later, exactly once (deduction_refund.succeeded / deduction_refund.failed events). Only a succeeded refund gives the quota back.
     */
    post: operations["refundDeduction"];
  };
  "/v1/agreements/{id}/deductions/{deduction_id}/refunds": {
    /**
     * List a deduction's refunds
     * @description Oldest first, as stored (read one to have a pending refund asked of the channel).
     */
    get: operations["listDeductionRefunds"];
  };
  "/v1/agreements/{id}/deductions/{deduction_id}/refunds/{refund_id}": {
    /**
     * Retrieve a refund of a deduction (a pending one is read from the channel)
     * @description A pending refund settles here once the channel has decided, exactly once.
     */
    get: operations["retrieveDeductionRefund"];
  };
  "/v1/agreements/{id}/resume": {
    /**
     * Resume a suspended agreement
     * @description Resume a suspended agreement. Records an agreement.* event.
     */
    post: operations["resumeAgreement"];
  };
  "/v1/agreements/{id}/suspend": {
    /**
     * Suspend: polypay refuses deductions until resumed
     * @description Suspend: polypay refuses deductions until resumed. Records an agreement.* event.
     */
    post: operations["suspendAgreement"];
  };
  "/v1/agreements/{id}/unsign": {
    /**
     * Unsign at the channel: final
     * @description Unsign at the channel: final. Records an agreement.* event.
     */
    post: operations["unsignAgreement"];
  };
  "/v1/api_keys": {
    /**
     * List the app’s API keys, newest first (never the keys themselves)
     * @description List the app’s API keys, newest first (never the keys themselves)
     */
    get: operations["listApiKeys"];
    /**
     * Create a restricted (read-only) key; the key is shown only in this answer
     * @description Create a restricted (read-only) key; the key is shown only in this answer
     */
    post: operations["createApiKey"];
  };
  "/v1/api_keys/{id}": {
    /**
     * Revoke a restricted key of the app
     * @description Revoke a restricted key of the app
     */
    delete: operations["deleteApiKey"];
  };
  "/v1/api_keys/{id}/roll": {
    /**
     * Roll a key: a new key of the same kind (shown only in this answer); the old one keeps working for overlap_seconds (default 0: it stops now)
     * @description Roll a key: a new key of the same kind (shown only in this answer); the old one keeps working for overlap_seconds (default 0: it stops now)
     */
    post: operations["rollApiKey"];
  };
  "/v1/app": {
    /**
     * The calling app and its security settings
     * @description The calling app and its security settings
     */
    get: operations["retrieveApp"];
    /**
     * Change the calling app’s security settings
     * @description Change the calling app’s security settings
     */
    post: operations["updateApp"];
  };
  "/v1/app/signing_secret/roll": {
    /**
     * Roll the request signing secret: a new one (shown only in this answer); the old one is still accepted for overlap_seconds
     * @description Roll the request signing secret: a new one (shown only in this answer); the old one is still accepted for overlap_seconds
     */
    post: operations["rollSigningSecret"];
  };
  "/v1/balance": {
    /**
     * Available and pending balances per currency
     * @description Available and pending balances per currency
     */
    get: operations["retrieveBalance"];
  };
  "/v1/balance_transactions": {
    /**
     * Movements of the pending and available balances, newest first, optionally filtered
     * @description Movements of the pending and available balances, newest first, optionally filtered
     */
    get: operations["listBalanceTransactions"];
  };
  "/v1/channel_configs": {
    /**
     * List channel configurations, newest first
     * @description List channel configurations, newest first
     */
    get: operations["listChannelConfigs"];
    /**
     * Configure a provider for this app: new charges matching it go to the provider
     * @description The newest enabled configuration that serves a charge’s payway, sub_payway and currency serves it. A test-mode app without one keeps the sandbox; a live-mode app without one is refused with payway_not_enabled.
     */
    post: operations["createChannelConfig"];
  };
  "/v1/channel_configs/{id}": {
    /**
     * Retrieve a channel configuration
     * @description Retrieve a channel configuration
     */
    get: operations["retrieveChannelConfig"];
  };
  "/v1/channel_configs/{id}/disable": {
    /**
     * Disable a channel configuration (its existing charges keep using it)
     * @description Disable a channel configuration (its existing charges keep using it)
     */
    post: operations["disableChannelConfig"];
  };
  "/v1/channel_notifications/{provider}/{config_id}": {
    /**
     * Receive a provider notification for a channel configuration (called by the provider)
     * @description The connector checks the signature over the raw body. A good notification makes polypay query the provider about the charge it names (the query, not the notification, is the truth) and answers the provider’s acknowledgement. A bad signature changes nothing (polypay-notification-error: channel_sign_error); an order the configuration does not know changes nothing (channel_notify_id_error).
     */
    post: operations["updateChannelNotification"];
  };
  "/v1/charges": {
    /**
     * List charges, newest first, or find one by out_trade_no
     * @description List charges, newest first, or find one by out_trade_no
     */
    get: operations["listCharges"];
    /**
     * Create a charge (barcode answers the outcome; qrcode/wap answer qr_code/pay_url)
     * @description Create a charge (barcode answers the outcome; qrcode/wap answer qr_code/pay_url)
     */
    post: operations["createCharge"];
  };
  "/v1/charges/{id}": {
    /**
     * Retrieve a charge; asks the channel when its outcome is not final
     * @description Retrieve a charge; asks the channel when its outcome is not final
     */
    get: operations["retrieveCharge"];
  };
  "/v1/charges/{id}/cancel": {
    /**
     * Cancel (撤单): reverse a paid charge the same day, or abort one in progress
     * @description Cancel (撤单): reverse a paid charge the same day, or abort one in progress
     */
    post: operations["cancelCharge"];
  };
  "/v1/charges/{id}/close": {
    /**
     * Close an unpaid charge (same day)
     * @description Close an unpaid charge (same day)
     */
    post: operations["closeCharge"];
  };
  "/v1/charges/{id}/refunds": {
    /**
     * The refunds of a charge, oldest first
     * @description The refunds of a charge, oldest first
     */
    get: operations["listChargeRefunds"];
    /**
     * Refund a charge, in part or in full
     * @description Refund a charge, in part or in full
     */
    post: operations["createChargeRefund"];
  };
  "/v1/charges/{id}/void": {
    /**
     * Void a paid charge the same day, before settlement
     * @description Void a paid charge the same day, before settlement
     */
    post: operations["voidCharge"];
  };
  "/v1/errors": {
    /**
     * List every unified error code
     * @description List every unified error code
     */
    get: operations["listErrors"];
  };
  "/v1/errors/{code}": {
    /**
     * Show one unified error code
     * @description Show one unified error code
     */
    get: operations["retrieveError"];
  };
  "/v1/errors/lookup": {
    /**
     * Find the unified error an upstream provider code maps to
     * @description Find the unified error an upstream provider code maps to
     */
    get: operations["retrieveErrorLookup"];
  };
  "/v1/events": {
    /**
     * List events oldest first (or newest first with order=desc); keep next_cursor to continue later
     * @description List events oldest first (or newest first with order=desc); keep next_cursor to continue later
     */
    get: operations["listEvents"];
  };
  "/v1/events/{id}": {
    /**
     * Retrieve an event
     * @description Retrieve an event
     */
    get: operations["retrieveEvent"];
  };
  "/v1/events/{id}/deliveries": {
    /**
     * The webhook deliveries of an event, with every attempt
     * @description The webhook deliveries of an event, with every attempt
     */
    get: operations["listEventDeliveries"];
  };
  "/v1/events/{id}/resend": {
    /**
     * Deliver an event again, to one endpoint or to every subscribed one
     * @description Deliver an event again, to one endpoint or to every subscribed one
     */
    post: operations["resendEvent"];
  };
  "/v1/fx/quotes": {
    /**
     * Quote a rate from a fiat to a crypto, valid until expires_at
     * @description Pass its id as fx_quote_id on a deduction; once expired, exchange_rate_expired.
     */
    post: operations["createFxQuote"];
  };
  "/v1/red_envelopes": {
    /**
     * List red envelopes, newest first
     * @description A page of red envelopes; with out_transfer_no, only that one (or none).
     */
    get: operations["listRedEnvelopes"];
    /**
     * Send a red envelope
     * @description Pays out from the available balance: the amount is held while the red envelope is PENDING, sent when the channel confirms it and released if it fails. The same out_transfer_no again returns the same red envelope (and sends it if the channel was busy).
     */
    post: operations["createRedEnvelope"];
  };
  "/v1/red_envelopes/{id}": {
    /**
     * Retrieve a red envelope
     * @description The red envelope by its id.
     */
    get: operations["getRedEnvelope"];
  };
  "/v1/refunds": {
    /**
     * List the app’s refunds, newest first
     * @description List the app’s refunds, newest first
     */
    get: operations["listRefunds"];
  };
  "/v1/refunds/{id}": {
    /**
     * Retrieve a refund
     * @description Retrieve a refund
     */
    get: operations["retrieveRefund"];
  };
  "/v1/reports/summary": {
    /**
     * Today’s volume, count, success rate and refunds, and a series per day by channel and status
     * @description Today’s volume, count, success rate and refunds, and a series per day by channel and status
     */
    get: operations["retrieveSummaryReport"];
  };
  "/v1/sandbox/agreements/{id}/sign": {
    /**
     * Play the buyer who signs (or declines) a sandbox agreement
     * @description Test mode only. The agreement then reads SIGNED (buyer_id sandbox_buyer unless given) or FAILED; a sign link past sign_url_expires_at answers agreement_sign_url_expired.
     */
    post: operations["signSandboxAgreement"];
  };
  "/v1/sandbox/charges/{id}/pay": {
    /**
     * Play the buyer who scans a sandbox QR code (or opens the wap page) and pays or declines
     * @description Play the buyer who scans a sandbox QR code (or opens the wap page) and pays or declines
     */
    post: operations["paySandboxCharge"];
  };
  "/v1/sessions": {
    /**
     * Sign in to the dashboard: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, Secure over TLS); the answer carries the CSRF token every write must send
     * @description Sign in to the dashboard: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, Secure over TLS); the answer carries the CSRF token every write must send
     */
    post: operations["createSession"];
  };
  "/v1/sessions/current": {
    /**
     * The dashboard session of the cookie, with its CSRF token (after a page reload)
     * @description The dashboard session of the cookie, with its CSRF token (after a page reload)
     */
    get: operations["retrieveCurrentSession"];
    /**
     * Sign out: end the session of the cookie (needs X-CSRF-Token) and clear the cookie
     * @description Sign out: end the session of the cookie (needs X-CSRF-Token) and clear the cookie
     */
    delete: operations["deleteCurrentSession"];
  };
  "/v1/stores": {
    /**
     * Create a store
     * @description Create a store
     */
    post: operations["createStore"];
  };
  "/v1/terminals": {
    /**
     * Create a terminal of a store; answers its one-time activation code (valid 7 days)
     * @description Create a terminal of a store; answers its one-time activation code (valid 7 days)
     */
    post: operations["createTerminal"];
  };
  "/v1/terminals/{sn}": {
    /**
     * Retrieve a terminal
     * @description Retrieve a terminal
     */
    get: operations["retrieveTerminal"];
  };
  "/v1/terminals/{sn}/checkin": {
    /**
     * Daily check-in: prove the current key, get a new one (the old one stops working)
     * @description Daily check-in: prove the current key, get a new one (the old one stops working)
     */
    post: operations["checkinTerminal"];
  };
  "/v1/terminals/activate": {
    /**
     * Activate a terminal: activation code → terminal key
     * @description Activate a terminal: activation code → terminal key
     */
    post: operations["updateTerminalActivate"];
  };
  "/v1/test/emulator_scenarios": {
    /**
     * Test mode: the scenarios queued on each mounted provider emulator
     * @description Test mode: the scenarios queued on each mounted provider emulator
     */
    get: operations["listEmulatorScenarios"];
  };
  "/v1/test/emulator_scenarios/{provider}": {
    /**
     * Test mode: queue the next answer or fault of a mounted provider emulator (a fault, a delay or an upstream code, for one operation or the next call)
     * @description Test mode: queue the next answer or fault of a mounted provider emulator (a fault, a delay or an upstream code, for one operation or the next call)
     */
    post: operations["createEmulatorScenario"];
    /**
     * Test mode: clear the scenarios queued on a mounted provider emulator
     * @description Test mode: clear the scenarios queued on a mounted provider emulator
     */
    delete: operations["deleteEmulatorScenarios"];
  };
  "/v1/test/settlement": {
    /**
     * Settle now (test mode): every paid, unsettled charge of the calling app becomes available
     * @description Settle now (test mode): every paid, unsettled charge of the calling app becomes available
     */
    post: operations["runTestSettlement"];
  };
  "/v1/transfers": {
    /**
     * List transfers, newest first
     * @description A page of transfers; with out_transfer_no, only that one (or none).
     */
    get: operations["listTransfers"];
    /**
     * Send a transfer
     * @description Pays out from the available balance: the amount is held while the transfer is PENDING, sent when the channel confirms it and released if it fails. The same out_transfer_no again returns the same transfer (and sends it if the channel was busy).
     */
    post: operations["createTransfer"];
  };
  "/v1/transfers/{id}": {
    /**
     * Retrieve a transfer
     * @description The transfer by its id.
     */
    get: operations["getTransfer"];
  };
  "/v1/webhook_endpoints": {
    /**
     * List webhook endpoints, newest first
     * @description List webhook endpoints, newest first
     */
    get: operations["listWebhookEndpoints"];
    /**
     * Create a webhook endpoint (at most 16 per app); its signing secret is shown only in this answer
     * @description Create a webhook endpoint (at most 16 per app); its signing secret is shown only in this answer
     */
    post: operations["createWebhookEndpoint"];
  };
  "/v1/webhook_endpoints/{id}": {
    /**
     * Retrieve a webhook endpoint
     * @description Retrieve a webhook endpoint
     */
    get: operations["retrieveWebhookEndpoint"];
    /**
     * Change the URL, the event types or the disabled flag of a webhook endpoint
     * @description Change the URL, the event types or the disabled flag of a webhook endpoint
     */
    post: operations["updateWebhookEndpoint"];
    /**
     * Delete a webhook endpoint with its delivery history
     * @description Delete a webhook endpoint with its delivery history
     */
    delete: operations["deleteWebhookEndpoint"];
  };
  "/v1/webhook_endpoints/{id}/rotate_secret": {
    /**
     * Give the endpoint a new secret; the old one keeps signing alongside it for a grace period
     * @description Give the endpoint a new secret; the old one keeps signing alongside it for a grace period
     */
    post: operations["rotateSecretWebhookEndpoint"];
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
    /** @description A recurring agreement */
    Agreement: {
      /** @description CYCLE, NON_CYCLE or SINGLE */
      agreement_type: string;
      buyer_id: string | null;
      /** @description `sandbox` or `bybit:<config id>` */
      channel: string;
      created_at: number;
      currency: string;
      /** @description FIAT or CRYPTO */
      currency_type: string;
      id: string;
      merchant_agreement_no: string | null;
      /** @enum {string} */
      object: "agreement";
      period_limits: ({
          amount: string;
          /** @description Epoch ms the current period began, in time_zone */
          period_start: number;
          /** @enum {string} */
          period_type: "DAY" | "WEEK" | "MONTH" | "YEAR";
          remaining: string;
          used: string;
        })[];
      product_code: string;
      /** @description What a QR code for the buyer encodes */
      qr_code: string;
      scene_code: string;
      /** @description The page where the buyer signs */
      sign_url: string;
      /** @description Epoch ms */
      sign_url_expires_at: number;
      single_limit: string | null;
      /**
       * @description TIMEOUT: the sign link expired unsigned
       * @enum {string}
       */
      status: "INIT" | "PENDING" | "SIGNED" | "SUSPENDED" | "UNSIGNED" | "EXPIRED" | "FAILED" | "TIMEOUT";
      time_zone: string;
      updated_at: number;
    };
    AgreementListResponse: {
      /** @enum {number} */
      code: 0;
      data: {
        has_more: boolean;
        items: components["schemas"]["Agreement"][];
        next_cursor: string | null;
      };
      /** @enum {string} */
      message: "success";
    };
    AgreementResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["Agreement"];
      /** @enum {string} */
      message: "success";
    };
    ApiKey: {
      /** @description Epoch milliseconds */
      created_at: number;
      id: string;
      /** @description The key itself (rk_test_… or rk_live_…); shown only in this answer */
      key: string;
      /** @enum {string} */
      kind: "secret" | "restricted" | "operator";
      /** @enum {string} */
      object: "api_key";
      /** @description The key's first 12 characters, for display */
      prefix: string;
      revoked: number | null;
      /** @enum {string} */
      status: "active" | "revoked";
    };
    ApiKey2: {
      /** @description Epoch milliseconds */
      created_at: number;
      id: string;
      /** @enum {string} */
      kind: "secret" | "restricted" | "operator";
      /** @enum {string} */
      object: "api_key";
      /** @description The key's first 12 characters, for display */
      prefix: string;
      revoked: number | null;
      /** @enum {string} */
      status: "active" | "revoked";
    };
    ApiKey2List: {
      has_more: boolean;
      items: components["schemas"]["ApiKey2"][];
      next_cursor: string | null;
    };
    /** Balance */
    Balance: {
      balances: {
          /** @description Settled, can fund refunds and payouts */
          available: number;
          currency: string;
          /** @description Paid, not yet settled (daily cut-off) */
          pending: number;
        }[];
    };
    /** BalanceTransaction */
    BalanceTransaction: {
      /** @enum {string} */
      account: "pending" | "available";
      /** @description Positive: credited to the merchant; negative: debited */
      amount: number;
      created_at: number;
      currency: string;
      id: string;
      journal_id: string;
      /** @description The charge or refund id */
      source: string;
      /** @description charge, refund, refund_reversal, settlement, charge_cancel, charge_void */
      type: string;
    };
    BalanceTransactionList: {
      has_more: boolean;
      items: components["schemas"]["BalanceTransaction"][];
      next_cursor: string | null;
    };
    ChannelConfig: {
      app_id: string;
      base_url: string;
      /** @description The channel name recorded on the charges it serves */
      channel: string;
      /** @description Epoch milliseconds */
      created_at: number;
      /** @description Names of the credentials stored (encrypted); their values are never returned */
      credentials_set: string[];
      currencies: string[];
      id: string;
      /**
       * @description The app's mode: a test-mode app's configuration takes over from the sandbox
       * @enum {string}
       */
      mode: "test" | "live";
      /** @description Where the provider sends notifications for this configuration */
      notify_url: string;
      /** @enum {string} */
      object: "channel_config";
      payways: string[];
      provider: string;
      /** @enum {string} */
      status: "enabled" | "disabled";
      sub_payways: string[];
      /** @description Epoch milliseconds */
      updated_at: number;
    };
    ChannelConfigList: {
      has_more: boolean;
      items: components["schemas"]["ChannelConfig"][];
      next_cursor: string | null;
    };
    Charge: {
      amount: number;
      amount_refundable: number;
      amount_refunded: number;
      /** @description Masked */
      auth_code: string | null;
      biz_result: string | null;
      buyer_id: string | null;
      canceled_at: number | null;
      channel: string | null;
      channel_trade_no: string | null;
      closed_at: number | null;
      created_at: number;
      currency: string;
      description: string | null;
      /** @description Epoch ms when a payment still open is given up and the charge closed (expires_in_seconds, else the pay deadline of its kind) */
      expires_at: number | null;
      failure_code: string | null;
      failure_message: string | null;
      fee: number;
      flows: ({
          amount: number;
          biz_result: string | null;
          channel_error: {
            code: string;
            message: string;
            provider: string;
          } | null;
          created_at: number;
          error_code: string | null;
          error_message: string | null;
          id: string;
          kind: string;
          refund_id: string | null;
          /** @enum {string} */
          status: "IN_PROG" | "SUCCESS" | "FAIL_CANCELED" | "FAIL_PROTOCOL_1" | "FAIL_IO_1" | "FAIL_PROTOCOL_2" | "FAIL_IO_2" | "FAIL_PROTOCOL_3" | "FAIL_ERROR" | "CANCEL_ERROR" | "REFUND_ERROR";
          updated_at: number;
        })[];
      id: string;
      livemode: boolean;
      metadata: {
        [key: string]: string;
      };
      /** @enum {string} */
      object: "charge";
      out_trade_no: string;
      paid: boolean;
      paid_at: number | null;
      pay_url: string | null;
      payway: string;
      qr_code: string | null;
      settled: boolean;
      settled_at: number | null;
      /** @enum {string} */
      status: "CREATED" | "PAID" | "PAY_CANCELED" | "PAY_ERROR" | "REFUNDED" | "PARTIAL_REFUNDED" | "REFUND_ERROR" | "CANCELED" | "CANCEL_ERROR" | "CANCEL_INPROGRESS" | "CLOSED" | "VOIDED";
      store_id: string | null;
      sub_payway: string | null;
      subject: string;
      terminal_sn: string | null;
      voided_at: number | null;
    };
    ChargeList: {
      has_more: boolean;
      items: components["schemas"]["Charge"][];
      next_cursor: string | null;
    };
    /** @description A deduction on an agreement */
    Deduction: {
      agreement: string;
      /** @description Minimum units of currency, an integer string */
      amount: string;
      channel_trade_no: string | null;
      created_at: number;
      /** @description How a fiat deduction was paid: currency, amount, chain, exchange_rate, rate_time */
      crypto_payment: {
        [key: string]: unknown;
      } | null;
      currency: string;
      failure_code: string | null;
      id: string;
      /** @description What the ledger booked, in minor units of ledger_currency (crypto: its USD value) */
      ledger_amount: number | null;
      ledger_currency: string | null;
      /** @enum {string} */
      object: "deduction";
      /** @description Minimum units given back by succeeded refunds */
      refunded: string;
      /** @description processing, succeeded or failed */
      status: string;
      updated_at: number;
    };
    DeductionListResponse: {
      /** @enum {number} */
      code: 0;
      data: {
        has_more: boolean;
        items: components["schemas"]["Deduction"][];
        next_cursor: string | null;
      };
      /** @enum {string} */
      message: "success";
    };
    /** @description A refund of a deduction */
    DeductionRefund: {
      amount: string;
      channel_refund_no: string | null;
      created_at: number;
      currency: string;
      deduction: components["schemas"]["Deduction"];
      failure_code: string | null;
      id: string;
      ledger_amount: number | null;
      ledger_currency: string | null;
      /** @enum {string} */
      object: "deduction_refund";
      reason: string | null;
      /** @description pending, succeeded or failed; pending settles later, once */
      status: string;
      updated_at: number;
    };
    DeductionRefundListResponse: {
      /** @enum {number} */
      code: 0;
      data: {
        has_more: boolean;
        items: components["schemas"]["DeductionRefund"][];
        next_cursor: string | null;
      };
      /** @enum {string} */
      message: "success";
    };
    DeductionRefundResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["DeductionRefund"];
      /** @enum {string} */
      message: "success";
    };
    DeductionResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["Deduction"];
      /** @enum {string} */
      message: "success";
    };
    /** @description The scenarios queued on one mounted provider emulator */
    EmulatorScenarios: {
      /** @enum {string} */
      object: "emulator_scenarios";
      provider: string;
      /** @description Queued, first taken first */
      scenarios: {
          applied?: boolean;
          code?: string;
          delay_ms?: number;
          fault?: string;
          id: string;
          operation?: string;
          /** @description Calls that will still take it */
          remaining: number;
        }[];
    };
    EmulatorScenariosList: {
      has_more: boolean;
      items: components["schemas"]["EmulatorScenarios"][];
      next_cursor: string | null;
    };
    /** ErrorCode */
    ErrorCode: {
      category: string;
      code: string;
      customer_message: {
        en: string;
        zh: string;
      };
      http_status: number;
      messages: {
        en: string;
        zh: string;
      };
      next_action: string;
      /** @enum {string} */
      retry_strategy: "backoff" | "query_first" | "never";
      retryable: boolean;
      upstream: {
          code: string;
          message: string;
          provider: string;
        }[];
    };
    ErrorCodeList: {
      has_more: boolean;
      items: components["schemas"]["ErrorCode"][];
      next_cursor: string | null;
    };
    /** @description Every failed response */
    ErrorEnvelope: {
      channel_error?: {
        code: string;
        message: string;
        provider: string;
      };
      /** @description The stored charge a failed charge operation refers to (ch_…) */
      charge_id?: string;
      /** @description Unified error code, see GET /v1/errors */
      code: string;
      /** @description For the buyer, in the language of Accept-Language */
      customer_message: string;
      /** @description The catalog entry of the code: /v1/errors/{code} */
      doc_url: string;
      /** @description For the developer; in Chinese with Accept-Language: zh */
      message: string;
      next_action: string;
      /** @description The request field at fault */
      param?: string;
      request_id: string;
      retry_after_ms?: number;
      retryable: boolean;
    };
    /** Event */
    Event: {
      /** @description Epoch milliseconds */
      created: number;
      data: {
        object: unknown;
      };
      id: string;
      type: string;
    };
    EventList: {
      has_more: boolean;
      items: components["schemas"]["Event"][];
      next_cursor: string | null;
    };
    /** @description A market rate, held until expires_at */
    FxQuote: {
      created_at: number;
      /** @description Epoch ms: the market rate moves then */
      expires_at: number;
      from_currency: string;
      id: string;
      /** @enum {string} */
      object: "fx_quote";
      /** @description Units of to_currency per unit of from_currency, a decimal string */
      rate: string;
      to_currency: string;
    };
    FxQuoteResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["FxQuote"];
      /** @enum {string} */
      message: "success";
    };
    /** @description Where a payout goes: a bank account, an e-wallet account or a wallet user */
    PayoutDestination: {
      /** @description The account holder's name */
      account_name: string;
      /** @description Account number */
      account_no: string;
      /** @description The bank's code in the channel's bank list (PayCools: BDO, BPI, …) */
      bank_code: string;
      /** @enum {string} */
      type: "bank_account";
    } | {
      /** @description The wallet holder's name */
      account_name: string;
      /** @description Wallet account (mobile) number */
      account_no: string;
      /** @enum {string} */
      type: "ewallet";
      /** @description The e-wallet's code (PayCools: GCASH, PAYMAYA, …) */
      wallet_code: string;
    } | {
      /** @description The payee's real name, when the wallet checks it */
      name?: string;
      /** @enum {string} */
      type: "wallet_user";
      /** @description The payee's user id at the wallet */
      user_id: string;
    };
    /** @description A red envelope sent through a wallet channel */
    RedEnvelope: {
      /** @description The URL to open for transfer_wait_operation */
      action_url: string | null;
      amount: number;
      channel: string;
      channel_transfer_no: string | null;
      created_at: number;
      currency: string;
      destination: {
        [key: string]: unknown;
      };
      failure_code: string | null;
      failure_message: string | null;
      finished: number | null;
      id: string;
      /** @enum {string} */
      object: "red_envelope";
      out_transfer_no: string;
      /** @description Why a PENDING payout waits */
      pending_code: string | null;
      remark: string | null;
      /**
       * @description PENDING until the channel answers; PAID or FAILED are final (PAID may still be reversed to FAILED)
       * @enum {string}
       */
      status: "PENDING" | "PAID" | "FAILED" | "CANCELED";
    };
    RedEnvelopeListResponse: {
      /** @enum {number} */
      code: 0;
      data: {
        has_more: boolean;
        items: components["schemas"]["RedEnvelope"][];
        next_cursor: string | null;
      };
      /** @enum {string} */
      message: "success";
    };
    RedEnvelopeResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["RedEnvelope"];
      /** @enum {string} */
      message: "success";
    };
    Refund: {
      amount: number;
      charge_id: string;
      created_at: number;
      /** @description The charge’s currency */
      currency: string;
      failure_code: string | null;
      failure_message: string | null;
      /** @description Taken from the available balance */
      funded_from_available: number;
      /** @description Taken from the charge’s unsettled proceeds. With funded_from_available it makes the amount less the fee share given back */
      funded_from_pending: number;
      id: string;
      /** @enum {string} */
      object: "refund";
      reason: string | null;
      refund_no: string;
      /**
       * @description PENDING until the channel answers; REFUND_ERROR: outcome unknown, resolved later to SUCCEEDED or FAILED
       * @enum {string}
       */
      status: "PENDING" | "SUCCEEDED" | "FAILED" | "REFUND_ERROR";
      succeeded_at: number | null;
      updated_at: number;
    };
    RefundList: {
      has_more: boolean;
      items: components["schemas"]["Refund"][];
      next_cursor: string | null;
    };
    /** @description A dashboard sign-in: an API key exchanged for an HttpOnly cookie */
    Session: {
      app_id: string;
      /** @description Send as X-CSRF-Token on every write made with the session */
      csrf_token: string;
      /** @description Epoch ms; sign in again after */
      expires_at: number;
      id: string;
      /**
       * @description restricted: the session can only read
       * @enum {string}
       */
      key_kind: "secret" | "restricted";
      merchant_id: string;
      /** @enum {string} */
      mode: "test" | "live";
      /** @enum {string} */
      object: "session";
    };
    Session2: {
      ended: boolean;
      id: string;
      /** @enum {string} */
      object: "session";
    };
    SigningSecret: {
      /** @enum {string} */
      object: "signing_secret";
      /** @description Until when (epoch ms) the old secret is still accepted; null: it stopped now */
      previous_secret_expires_at: number | null;
      /** @description The new secret for X-Polypay-Signature; shown only here */
      signing_secret: string;
    };
    Store: {
      created_at: number;
      daily_limit: number | null;
      id: string;
      /**
       * @description The mode of the key that created it; only keys of this mode see it and its terminals
       * @enum {string}
       */
      mode: "test" | "live";
      name: string;
      /** @enum {string} */
      object: "store";
    };
    /** @description Volumes and counts of the calling app over recent days */
    Summary: {
      currency: string;
      days: number;
      /** @enum {string} */
      object: "summary";
      /** @description One entry per day, oldest first, today last */
      series: {
          /** @description Paid volume by channel, minor units */
          by_channel: {
            [key: string]: number;
          };
          /** @description Charges created that day by their current status */
          by_status: {
            [key: string]: number;
          };
          /** @description Charges created that day */
          count: number;
          /** @description YYYY-MM-DD in the merchant’s time zone */
          day: string;
          /** @description Refunds that succeeded that day, minor units */
          refunded: number;
          /** @description Of which paid */
          succeeded: number;
          /** @description Paid amount of the charges created that day, minor units */
          volume: number;
        }[];
      time_zone: string;
      today: {
        count: number;
        day: string;
        refunded: number;
        succeeded: number;
        /** @description Paid charges per 10 000 created today; null when none was created */
        success_rate_bps: number | null;
        volume: number;
      };
    };
    Terminal: {
      activation_expires_at: number | null;
      created_at: number;
      device_id: string | null;
      key_rotated_at: number | null;
      /** @enum {string} */
      object: "terminal";
      sn: string;
      /** @description inactive | active | disabled */
      status: string;
      store_id: string;
    };
    /** TestSettlement */
    TestSettlement: {
      /** @enum {string} */
      object: "test_settlement";
      /** @description How many charges were settled */
      settled: number;
      /** @description Epoch ms: charges paid before this were settled */
      settled_at: number;
    };
    /** @description A payout to a bank account, an e-wallet or a wallet user */
    Transfer: {
      /** @description The URL to open for transfer_wait_operation */
      action_url: string | null;
      amount: number;
      channel: string;
      channel_transfer_no: string | null;
      created_at: number;
      currency: string;
      destination: {
        [key: string]: unknown;
      };
      failure_code: string | null;
      failure_message: string | null;
      finished: number | null;
      id: string;
      /** @enum {string} */
      object: "transfer";
      out_transfer_no: string;
      /** @description Why a PENDING payout waits */
      pending_code: string | null;
      remark: string | null;
      /**
       * @description PENDING until the channel answers; PAID or FAILED are final (PAID may still be reversed to FAILED)
       * @enum {string}
       */
      status: "PENDING" | "PAID" | "FAILED" | "CANCELED";
    };
    TransferListResponse: {
      /** @enum {number} */
      code: 0;
      data: {
        has_more: boolean;
        items: components["schemas"]["Transfer"][];
        next_cursor: string | null;
      };
      /** @enum {string} */
      message: "success";
    };
    TransferResponse: {
      /** @enum {number} */
      code: 0;
      data: components["schemas"]["Transfer"];
      /** @enum {string} */
      message: "success";
    };
    /** WebhookAttempt */
    WebhookAttempt: {
      attempt: number;
      created: number;
      duration_ms: number;
      /** @description null on success; else "HTTP <status>" or a category: timeout, connection_refused, connection_reset, dns_error, tls_error, address_not_allowed, connection_error (never the socket error itself) */
      error: string | null;
      request: components["schemas"]["WebhookAttemptRequest"] | null;
      response: components["schemas"]["WebhookAttemptResponse"] | null;
      status_code: number | null;
    };
    /**
     * WebhookAttemptRequest
     * @description The request polypay sent (never the endpoint secret)
     */
    WebhookAttemptRequest: {
      /** @description The body exactly as sent */
      body: string;
      headers: {
        [key: string]: string;
      };
    };
    /**
     * WebhookAttemptResponse
     * @description The receiver's answer
     */
    WebhookAttemptResponse: {
      /** @description The first 4096 bytes of the answer as text (invalid UTF-8 and NUL as U+FFFD) */
      body: string;
      /** @description Whether the answer was longer than what is kept */
      body_truncated: boolean;
      /** @description At most 50 headers, each value cut to 256 characters */
      headers: {
        [key: string]: string;
      };
      status_code: number;
    };
    WebhookDelivery: {
      attempt_count: number;
      attempts: components["schemas"]["WebhookAttempt"][];
      created: number;
      endpoint_id: string;
      event_id: string;
      id: string;
      /** @description null on success; else "HTTP <status>" or a category: timeout, connection_refused, connection_reset, dns_error, tls_error, address_not_allowed, connection_error (never the socket error itself) */
      last_error: string | null;
      last_status_code: number | null;
      next_attempt_at: number | null;
      /** @enum {string} */
      object: "webhook_delivery";
      /** @enum {string} */
      status: "pending" | "succeeded" | "failed";
      updated: number;
    };
    WebhookDeliveryList: {
      has_more: boolean;
      items: components["schemas"]["WebhookDelivery"][];
      next_cursor: string | null;
    };
    WebhookEndpoint: {
      /** @description Epoch milliseconds */
      created_at: number;
      enabled_events: string[];
      /**
       * @description polypay: polypay events signed with Polypay-Signature; pingpp: Ping++ events signed with x-pingplusplus-signature (RSA-SHA256, the key GET /v1/app shows as pingpp_webhook_public_key)
       * @enum {string}
       */
      format: "polypay" | "pingpp";
      id: string;
      /** @enum {string} */
      object: "webhook_endpoint";
      /** @enum {string|null} */
      pause_reason: "consecutive_timeouts" | null;
      /** @description Epoch milliseconds */
      paused_at: number | null;
      /** @description While the rotated-out secret still signs alongside the new one: when it stops (epoch ms) */
      previous_secret_expires_at: number | null;
      /** @description The signing secret (whsec_…); shown only in this answer */
      secret: string;
      /**
       * @description paused: the gateway stopped deliveries after repeated timeouts (event webhook_endpoint.paused); set disabled to false to enable it again
       * @enum {string}
       */
      status: "enabled" | "disabled" | "paused";
      /** @description Epoch milliseconds */
      updated_at: number;
      url: string;
    };
    WebhookEndpoint2: {
      /** @description Epoch milliseconds */
      created_at: number;
      enabled_events: string[];
      /**
       * @description polypay: polypay events signed with Polypay-Signature; pingpp: Ping++ events signed with x-pingplusplus-signature (RSA-SHA256, the key GET /v1/app shows as pingpp_webhook_public_key)
       * @enum {string}
       */
      format: "polypay" | "pingpp";
      id: string;
      /** @enum {string} */
      object: "webhook_endpoint";
      /** @enum {string|null} */
      pause_reason: "consecutive_timeouts" | null;
      /** @description Epoch milliseconds */
      paused_at: number | null;
      /** @description While the rotated-out secret still signs alongside the new one: when it stops (epoch ms) */
      previous_secret_expires_at: number | null;
      /**
       * @description paused: the gateway stopped deliveries after repeated timeouts (event webhook_endpoint.paused); set disabled to false to enable it again
       * @enum {string}
       */
      status: "enabled" | "disabled" | "paused";
      /** @description Epoch milliseconds */
      updated_at: number;
      url: string;
    };
    WebhookEndpoint2List: {
      has_more: boolean;
      items: components["schemas"]["WebhookEndpoint2"][];
      next_cursor: string | null;
    };
    WebhookEndpoint3: {
      /** @enum {boolean} */
      deleted: true;
      id: string;
      /** @enum {string} */
      object: "webhook_endpoint";
    };
    WebhookEvent: components["schemas"]["Event"];
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

export type $defs = Record<string, never>;

export type external = Record<string, never>;

export interface operations {

  /**
   * Liveness
   * @description Liveness
   */
  retrieveHealthz: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: never;
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Readiness: the database answers
   * @description Readiness: the database answers
   */
  retrieveReadyz: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: never;
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List agreements, newest first (or find one by merchant_agreement_no)
   * @description Cursor paging with starting_after; status filters.
   */
  listAgreements: {
    parameters: {
      query: {
        limit: number;
        starting_after?: string;
        status?: string;
        merchant_agreement_no?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementListResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create an agreement: the buyer signs it at sign_url before it takes deductions
   * @description Asks the channel (provider bybit) for a sign link. Limits are integer strings in minimum units of the agreement's currency; periods are bounded in time_zone.
   */
  createAgreement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @enum {string} */
          agreement_type: "CYCLE" | "NON_CYCLE" | "SINGLE";
          /** @description Fiat (USD…) or crypto (USDT, ETH…) */
          currency: string;
          merchant_agreement_no?: string;
          merchant_user_id?: string;
          period_limits?: ({
              /** @description Most per period, an integer string in minimum units (18 decimals for ETH: above 2^53) */
              amount: string;
              /** @enum {string} */
              period_type: "DAY" | "WEEK" | "MONTH" | "YEAR";
            })[];
          /** @description The provider's agreement template (sandbox: any) */
          product_code: string;
          return_url?: string;
          /** @description SUBSCRIPTION, CLOUD, TAXI, … */
          scene_code: string;
          sign_expire_minutes?: number;
          /** @description Most one deduction may take, an integer string in minimum units (18 decimals for ETH: above 2^53) */
          single_limit?: string;
          /** @description Periods' calendar (default the merchant's) */
          time_zone?: string;
          /** @description Epoch ms the agreement ends (EXPIRED after); at least 24 h ahead */
          valid_until?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve an agreement, as the channel now sees it
   * @description Reads the channel while the agreement is not final (the buyer signs on the provider page).
   */
  retrieveAgreement: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List an agreement's deductions
   * @description Oldest first (its history in the order it happened); cursor paging with starting_after.
   */
  listDeductions: {
    parameters: {
      query: {
        limit: number;
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionListResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Deduct from a signed agreement, within its single and period limits
   * @description polypay checks the limits itself before calling the channel (agreement_single_limit_exceeded, agreement_quota_exceeded), also under concurrent deductions; an fx_quote_id past its expires_at is refused with exchange_rate_expired.
   */
  createDeduction: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Amount in the agreement currency, an integer string in minimum units (18 decimals for ETH: above 2^53) */
          amount: string;
          description?: string;
          fx_quote_id?: string;
          title: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a deduction (a processing one is read from the channel)
   * @description A processing deduction settles here once the channel has decided.
   */
  retrieveDeduction: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
        deduction_id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Refund part or all of a deduction; a completed refund gives the quota back
   * @description Reserves the refund (its ledger share taken back) before asking the channel. Answered succeeded, failed, or pending when the channel is still processing it: a webhook or a query job settles it later, exactly once (deduction_refund.succeeded / deduction_refund.failed events). Only a succeeded refund gives the quota back.
   */
  refundDeduction: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
        deduction_id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Amount to refund, an integer string in minimum units (18 decimals for ETH: above 2^53) */
          amount: string;
          reason?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionRefundResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List a deduction's refunds
   * @description Oldest first, as stored (read one to have a pending refund asked of the channel).
   */
  listDeductionRefunds: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
        deduction_id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionRefundListResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a refund of a deduction (a pending one is read from the channel)
   * @description A pending refund settles here once the channel has decided, exactly once.
   */
  retrieveDeductionRefund: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
        deduction_id: string;
        refund_id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["DeductionRefundResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Resume a suspended agreement
   * @description Resume a suspended agreement. Records an agreement.* event.
   */
  resumeAgreement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Suspend: polypay refuses deductions until resumed
   * @description Suspend: polypay refuses deductions until resumed. Records an agreement.* event.
   */
  suspendAgreement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Unsign at the channel: final
   * @description Unsign at the channel: final. Records an agreement.* event.
   */
  unsignAgreement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List the app’s API keys, newest first (never the keys themselves)
   * @description List the app’s API keys, newest first (never the keys themselves)
   */
  listApiKeys: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ApiKey2List"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create a restricted (read-only) key; the key is shown only in this answer
   * @description Create a restricted (read-only) key; the key is shown only in this answer
   */
  createApiKey: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /**
           * @description restricted: may read (GET) everything of the app and change nothing
           * @enum {string}
           */
          kind: "restricted";
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ApiKey"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Revoke a restricted key of the app
   * @description Revoke a restricted key of the app
   */
  deleteApiKey: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ApiKey2"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Roll a key: a new key of the same kind (shown only in this answer); the old one keeps working for overlap_seconds (default 0: it stops now)
   * @description Roll a key: a new key of the same kind (shown only in this answer); the old one keeps working for overlap_seconds (default 0: it stops now)
   */
  rollApiKey: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description How long the old key keeps working */
          overlap_seconds?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ApiKey"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * The calling app and its security settings
   * @description The calling app and its security settings
   */
  retrieveApp: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              concurrency_limit: number | null;
              id: string;
              ip_allowlist: string[] | null;
              merchant_id: string;
              /** @enum {string} */
              mode: "test" | "live";
              /** @description PEM of the RSA public key that verifies Pingplusplus-Signature on the Ping++-compatible API */
              pingpp_public_key: string | null;
              /** @description Whether the Ping++-compatible API refuses requests without Pingplusplus-Signature */
              pingpp_require_signature: boolean;
              /** @description PEM of the RSA public key that verifies x-pingplusplus-signature on webhooks of format pingpp (Ping++’s "Ping++ public key") */
              pingpp_webhook_public_key: string;
              require_signature: boolean;
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Change the calling app’s security settings
   * @description Change the calling app’s security settings
   */
  updateApp: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Requests in flight at once; null for no limit */
          concurrency_limit?: number | null;
          /** @description Addresses or CIDR ranges allowed to call with this app’s keys; null allows all */
          ip_allowlist?: string[] | null;
          /** @description PEM of your RSA public key: the Ping++-compatible API verifies Pingplusplus-Signature with it (required there when pingpp_require_signature is on); null removes it */
          pingpp_public_key?: string | null;
          /** @description Refuse Ping++-compatible requests without Pingplusplus-Signature (needs pingpp_public_key); apart from require_signature, which is for polypay’s own API */
          pingpp_require_signature?: boolean;
          /** @description Refuse requests without X-Polypay-Signature */
          require_signature?: boolean;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              concurrency_limit: number | null;
              id: string;
              ip_allowlist: string[] | null;
              merchant_id: string;
              /** @enum {string} */
              mode: "test" | "live";
              /** @description PEM of the RSA public key that verifies Pingplusplus-Signature on the Ping++-compatible API */
              pingpp_public_key: string | null;
              /** @description Whether the Ping++-compatible API refuses requests without Pingplusplus-Signature */
              pingpp_require_signature: boolean;
              /** @description PEM of the RSA public key that verifies x-pingplusplus-signature on webhooks of format pingpp (Ping++’s "Ping++ public key") */
              pingpp_webhook_public_key: string;
              require_signature: boolean;
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Roll the request signing secret: a new one (shown only in this answer); the old one is still accepted for overlap_seconds
   * @description Roll the request signing secret: a new one (shown only in this answer); the old one is still accepted for overlap_seconds
   */
  rollSigningSecret: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description How long the old secret is still accepted (default 0: it stops now) */
          overlap_seconds?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["SigningSecret"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Available and pending balances per currency
   * @description Available and pending balances per currency
   */
  retrieveBalance: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Balance"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Movements of the pending and available balances, newest first, optionally filtered
   * @description Movements of the pending and available balances, newest first, optionally filtered
   */
  listBalanceTransactions: {
    parameters: {
      query?: {
        account?: "pending" | "available";
        /** @description charge, refund, settlement, … */
        type?: string;
        /** @description A charge or refund id */
        source?: string;
        /** @description Epoch ms, inclusive */
        created_gte?: number;
        /** @description Epoch ms, exclusive */
        created_lt?: number;
        limit?: number;
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["BalanceTransactionList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List channel configurations, newest first
   * @description List channel configurations, newest first
   */
  listChannelConfigs: {
    parameters: {
      query: {
        limit: number;
        /** @description next_cursor of a page */
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ChannelConfigList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Configure a provider for this app: new charges matching it go to the provider
   * @description The newest enabled configuration that serves a charge’s payway, sub_payway and currency serves it. A test-mode app without one keeps the sandbox; a live-mode app without one is refused with payway_not_enabled.
   */
  createChannelConfig: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description The provider's API base URL; https for a live-mode app */
          base_url: string;
          /** @description Exactly the provider's credential fields, named as the provider names them (Shouqianba vendor_sn, vendor_key, app_id, code; EFTPay user_confirm_key, secret_code). Stored encrypted; never returned */
          credentials: {
            [key: string]: string;
          };
          /** @description ISO currency codes it serves */
          currencies: string[];
          /** @description Payways it serves (alipay, wechat, …), among those the provider supports */
          payways: string[];
          /** @description shouqianba, eftpay, … (a provider whose connector this polypay has) */
          provider: string;
          /** @description barcode, qrcode and/or wap */
          sub_payways: ("barcode" | "qrcode" | "wap")[];
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ChannelConfig"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a channel configuration
   * @description Retrieve a channel configuration
   */
  retrieveChannelConfig: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ChannelConfig"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Disable a channel configuration (its existing charges keep using it)
   * @description Disable a channel configuration (its existing charges keep using it)
   */
  disableChannelConfig: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ChannelConfig"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Receive a provider notification for a channel configuration (called by the provider)
   * @description The connector checks the signature over the raw body. A good notification makes polypay query the provider about the charge it names (the query, not the notification, is the truth) and answers the provider’s acknowledgement. A bad signature changes nothing (polypay-notification-error: channel_sign_error); an order the configuration does not know changes nothing (channel_notify_id_error).
   */
  updateChannelNotification: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        provider: string;
        config_id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: never;
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List charges, newest first, or find one by out_trade_no
   * @description List charges, newest first, or find one by out_trade_no
   */
  listCharges: {
    parameters: {
      query?: {
        /** @description Find the charge with this order number */
        out_trade_no?: string;
        status?: "CREATED" | "PAID" | "PAY_CANCELED" | "PAY_ERROR" | "REFUNDED" | "PARTIAL_REFUNDED" | "REFUND_ERROR" | "CANCELED" | "CANCEL_ERROR" | "CANCEL_INPROGRESS" | "CLOSED" | "VOIDED";
        sub_payway?: "barcode" | "qrcode" | "wap";
        /** @description Only charges routed to this channel */
        channel?: string;
        /** @description Only this payway */
        payway?: string;
        /** @description Minor units, inclusive */
        amount_gte?: number;
        /** @description Minor units, inclusive */
        amount_lte?: number;
        /** @description Epoch ms, inclusive */
        created_gte?: number;
        /** @description Epoch ms, exclusive */
        created_lt?: number;
        limit?: number;
        /** @description next_cursor of the previous page */
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ChargeList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create a charge (barcode answers the outcome; qrcode/wap answer qr_code/pay_url)
   * @description Create a charge (barcode answers the outcome; qrcode/wap answer qr_code/pay_url)
   */
  createCharge: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Minor units of currency (fen, cents…) */
          amount: number;
          /** @description The buyer’s barcode (barcode only) */
          auth_code?: string;
          /**
           * @description ISO currency code
           * @enum {string}
           */
          currency: "CNY" | "HKD" | "USD" | "PHP" | "IDR" | "JPY" | "KRW" | "USDT" | "USDC" | "BTC" | "ETH";
          description?: string;
          /** @description qrcode and wap only: how long the buyer may pay, 1 minute to 15 days (default: 240 s for qrcode, 120 s for wap); then the charge is closed */
          expires_in_seconds?: number;
          /** @description Your key-value pairs; sandbox_* keys steer the sandbox (docs/sandbox.md) */
          metadata?: {
            [key: string]: string;
          };
          /** Format: uri */
          notify_url?: string;
          /** @description Your order number, unique per app; the same request again returns the same charge */
          out_trade_no: string;
          /**
           * @description Payment method
           * @enum {string}
           */
          payway: "alipay" | "wechat" | "baifubao" | "jdpay" | "qqwallet" | "alipay_hk" | "wechat_hk" | "bank" | "ewallet";
          /** @description Store whose daily limit applies */
          store_id?: string;
          /**
           * @description barcode: you scan the buyer’s code; qrcode: the buyer scans yours; wap: a mobile pay page
           * @enum {string}
           */
          sub_payway: "barcode" | "qrcode" | "wap";
          subject: string;
          /** @description Terminal serial number (Shouqianba-style terminals) */
          terminal_sn?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a charge; asks the channel when its outcome is not final
   * @description Retrieve a charge; asks the channel when its outcome is not final
   */
  retrieveCharge: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Cancel (撤单): reverse a paid charge the same day, or abort one in progress
   * @description Cancel (撤单): reverse a paid charge the same day, or abort one in progress
   */
  cancelCharge: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Close an unpaid charge (same day)
   * @description Close an unpaid charge (same day)
   */
  closeCharge: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * The refunds of a charge, oldest first
   * @description The refunds of a charge, oldest first
   */
  listChargeRefunds: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["RefundList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Refund a charge, in part or in full
   * @description Refund a charge, in part or in full
   */
  createChargeRefund: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Minor units; at most what is left to refund */
          amount: number;
          reason?: string;
          /** @description Your refund number, unique per app; the same request again returns the same refund */
          refund_no: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Refund"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Void a paid charge the same day, before settlement
   * @description Void a paid charge the same day, before settlement
   */
  voidCharge: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List every unified error code
   * @description List every unified error code
   */
  listErrors: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ErrorCodeList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Show one unified error code
   * @description Show one unified error code
   */
  retrieveError: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        code: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["ErrorCode"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Find the unified error an upstream provider code maps to
   * @description Find the unified error an upstream provider code maps to
   */
  retrieveErrorLookup: {
    parameters: {
      query: {
        /** @description Upstream provider, or sandbox as `channel_error.provider` names it */
        provider: "shouqianba" | "eftpay" | "bybit" | "paycools" | "sandbox";
        /** @description Upstream code, verbatim */
        code: string;
        /** @description Upstream message, to tell apart two rows with one code */
        message?: string;
      };
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              alternatives?: {
                  code: string;
                  message: string;
                  provider: string;
                }[];
              unified: components["schemas"]["ErrorCode"];
              upstream: {
                code: string;
                message: string;
                provider: string;
              };
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Invalid request (the field at fault is in `param`) */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List events oldest first (or newest first with order=desc); keep next_cursor to continue later
   * @description List events oldest first (or newest first with order=desc); keep next_cursor to continue later
   */
  listEvents: {
    parameters: {
      query: {
        /** @description Only events of this type */
        type?: string;
        /** @description Only events about this object (a charge, refund or payout id) */
        object_id?: string;
        /** @description asc: oldest first (to replay); desc: newest first */
        order: "asc" | "desc";
        limit: number;
        /** @description next_cursor of the previous page */
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["EventList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve an event
   * @description Retrieve an event
   */
  retrieveEvent: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Event"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * The webhook deliveries of an event, with every attempt
   * @description The webhook deliveries of an event, with every attempt
   */
  listEventDeliveries: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookDeliveryList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Deliver an event again, to one endpoint or to every subscribed one
   * @description Deliver an event again, to one endpoint or to every subscribed one
   */
  resendEvent: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Only this endpoint (default: every subscribed one) */
          endpoint_id?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              delivery_ids: string[];
              event_id: string;
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Quote a rate from a fiat to a crypto, valid until expires_at
   * @description Pass its id as fx_quote_id on a deduction; once expired, exchange_rate_expired.
   */
  createFxQuote: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          from_currency: string;
          to_currency: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["FxQuoteResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List red envelopes, newest first
   * @description A page of red envelopes; with out_transfer_no, only that one (or none).
   */
  listRedEnvelopes: {
    parameters: {
      query?: {
        /** @description Page size (default 20) */
        limit?: number;
        /** @description next_cursor of the previous page */
        starting_after?: string;
        /** @description Only the payout with this number */
        out_transfer_no?: string;
        status?: "PENDING" | "PAID" | "FAILED" | "CANCELED";
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["RedEnvelopeListResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Send a red envelope
   * @description Pays out from the available balance: the amount is held while the red envelope is PENDING, sent when the channel confirms it and released if it fails. The same out_transfer_no again returns the same red envelope (and sends it if the channel was busy).
   */
  createRedEnvelope: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Minor units of currency */
          amount: number;
          /**
           * @description ISO currency code
           * @enum {string}
           */
          currency: "CNY" | "HKD" | "USD" | "PHP" | "IDR" | "JPY" | "KRW" | "USDT" | "USDC" | "BTC" | "ETH";
          /** @description Where a payout goes: a bank account, an e-wallet account or a wallet user */
          destination: {
            /** @description The account holder's name */
            account_name: string;
            /** @description Account number */
            account_no: string;
            /** @description The bank's code in the channel's bank list (PayCools: BDO, BPI, …) */
            bank_code: string;
            /** @enum {string} */
            type: "bank_account";
          } | {
            /** @description The wallet holder's name */
            account_name: string;
            /** @description Wallet account (mobile) number */
            account_no: string;
            /** @enum {string} */
            type: "ewallet";
            /** @description The e-wallet's code (PayCools: GCASH, PAYMAYA, …) */
            wallet_code: string;
          } | {
            /** @description The payee's real name, when the wallet checks it */
            name?: string;
            /** @enum {string} */
            type: "wallet_user";
            /** @description The payee's user id at the wallet */
            user_id: string;
          };
          /** @description Your payout number, unique per app; the same request again returns (or resends) the same payout */
          out_transfer_no: string;
          /** @description Shown to the payee where the channel can */
          remark?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["RedEnvelopeResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a red envelope
   * @description The red envelope by its id.
   */
  getRedEnvelope: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["RedEnvelopeResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List the app’s refunds, newest first
   * @description List the app’s refunds, newest first
   */
  listRefunds: {
    parameters: {
      query?: {
        status?: "PENDING" | "SUCCEEDED" | "FAILED" | "REFUND_ERROR";
        limit?: number;
        /** @description next_cursor of the previous page */
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["RefundList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a refund
   * @description Retrieve a refund
   */
  retrieveRefund: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Refund"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Today’s volume, count, success rate and refunds, and a series per day by channel and status
   * @description Today’s volume, count, success rate and refunds, and a series per day by channel and status
   */
  retrieveSummaryReport: {
    parameters: {
      query: {
        /** @description Days back, today included */
        days: number;
        /** @description ISO code */
        currency: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Summary"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Play the buyer who signs (or declines) a sandbox agreement
   * @description Test mode only. The agreement then reads SIGNED (buyer_id sandbox_buyer unless given) or FAILED; a sign link past sign_url_expires_at answers agreement_sign_url_expired.
   */
  signSandboxAgreement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Default sandbox_buyer */
          buyer_id?: string;
          /**
           * @description What the buyer does (default sign)
           * @enum {string}
           */
          outcome?: "sign" | "decline";
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["AgreementResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      502: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      504: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Play the buyer who scans a sandbox QR code (or opens the wap page) and pays or declines
   * @description Play the buyer who scans a sandbox QR code (or opens the wap page) and pays or declines
   */
  paySandboxCharge: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description Charge id (ch_…) */
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          buyer_id?: string;
          /**
           * @description What the buyer does (default pay)
           * @enum {string}
           */
          outcome?: "pay" | "decline";
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Charge"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Sign in to the dashboard: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, Secure over TLS); the answer carries the CSRF token every write must send
   * @description Sign in to the dashboard: exchange an API key for a session cookie (HttpOnly, SameSite=Strict, Secure over TLS); the answer carries the CSRF token every write must send
   */
  createSession: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description A secret (sk_) or restricted (rk_) key */
          api_key: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Session"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * The dashboard session of the cookie, with its CSRF token (after a page reload)
   * @description The dashboard session of the cookie, with its CSRF token (after a page reload)
   */
  retrieveCurrentSession: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Session"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Sign out: end the session of the cookie (needs X-CSRF-Token) and clear the cookie
   * @description Sign out: end the session of the cookie (needs X-CSRF-Token) and clear the cookie
   */
  deleteCurrentSession: {
    parameters: {
      header?: {
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Session2"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create a store
   * @description Create a store
   */
  createStore: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Most the store may collect per local day, minor units */
          daily_limit?: number | null;
          name: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Store"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create a terminal of a store; answers its one-time activation code (valid 7 days)
   * @description Create a terminal of a store; answers its one-time activation code (valid 7 days)
   */
  createTerminal: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          store_id: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              activation_code: string;
              terminal: components["schemas"]["Terminal"];
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a terminal
   * @description Retrieve a terminal
   */
  retrieveTerminal: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        sn: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["Terminal"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Daily check-in: prove the current key, get a new one (the old one stops working)
   * @description Daily check-in: prove the current key, get a new one (the old one stops working)
   */
  checkinTerminal: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        sn: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          terminal_key: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              terminal: components["schemas"]["Terminal"];
              /** @description Shown once */
              terminal_key: string;
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Activate a terminal: activation code → terminal key
   * @description Activate a terminal: activation code → terminal key
   */
  updateTerminalActivate: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          activation_code: string;
          device_id: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: {
              terminal: components["schemas"]["Terminal"];
              /** @description Shown once */
              terminal_key: string;
            };
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Test mode: the scenarios queued on each mounted provider emulator
   * @description Test mode: the scenarios queued on each mounted provider emulator
   */
  listEmulatorScenarios: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["EmulatorScenariosList"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Test mode: queue the next answer or fault of a mounted provider emulator (a fault, a delay or an upstream code, for one operation or the next call)
   * @description Test mode: queue the next answer or fault of a mounted provider emulator (a fault, a delay or an upstream code, for one operation or the next call)
   */
  createEmulatorScenario: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description A provider whose emulator the gateway mounts */
        provider: "shouqianba" | "eftpay" | "bybit" | "paycools";
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Whether the operation takes effect before a fault hides its answer */
          applied?: boolean;
          /** @description Answer this upstream code */
          code?: string;
          delay_ms?: number;
          /** @enum {string} */
          fault?: "timeout" | "reset" | "http_500" | "garbled" | "bad_signature";
          /** @description Only calls of this operation take it */
          operation?: string;
          /** @description Calls that take it (default 1) */
          times?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["EmulatorScenarios"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Test mode: clear the scenarios queued on a mounted provider emulator
   * @description Test mode: clear the scenarios queued on a mounted provider emulator
   */
  deleteEmulatorScenarios: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        /** @description A provider whose emulator the gateway mounts */
        provider: "shouqianba" | "eftpay" | "bybit" | "paycools";
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["EmulatorScenarios"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Settle now (test mode): every paid, unsettled charge of the calling app becomes available
   * @description Settle now (test mode): every paid, unsettled charge of the calling app becomes available
   */
  runTestSettlement: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["TestSettlement"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List transfers, newest first
   * @description A page of transfers; with out_transfer_no, only that one (or none).
   */
  listTransfers: {
    parameters: {
      query?: {
        /** @description Page size (default 20) */
        limit?: number;
        /** @description next_cursor of the previous page */
        starting_after?: string;
        /** @description Only the payout with this number */
        out_transfer_no?: string;
        status?: "PENDING" | "PAID" | "FAILED" | "CANCELED";
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["TransferListResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Send a transfer
   * @description Pays out from the available balance: the amount is held while the transfer is PENDING, sent when the channel confirms it and released if it fails. The same out_transfer_no again returns the same transfer (and sends it if the channel was busy).
   */
  createTransfer: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Minor units of currency */
          amount: number;
          /**
           * @description ISO currency code
           * @enum {string}
           */
          currency: "CNY" | "HKD" | "USD" | "PHP" | "IDR" | "JPY" | "KRW" | "USDT" | "USDC" | "BTC" | "ETH";
          /** @description Where a payout goes: a bank account, an e-wallet account or a wallet user */
          destination: {
            /** @description The account holder's name */
            account_name: string;
            /** @description Account number */
            account_no: string;
            /** @description The bank's code in the channel's bank list (PayCools: BDO, BPI, …) */
            bank_code: string;
            /** @enum {string} */
            type: "bank_account";
          } | {
            /** @description The wallet holder's name */
            account_name: string;
            /** @description Wallet account (mobile) number */
            account_no: string;
            /** @enum {string} */
            type: "ewallet";
            /** @description The e-wallet's code (PayCools: GCASH, PAYMAYA, …) */
            wallet_code: string;
          } | {
            /** @description The payee's real name, when the wallet checks it */
            name?: string;
            /** @enum {string} */
            type: "wallet_user";
            /** @description The payee's user id at the wallet */
            user_id: string;
          };
          /** @description Your payout number, unique per app; the same request again returns (or resends) the same payout */
          out_transfer_no: string;
          /** @description Shown to the payee where the channel can */
          remark?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["TransferResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a transfer
   * @description The transfer by its id.
   */
  getTransfer: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["TransferResponse"];
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      402: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * List webhook endpoints, newest first
   * @description List webhook endpoints, newest first
   */
  listWebhookEndpoints: {
    parameters: {
      query: {
        limit: number;
        /** @description next_cursor of a page */
        starting_after?: string;
      };
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint2List"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Create a webhook endpoint (at most 16 per app); its signing secret is shown only in this answer
   * @description Create a webhook endpoint (at most 16 per app); its signing secret is shown only in this answer
   */
  createWebhookEndpoint: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description Event types to receive (charge.succeeded, charge.failed, charge.pending, charge.canceled, charge.closed, charge.voided, charge.reversal_pending, charge.settled, refund.succeeded, refund.failed, refund.pending, refund.manual_intervention, transfer.pending, transfer.succeeded, transfer.failed, transfer.reversed, red_envelope.pending, red_envelope.succeeded, red_envelope.failed, red_envelope.reversed, webhook_endpoint.paused, agreement.created, agreement.pending, agreement.signed, agreement.failed, agreement.sign_expired, agreement.suspended, agreement.resumed, agreement.unsigned, agreement.expired, agreement.updated, deduction.succeeded, deduction.failed, deduction.refunded, deduction_refund.pending, deduction_refund.succeeded, deduction_refund.failed, *); "*" for all */
          enabled_events: string[];
          /**
           * @description What the endpoint receives: polypay events (default) or Ping++ events (docs/pingpp-migration.md)
           * @enum {string}
           */
          format?: "polypay" | "pingpp";
          /** @description http or https; https for live-mode apps. The host must be a public address: loopback, private, link-local and reserved addresses are refused (private ones are allowed for test-mode apps only when the operator turns on POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS) */
          url: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Retrieve a webhook endpoint
   * @description Retrieve a webhook endpoint
   */
  retrieveWebhookEndpoint: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint2"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Change the URL, the event types or the disabled flag of a webhook endpoint
   * @description Change the URL, the event types or the disabled flag of a webhook endpoint
   */
  updateWebhookEndpoint: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description true stops deliveries to the endpoint; false enables it (also a paused one) */
          disabled?: boolean;
          /** @description Event types to receive (charge.succeeded, charge.failed, charge.pending, charge.canceled, charge.closed, charge.voided, charge.reversal_pending, charge.settled, refund.succeeded, refund.failed, refund.pending, refund.manual_intervention, transfer.pending, transfer.succeeded, transfer.failed, transfer.reversed, red_envelope.pending, red_envelope.succeeded, red_envelope.failed, red_envelope.reversed, webhook_endpoint.paused, agreement.created, agreement.pending, agreement.signed, agreement.failed, agreement.sign_expired, agreement.suspended, agreement.resumed, agreement.unsigned, agreement.expired, agreement.updated, deduction.succeeded, deduction.failed, deduction.refunded, deduction_refund.pending, deduction_refund.succeeded, deduction_refund.failed, *); "*" for all */
          enabled_events?: string[];
          /**
           * @description What the endpoint receives: polypay events (default) or Ping++ events (docs/pingpp-migration.md)
           * @enum {string}
           */
          format?: "polypay" | "pingpp";
          /** @description http or https; https for live-mode apps. The host must be a public address: loopback, private, link-local and reserved addresses are refused (private ones are allowed for test-mode apps only when the operator turns on POLYPAY_ALLOW_PRIVATE_WEBHOOK_TARGETS) */
          url?: string;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint2"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Delete a webhook endpoint with its delivery history
   * @description Delete a webhook endpoint with its delivery history
   */
  deleteWebhookEndpoint: {
    parameters: {
      header?: {
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint3"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
  /**
   * Give the endpoint a new secret; the old one keeps signing alongside it for a grace period
   * @description Give the endpoint a new secret; the old one keeps signing alongside it for a grace period
   */
  rotateSecretWebhookEndpoint: {
    parameters: {
      header?: {
        /** @description Makes the POST safe to retry: the same key answers the same result (24 h) */
        "Idempotency-Key"?: string;
        /** @description Request signing: unix seconds */
        "X-Polypay-Timestamp"?: string;
        /** @description Request signing: 8-64 characters of [A-Za-z0-9_-], used once */
        "X-Polypay-Nonce"?: string;
        /** @description Request signing: v1=<hex HMAC-SHA256 of "ts\nnonce\nMETHOD\npath\nsha256(body)"> */
        "X-Polypay-Signature"?: string;
        /** @description en (default) or zh: the language of error messages */
        "Accept-Language"?: string;
      };
      path: {
        id: string;
      };
    };
    requestBody: {
      content: {
        "application/json": {
          /** @description How long the old secret keeps signing alongside the new one (default 86400) */
          grace_period_seconds?: number;
        };
      };
    };
    responses: {
      /** @description Success */
      200: {
        headers: {
          /** @description "true" when the answer is the stored one of an earlier request */
          "Idempotent-Replayed"?: string;
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": {
            /** @enum {number} */
            code: 0;
            data: components["schemas"]["WebhookEndpoint"];
            /** @enum {string} */
            message: "success";
          };
        };
      };
      /** @description Every failed response */
      400: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      401: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      403: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Every failed response */
      404: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Conflicts with the state of the resource or with a concurrent request */
      409: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Content-Type is not application/json */
      415: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Too many requests; wait `retry_after_ms` */
      429: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Internal error */
      500: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
      /** @description Temporarily unavailable; wait `retry_after_ms` */
      503: {
        headers: {
          /** @description Identifies the request; quote it when asking for help */
          "Request-Id"?: string;
          /** @description Seconds to wait */
          "Retry-After"?: number;
        };
        content: {
          "application/json": components["schemas"]["ErrorEnvelope"];
        };
      };
    };
  };
}
