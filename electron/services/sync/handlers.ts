/**
 * The contract handlers of the exchange, inbox, outgoing and duplicates methods
 * (shared/contract/exchange.ts) over the desk's sync state.
 */
import type { ExchangeStatus, Handlers } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';

export type ExchangeHandlerName =
  | 'exchange.status' | 'exchange.connect' | 'exchange.disconnect' | 'exchange.sync'
  | 'inbox.list' | 'inbox.register' | 'inbox.reject' | 'inbox.forward'
  | 'outgoing.send' | 'outgoing.status' | 'duplicates.list' | 'duplicates.resolve';

const notConnected = (): never => {
  throw new AppError('exchange_not_configured', 'this desk is not connected to the central exchange');
};

function standaloneStatus(): ExchangeStatus {
  return {
    configured: false, url: null, agency: null, desk: null, online: false, lastSyncAt: null, lastError: null,
    waiting: 0, syncing: false, progress: null, blocks: [], emergencyPending: 0,
  };
}

/** The exchange handlers of a desk that is not connected. */
export function createExchangeHandlers(): Pick<Handlers, ExchangeHandlerName> {
  return {
    'exchange.status': async () => standaloneStatus(),
    'exchange.connect': async () => notConnected(),
    'exchange.disconnect': async () => standaloneStatus(),
    'exchange.sync': async () => notConnected(),
    'inbox.list': async () => ({ items: [] }),
    'inbox.register': async () => notConnected(),
    'inbox.reject': async () => notConnected(),
    'inbox.forward': async () => notConnected(),
    'outgoing.send': async () => notConnected(),
    'outgoing.status': async () => notConnected(),
    'duplicates.list': async () => ({ items: [] }),
    'duplicates.resolve': async () => notConnected(),
  };
}
