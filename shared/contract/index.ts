/**
 * The one contract between the UI and the services: name → zod input schema → output type.
 *
 * Electron IPC (electron/main + preload), the browser-mode HTTP host (electron/host), the CLI and the
 * tests all derive from this table. A call's result crosses a boundary as `Result<Output>`.
 */
import type { z } from 'zod';
import type { Result } from '../errors.ts';
import { dailyContract } from './daily.ts';
import { annulmentContract } from './annulment.ts';
import { auditContract } from './audit.ts';
import { authContract } from './auth.ts';
import { directoryContract } from './directory.ts';
import { exchangeContract } from './exchange.ts';
import { intakeContract } from './intake.ts';
import { pdfContract } from './pdf.ts';
import { registryContract } from './registry.ts';
import { scanContract } from './scan.ts';
import { continuationContract } from './continuation.ts';
import { routingContract } from './routing.ts';
import { twinsContract } from './twins.ts';
import { adoptionContract } from './adoption.ts';
import { paperDispatchContract } from './paper-dispatch.ts';

export const contract = {
  ...intakeContract,
  ...pdfContract,
  ...registryContract,
  ...directoryContract,
  ...authContract,
  ...annulmentContract,
  ...auditContract,
  ...dailyContract,
  ...routingContract,
  ...exchangeContract,
  ...scanContract,
  ...twinsContract,
  ...continuationContract,
  ...adoptionContract,
  ...paperDispatchContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type Output<K extends MethodName> = Contract[K]['output'];

/** What the services implement: one async function per contract name, taking validated input. */
export type Handlers = { [K in MethodName]: (input: ParsedInput<K>) => Promise<Output<K>> };

/** What the renderer holds (preload in Electron, HTTP client in browser mode). Never throws for AppErrors. */
export type DeskApi = { [K in MethodName]: (input: Input<K>) => Promise<Result<Output<K>>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './daily.ts';
export * from './access.ts';
export * from './annulment.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './directory.ts';
export * from './exchange.ts';
export * from './intake.ts';
export * from './pdf.ts';
export * from './registry.ts';
export * from './scan.ts';
export * from './continuation.ts';
export * from './routing.ts';
export * from './twins.ts';
export * from './adoption.ts';
export * from './paper-dispatch.ts';
