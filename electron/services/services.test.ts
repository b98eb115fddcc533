import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/contract/dispatch.ts';
import { tempDir } from '../../test/helpers/registry-fixture.ts';
import { createServices, fieldsFromSuggestions, type Services } from './services.ts';

const letters = path.resolve(import.meta.dirname, '../../../shared/fixtures/letters');

describe('services facade', () => {
  let services: Services;
  let dataDir: string;
  beforeAll(async () => {
    if (!fs.existsSync(letters)) throw new Error(`fixtures missing: ${letters}`);
    dataDir = tempDir();
    services = await createServices({ dataDir, ocrPoolSize: 1, clock: () => new Date('2026-03-10T07:00:00Z'), operator: () => 'clerk-1' });
  });
  afterAll(async () => services?.close());

  it('analyses once, caches by SHA-256, registers from the cache, then reports the file as registered', async () => {
    const bytes = fs.readFileSync(path.join(letters, 'letter-11-01.jpg'));
    const input = { fileName: 'C:\\scans\\letter-11-01.jpg', dataBase64: bytes.toString('base64') };
    const first = await dispatch(services.handlers, 'intake.analyse', input);
    if (!first.ok) throw new Error(first.error.message);
    const a = first.value as Awaited<ReturnType<Services['handlers']['intake.analyse']>>;
    expect(a).toMatchObject({ fileName: 'letter-11-01.jpg', mediaType: 'image/jpeg', byteLength: bytes.length, alreadyRegistered: null });
    expect(a.pages[0]?.text).toContain('الهيئة العامة للقوى العاملة'); // the sender's letterhead
    expect(fs.existsSync(path.join(dataDir, 'blobs', a.sha256.slice(0, 2), a.sha256))).toBe(true);
    // nothing registered, no number taken
    expect(await services.handlers['registry.page']({ register: null, offset: 0, limit: 10 })).toEqual({ total: 0, items: [] });

    const again = await services.handlers['intake.analyse'](input);
    expect(again.durationMs).toBe(a.durationMs); // served from the cache, not read again
    expect(again.pages).toEqual(a.pages);

    const { fields } = fieldsFromSuggestions(a);
    const reg = await services.handlers['registry.register']({ documentSha256: a.sha256, ...fields, direction: 'incoming', channel: 'paper', documentation: null, transport: null, classification: 'ordinary', priority: 'normal', reRegistrationOf: null, dryRun: false });
    expect(reg.registration?.registryNumber).toBe('2026/000001');
    const detail = await services.handlers['registry.show']({ registryNumber: '2026/000001', register: null });
    expect(detail.pages.map((p) => p.text)).toEqual(a.pages.map((p) => p.text));
    expect(detail.history).toEqual([expect.objectContaining({ action: 'registered', operator: 'clerk-1' })]);

    const third = await services.handlers['intake.analyse'](input);
    expect(third.alreadyRegistered).toEqual({ register: 'incoming', registryNumber: '2026/000001' });

    const preview = await services.handlers['intake.pagePreview']({ sha256: a.sha256, page: 0, maxWidth: 400 });
    expect(preview.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(preview.width).toBeLessThanOrEqual(400);
  }, 180_000);

  it('seeds the directory once and keeps settings', async () => {
    const list = await services.handlers['directory.list']({});
    expect(list.length).toBeGreaterThan(50);
    expect(await services.handlers['directory.save']({ agencies: list.slice(0, 3) })).toEqual({ count: 3 });
    const bad = await dispatch(services.handlers, 'settings.update', { numberFormats: { incoming: '{seq}', outgoing: '{year}/{seq}', internal: '{year}/{seq}' } });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const s = await services.handlers['settings.update']({ agencyNameAr: 'وزارة العدل' });
    expect(s.agencyNameAr).toBe('وزارة العدل');
    await services.close();
    services = await createServices({ dataDir, ocrPoolSize: 1 });
    expect(await services.handlers['directory.list']({})).toHaveLength(3); // not re-seeded
    expect((await services.handlers['settings.get']({})).agencyNameAr).toBe('وزارة العدل');
    expect(services.registry.verifyAudit()).toMatchObject({ ok: true });
  });
});
