/**
 * `registry-desk settings`: an admin changes the registry number format; numbers given afterwards use
 * it, stored numbers never change, and an invalid format changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../electron/services/db/open.ts';
import { dataLayout } from '../electron/services/paths.ts';
import { createRegistry } from '../electron/services/registry/index.ts';
import { runCli } from './helpers/cli.ts';
import { openTestRegistry, registerText, tempDir } from './helpers/registry-fixture.ts';

const cli = runCli;

describe('registry-desk settings', () => {
  it('changes the number format for numbers given afterwards and refuses an invalid one', async () => {
    const dataDir = tempDir();
    const shown = await cli(['--data-dir', dataDir, 'settings']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out).numberFormats.incoming).toBe('{year}/{seq:6}');

    let t = Date.parse('2026-03-01T08:00:00Z');
    const first = (() => {
      const { db, registry } = openTestRegistry(dataDir, { clock: () => new Date((t += 60_000)) });
      try {
        return registerText(registry, 'نص الكتاب الأول', { subject: 'الأول' });
      } finally {
        db.close();
      }
    })();

    const changed = await cli(['--data-dir', dataDir, 'settings', '--number-format', 'incoming=و-{yy}-{seq:4}', '--agency-name-ar', 'وزارة المالية']);
    expect(changed.code, changed.err).toBe(0);
    expect(JSON.parse(changed.out)).toMatchObject({ agencyNameAr: 'وزارة المالية', numberFormats: { incoming: 'و-{yy}-{seq:4}', outgoing: 'ص/{year}/{seq:6}' } }); // outgoing as the test helper set it

    const refused = await cli(['--data-dir', dataDir, 'settings', '--number-format', 'incoming={seq}', '--agency-name-ar', 'غيره']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).error.kind).toBe('validation');
    expect((await cli(['--data-dir', dataDir, 'settings', '--number-format', 'archive={year}/{seq}'])).code).toBe(1);

    // Reopened as the desk would (the test helper would reset the formats).
    const db = openDatabase(dataLayout(dataDir).database);
    const registry = createRegistry(db, { clock: () => new Date((t += 60_000)), operator: () => 'test-clerk' });
    try {
      const second = registerText(registry, 'نص الكتاب الثاني', { subject: 'الثاني' });
      expect(second.registryNumber).toBe('و-26-0002');
      expect(registry.show({ registryNumber: first.registryNumber, register: 'incoming' }).registryNumber).toBe(first.registryNumber);
      expect(registry.getSettings().agencyNameAr).toBe('وزارة المالية');
    } finally {
      db.close();
    }
  });
});
