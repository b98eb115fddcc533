/**
 * Command-line options of the desktop app. Pure, no `electron` import.
 *
 *   registry-desk-app [--data-dir DIR | --data-dir=DIR] [--lang ar|en | --lang=ar|en]
 *
 * Chromium's own switches (`--no-sandbox`, `--enable-logging`…) and the app path that `electron .`
 * passes are ignored.
 */

export interface AppOptions {
  /** The data folder given on the command line, resolved by the caller; null → defaultDataDir(). */
  dataDir: string | null;
  /** Language of the menus and of the first screen; Arabic unless asked otherwise. */
  lang: 'ar' | 'en';
}

function valueOf(argv: readonly string[], name: string): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === name) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) found = next;
    } else if (arg.startsWith(`${name}=`)) {
      found = arg.slice(name.length + 1);
    }
  }
  return found === null || found.trim() === '' ? null : found;
}

/**
 * @param argv `process.argv` (the first entries — executable, app path — are harmless).
 * @returns the options; the last occurrence of an option wins; an unknown `--lang` falls back to `ar`.
 */
export function parseAppArgs(argv: readonly string[]): AppOptions {
  const lang = valueOf(argv, '--lang');
  return { dataDir: valueOf(argv, '--data-dir'), lang: lang === 'en' ? 'en' : 'ar' };
}
