/**
 * Where the desk keeps its data, and the layout of the data folder.
 *
 * The default folder is the one Electron's `app.getPath('userData')` gives for productName
 * "Registry Desk", so the desktop app, the browser-mode host and the CLI share one register.
 * Computed here without importing `electron` (see docs/architecture.md).
 */
import os from 'node:os';
import path from 'node:path';

/** The product name Electron derives `userData` from (electron-builder `productName`). */
export const PRODUCT_NAME = 'Registry Desk';

/**
 * The per-user data folder.
 * - `REGISTRY_DESK_DATA_DIR` when set (absolute or relative to the working directory);
 * - Linux/BSD: `$XDG_CONFIG_HOME/Registry Desk`, else `~/.config/Registry Desk`;
 * - Windows: `%APPDATA%\Registry Desk`, else `~\AppData\Roaming\Registry Desk`;
 * - macOS: `~/Library/Application Support/Registry Desk`.
 * @param env the environment to read (default `process.env`), for tests.
 * @param platform the platform (default `process.platform`).
 * @returns an absolute path; the folder may not exist yet.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.REGISTRY_DESK_DATA_DIR;
  if (override !== undefined && override.trim() !== '') return path.resolve(override);
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(config, PRODUCT_NAME);
}

/** The files and folders inside one data folder. */
export interface DataLayout {
  dataDir: string;
  /** The SQLite database: registrations, documents' text, audit log, settings, directory. */
  database: string;
  /** Content-addressed raw files: `blobs/ab/<sha256>` (first two hex digits as a fan-out folder). */
  blobs: string;
}

/**
 * @param dataDir the data folder (absolute or relative to the working directory).
 * @returns the absolute paths of its parts.
 */
export function dataLayout(dataDir: string): DataLayout {
  const dir = path.resolve(dataDir);
  return { dataDir: dir, database: path.join(dir, 'registry.sqlite'), blobs: path.join(dir, 'blobs') };
}
