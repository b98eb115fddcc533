/**
 * The one IPC channel, `desk:call`: every renderer call is guarded (sender origin, method name, zod
 * input) in main, then relayed to the services process. Answers are `Result` values; a handler never
 * throws across IPC, so the renderer never sees a stack trace.
 */
import { ipcMain } from 'electron';
import type { Result } from '../../shared/errors.ts';
import { guardCall, IPC_CHANNEL } from './ipc-guard.ts';
import type { ServicesHost } from './services-host.ts';

export function registerIpc(services: ServicesHost): void {
  ipcMain.handle(IPC_CHANNEL, async (event, name: unknown, payload: unknown): Promise<Result<unknown>> => {
    const guarded = guardCall(event.senderFrame?.url, name, payload);
    if (!guarded.ok) return guarded;
    return services.call(guarded.name, guarded.payload);
  });
}
