/**
 * Desk settings (language, digits, agency name, registry number formats), stored as one JSON value
 * per key in `settings`. A changed number format applies to numbers given afterwards only: a stored
 * registry number never changes (../shared/design/domain.md).
 */
import type { Db } from '../db/open.ts';
import { settingsSchema, type Settings } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_NUMBER_FORMATS, validateNumberFormat } from '../../../shared/registry/number-format.ts';

const KEYS = ['language', 'arabicIndicDigits', 'agencyNameAr', 'agencyNameEn', 'numberFormats'] as const;

/** The settings of a new desk. */
export function defaultSettings(): Settings {
  return {
    language: 'ar',
    arabicIndicDigits: false,
    agencyNameAr: '',
    agencyNameEn: '',
    numberFormats: { ...DEFAULT_NUMBER_FORMATS },
  };
}

/** Reads the settings, defaults filling any key never saved. */
export function getSettings(db: Db): Settings {
  const out: Record<string, unknown> = { ...defaultSettings() };
  for (const r of db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>) {
    if ((KEYS as readonly string[]).includes(r.key)) out[r.key] = JSON.parse(r.value);
  }
  const parsed = settingsSchema.safeParse(out);
  return parsed.success ? parsed.data : defaultSettings();
}

/**
 * Applies a partial update (inside the caller's transaction, if any) and returns the result.
 * @throws AppError('validation') for an invalid value or number format.
 */
export function updateSettings(db: Db, patch: Partial<Settings>): Settings {
  const merged = { ...getSettings(db), ...patch };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new AppError('validation', 'invalid settings', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  for (const register of ['incoming', 'outgoing', 'internal'] as const) {
    const problem = checkFormat(parsed.data.numberFormats[register]);
    if (problem !== null) throw new AppError('validation', `invalid number format for the ${register} register: ${problem}`, { register });
  }
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const key of KEYS) if (key in patch) put.run(key, JSON.stringify(parsed.data[key]));
  return parsed.data;
}

/** @returns null when the format is valid, else a message. */
function checkFormat(format: string): string | null {
  return validateNumberFormat(format);
}
