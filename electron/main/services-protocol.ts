/**
 * Messages between Electron main and the services utility process (electron/main/services-process.ts).
 *
 *   main → services: `{ type: 'call', id, name, payload }`, `{ type: 'shutdown' }`
 *   services → main: `{ type: 'ready' }` once `createServices` resolved,
 *                    `{ type: 'fatal', error }` when it could not start (e.g. database_too_new),
 *                    `{ type: 'result', id, result }` for every call, in any order.
 *
 * Pure types and guards; imported by both sides, never imports `electron`.
 */
import type { ErrorValue, Result } from '../../shared/errors.ts';

export interface CallMessage {
  type: 'call';
  id: number;
  name: string;
  payload: unknown;
}
export interface ShutdownMessage {
  type: 'shutdown';
}
export type ToServices = CallMessage | ShutdownMessage;

export interface ReadyMessage {
  type: 'ready';
}
export interface FatalMessage {
  type: 'fatal';
  error: ErrorValue;
}
export interface ResultMessage {
  type: 'result';
  id: number;
  result: Result<unknown>;
}
export type FromServices = ReadyMessage | FatalMessage | ResultMessage;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Guards a message main received from the services process. */
export function isFromServices(v: unknown): v is FromServices {
  if (!isRecord(v)) return false;
  if (v.type === 'ready') return true;
  if (v.type === 'fatal') return isRecord(v.error) && typeof v.error.kind === 'string';
  if (v.type === 'result') return Number.isSafeInteger(v.id) && isRecord(v.result) && typeof v.result.ok === 'boolean';
  return false;
}

/** Guards a message the services process received from main. */
export function isToServices(v: unknown): v is ToServices {
  if (!isRecord(v)) return false;
  if (v.type === 'shutdown') return true;
  return v.type === 'call' && Number.isSafeInteger(v.id) && typeof v.name === 'string';
}
