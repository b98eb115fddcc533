/**
 * Sandboxed preload (bundled to CommonJS, out/preload/preload.cjs): exposes the typed contract as
 * `window.desk` and nothing else — never `ipcRenderer` itself, never a generic send/invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDeskApi } from './api.ts';

contextBridge.exposeInMainWorld('desk', createDeskApi((channel, name, input) => ipcRenderer.invoke(channel, name, input)));
