/**
 * The counterpart directory (government bodies) kept in `agencies`, seeded once from the shipped
 * default directory; after that only an admin's save changes it.
 */
import type { Db } from '../db/open.ts';
import type { Agency } from '../../../shared/contract/index.ts';

interface AgencyRow {
  code: string;
  name_ar: string;
  name_en: string;
  aliases: string;
  connected_since: string | null;
  requires_paper: number;
}

/** The directory in its saved order. */
export function listAgencies(db: Db): Agency[] {
  const rows = db.prepare('SELECT * FROM agencies ORDER BY position').all() as AgencyRow[];
  return rows.map((r) => ({
    code: r.code,
    nameAr: r.name_ar,
    nameEn: r.name_en,
    aliases: JSON.parse(r.aliases) as string[],
    connectedSince: r.connected_since,
    requiresPaper: r.requires_paper === 1,
  }));
}

/**
 * Replaces the directory (inside the caller's transaction). Duplicate codes: the last one wins.
 * @returns the number of agencies saved.
 */
export function replaceAgencies(db: Db, agencies: Agency[]): number {
  db.prepare('DELETE FROM agencies').run();
  const ins = db.prepare(
    `INSERT INTO agencies (code, name_ar, name_en, aliases, connected_since, requires_paper, position) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en, aliases = excluded.aliases,
       connected_since = excluded.connected_since, requires_paper = excluded.requires_paper`,
  );
  agencies.forEach((a, i) => ins.run(a.code, a.nameAr, a.nameEn, JSON.stringify(a.aliases ?? []), a.connectedSince ?? null, a.requiresPaper ? 1 : 0, i));
  return (db.prepare('SELECT count(*) AS n FROM agencies').get() as { n: number }).n;
}

/**
 * Seeds the directory from `defaults` the first time a database is opened (settings key
 * `directorySeeded`), so an admin who emptied it is not overridden later.
 * @returns true when it seeded.
 */
export function seedDirectoryOnce(db: Db, defaults: () => Agency[]): boolean {
  return db
    .transaction(() => {
      const seeded = db.prepare("SELECT 1 FROM settings WHERE key = 'directorySeeded'").get();
      if (seeded !== undefined) return false;
      replaceAgencies(db, defaults());
      db.prepare("INSERT INTO settings (key, value) VALUES ('directorySeeded', 'true')").run();
      return true;
    })
    .immediate();
}
