// The domain's public surface: pure rules and types, no I/O.
export * from './calendar.js';
export * from './charge-state.js';
export * from './clock.js';
export * from './ids.js';
export * from './ledger-rules.js';
export * from './limits.js';
export * from './money.js';
export * from './polling.js';
export * from './refund-state.js';
export * from './refusal.js';
export * from './statuses.js';
