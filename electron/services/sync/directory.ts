/**
 * The exchange directory merged into the desk's counterpart directory (`agencies`): the exchange
 * is the authority on who is connected (since when) and who still requires paper; an agency the
 * desk did not know is added with the exchange's names and aliases. Names an admin curated for a
 * known agency are kept, and agencies the exchange does not list stay.
 */
import type { Db } from '../db/open.ts';
import type { DirectoryAgency } from '../../../shared/exchange/index.ts';
import { listAgencies, replaceAgencies } from '../registry/directory.ts';

/**
 * Merges inside the caller's transaction.
 * @returns how many local entries were added or changed.
 */
export function mergeExchangeDirectory(db: Db, agencies: DirectoryAgency[]): number {
  const local = listAgencies(db);
  const byCode = new Map(local.map((a) => [a.code, a]));
  let changed = 0;
  for (const e of agencies) {
    const mine = byCode.get(e.code);
    const connectedSince = e.publicKey === null ? null : e.connectedSince;
    if (mine === undefined) {
      local.push({ code: e.code, nameAr: e.nameAr, nameEn: e.nameEn, aliases: e.aliases, connectedSince, requiresPaper: e.requiresPaper });
      changed++;
    } else if (mine.connectedSince !== connectedSince || mine.requiresPaper !== e.requiresPaper) {
      mine.connectedSince = connectedSince;
      mine.requiresPaper = e.requiresPaper;
      changed++;
    }
  }
  if (changed > 0) replaceAgencies(db, local);
  return changed;
}
