/**
 * The renderer's one way to the services: `window.desk` (Electron preload) when present, otherwise the
 * browser-mode HTTP client with the token from the address.
 */
import type { DeskApi } from '../../shared/contract/index.ts';
import { createHttpClient } from './http-client.ts';
import { takeToken } from './token.ts';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

function pickApi(): DeskApi {
  if (window.desk) return window.desk;
  return createHttpClient({ token: takeToken() });
}

/** The API instance for the whole UI. */
export const api: DeskApi = pickApi();

/** Unwraps a Result for code paths that show errors through an ErrorBox (throws the ErrorValue). */
export class ApiError extends Error {
  readonly value: import('../../shared/errors.ts').ErrorValue;
  constructor(value: import('../../shared/errors.ts').ErrorValue) {
    super(value.message);
    this.value = value;
  }
}
