/**
 * Electron main process: lifecycle, the one window, the menu, and the wiring of the contract's IPC
 * channel to the services utility process. Bundled by scripts/build-electron.ts to out/main/main.cjs
 * (package.json "main"). Holds no business logic and never touches SQLite.
 *
 *   electron . [--data-dir DIR] [--lang ar|en]
 */
import path from 'node:path';
import { app, BrowserWindow, Menu } from 'electron';
import { defaultDataDir, PRODUCT_NAME } from '../services/paths.ts';
import { APP_ENTRY_URL } from './app-origin.ts';
import { handleAppScheme, registerAppScheme } from './app-protocol.ts';
import { parseAppArgs } from './args.ts';
import { applyHardening } from './hardening.ts';
import { registerIpc } from './ipc.ts';
import { buildMenu } from './menu.ts';
import { WINDOW_TITLE } from './menu-labels.ts';
import { ServicesHost } from './services-host.ts';

// Built layout: out/main/main.cjs, out/main/services-process.mjs, out/preload/preload.cjs, out/renderer/.
const OUT_DIR = path.resolve(__dirname, '..');

const options = parseAppArgs(process.argv);
const dataDir = path.resolve(options.dataDir ?? defaultDataDir());

app.setName(PRODUCT_NAME);
// Chromium's own profile (caches, local storage) in a subfolder, so the data folder's top level holds
// only the register; deleting the whole folder still starts fresh.
app.setPath('sessionData', path.join(app.getPath('userData'), 'Chromium'));
app.commandLine.appendSwitch('lang', options.lang); // Chromium's locale: RTL native UI for Arabic
app.enableSandbox(); // every renderer sandboxed, whatever a window asks for
registerAppScheme();

let mainWindow: BrowserWindow | null = null;
let services: ServicesHost | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(OUT_DIR, 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false, // a dropped file goes to the page's drop handler, never replaces the app
      spellcheck: false,
    },
  });
  win.on('page-title-updated', (event) => event.preventDefault()); // keep the bilingual title
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  // A second launch would open the same database: hand over to the running desk instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    applyHardening();
    handleAppScheme(path.join(OUT_DIR, 'renderer'));
    services = new ServicesHost({ entry: path.join(OUT_DIR, 'main', 'services-process.mjs'), dataDir });
    services.start();
    registerIpc(services);
    Menu.setApplicationMenu(buildMenu(options.lang, !app.isPackaged));
    mainWindow = createWindow();
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });

  app.on('window-all-closed', () => app.quit());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || services === null) return;
    // Let the services close the database cleanly (WAL checkpoint) before the app exits.
    event.preventDefault();
    quitting = true;
    void services.stop().finally(() => app.quit());
  });
}
