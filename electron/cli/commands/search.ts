/** `registry-desk search <query>`: newest first; JSON lines (one hit each) or a table. */
import type { SearchHit } from '../../../shared/contract/index.ts';
import { errorLine, jsonLine, table, type Io } from '../output.ts';
import { withServices } from './open.ts';

export async function runSearch(dataDir: string, query: string, opts: { format: 'json' | 'table'; limit: number }, io: Io): Promise<number> {
  const limit = Number.isInteger(opts.limit) ? Math.min(200, Math.max(1, opts.limit)) : 50;
  try {
    const items = await withServices(dataDir, async (s) => (await s.handlers['registry.search']({ query, limit, beforeId: null })).items);
    if (opts.format === 'json') for (const h of items) io.out(jsonLine(h));
    else io.out(searchTable(items));
    io.err(`${items.length} result(s)\n`);
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

function searchTable(items: SearchHit[]): string {
  return table(
    ['number', 'date', 'reference', 'counterpart', 'subject'],
    items.map((h) => [h.registryNumber + (h.annulled ? ' ✗' : ''), h.registrationDate, h.referenceNumber ?? '', h.counterpartName, h.subject]),
    [16, 10, 24, 40, 70],
  );
}
