/** The exchange protocol's shared schemas and helpers (docs/exchange-protocol.md). */
export * from './common.ts';
export * from './messages.ts';
export * from './journal.ts';
export * from './api.ts';
export * from './credentials.ts';
export * from './signing.ts';
export * from './receipts.ts';
