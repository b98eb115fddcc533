/**
 * `registry-desk settings [--number-format REGISTER=FORMAT …] [--agency-name-ar …] [--agency-name-en …]
 * [--arabic-indic-digits on|off] [--language ar|en]`: prints the desk settings as JSON, after applying
 * any changes given (all validated together; an invalid number format changes nothing). A new number
 * format applies to numbers given afterwards; stored registry numbers never change.
 */
import type { Settings } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { errorLine, jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

export interface SettingsOptions {
  numberFormat?: string[]; // each `incoming=FORMAT`
  agencyNameAr?: string;
  agencyNameEn?: string;
  arabicIndicDigits?: string; // 'on' | 'off'
  language?: string;
}

const REGISTERS = ['incoming', 'outgoing', 'internal'] as const;

/** Builds the settings patch from the options; throws AppError('validation') on a malformed one. */
export function settingsPatch(current: Settings, opts: SettingsOptions): Partial<Settings> {
  const patch: Partial<Settings> = {};
  if (opts.numberFormat !== undefined && opts.numberFormat.length > 0) {
    const formats = { ...current.numberFormats };
    for (const item of opts.numberFormat) {
      const at = item.indexOf('=');
      const register = item.slice(0, at);
      if (at < 0 || !(REGISTERS as readonly string[]).includes(register)) {
        throw new AppError('validation', `--number-format takes REGISTER=FORMAT with REGISTER one of ${REGISTERS.join(', ')}: ${item}`);
      }
      formats[register as (typeof REGISTERS)[number]] = item.slice(at + 1);
    }
    patch.numberFormats = formats;
  }
  if (opts.agencyNameAr !== undefined) patch.agencyNameAr = opts.agencyNameAr;
  if (opts.agencyNameEn !== undefined) patch.agencyNameEn = opts.agencyNameEn;
  if (opts.arabicIndicDigits !== undefined) patch.arabicIndicDigits = opts.arabicIndicDigits === 'on';
  if (opts.language !== undefined) patch.language = opts.language as Settings['language'];
  return patch;
}

/** Shows the settings, applying `opts` first when it changes anything. */
export async function runSettings(dataDir: string, opts: SettingsOptions, io: Io): Promise<number> {
  try {
    const settings = await withServices(dataDir, async (s) => {
      const current = await s.handlers['settings.get']({});
      const patch = settingsPatch(current, opts);
      return Object.keys(patch).length === 0 ? current : s.handlers['settings.update'](patch);
    });
    io.out(jsonLine(settings));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}
