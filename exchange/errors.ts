/**
 * Errors the exchange answers: `{error: {code, message, details?}}` with the status of the code
 * (shared/exchange/api.ts, EXCHANGE_ERROR_STATUS). Handlers throw {@link ExchangeError}; the error
 * handler in app.ts turns it, and Fastify's own errors, into that body.
 */
import { EXCHANGE_ERROR_STATUS, type ErrorBody, type ExchangeErrorCode } from '../shared/exchange/api.ts';

export class ExchangeError extends Error {
  readonly code: ExchangeErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ExchangeErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return EXCHANGE_ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
