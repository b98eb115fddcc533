/**
 * Scanner settings (shared/contract/scan.ts `ScanSettings`), stored as one JSON value under the key
 * `scan` of the `settings` table.
 */
import { scanSettingsSchema, type ScanSettings } from '../../../shared/contract/scan.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';

const KEY = 'scan';

export function defaultScanSettings(): ScanSettings {
  return { watchFolder: null, afterRegister: 'move', watchSplit: 'none', esclScanners: [], saneDevice: null, resolution: 300, split: 'none' };
}

/** The stored settings, defaults for anything missing or unreadable. */
export function getScanSettings(db: Db): ScanSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return defaultScanSettings();
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return defaultScanSettings();
  }
  const parsed = scanSettingsSchema.safeParse({ ...defaultScanSettings(), ...(stored as object) });
  return parsed.success ? parsed.data : defaultScanSettings();
}

/**
 * Merges `patch` into the stored settings (the caller has checked the folder exists).
 * @throws AppError('validation').
 */
export function saveScanSettings(db: Db, patch: Partial<ScanSettings>): ScanSettings {
  const parsed = scanSettingsSchema.safeParse({ ...getScanSettings(db), ...patch });
  if (!parsed.success) throw new AppError('validation', 'invalid scanner settings', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed.data));
  return parsed.data;
}
