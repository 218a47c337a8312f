export {
  BARCODE_LENGTH,
  type BarcodeWallet,
  magicBarcode,
  type ParsedBarcode,
  parseBarcode,
  sandboxBuyerId,
  walletOf,
} from './barcode.js';
export { type Injection, type InjectionTarget, readInjection } from './injection.js';
export { type BuyerAction, InMemorySandboxOrderBook, type SandboxOrderBook } from './order-book.js';
export { REFUND_SCENARIOS, type RefundScenario, SANDBOX_REFUND_POLICIES } from './refund-scenarios.js';
export {
  type BuyerActionRefusal,
  type BuyerActionResult,
  SandboxChannel,
  type SandboxChannelOptions,
  sandboxTradeNo,
} from './sandbox-channel.js';
export {
  BARCODE_SCENARIOS,
  type BarcodeScenario,
  CANCEL_SETTLE_MS,
  QR_VALIDITY_MS,
  SANDBOX_ERROR_KEY,
  SANDBOX_LIMITS,
  SANDBOX_OPERATION_KEY,
  SANDBOX_OPERATIONS,
  type SandboxOperation,
  SETTLE_MS,
  sandboxPayPath,
  sandboxQrCode,
} from './scenarios.js';
