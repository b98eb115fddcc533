import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDirectory } from '../directory/index.ts';
import { suggestFields } from './index.ts';

// The letters' own text (no OCR): every field must come out exactly as the fixture JSON says.
const lettersDir = path.resolve(import.meta.dirname, '../../../../shared/fixtures/letters');

interface LetterJson {
  sender_code: string;
  reference_number: string;
  reference_number_as_printed: string;
  reference_date_gregorian: string;
  reference_date_hijri: string;
  date_as_printed: string;
  subject: string;
  attachments: number;
  text: string;
}

const files = fs.existsSync(lettersDir) ? fs.readdirSync(lettersDir).filter((f) => /^letter-.*\.json$/.test(f)).sort() : [];

describe('suggestFields on the fixture letters’ ground-truth text', () => {
  it('finds the fixture letters', () => {
    if (!fs.existsSync(lettersDir)) throw new Error(`fixtures missing: ${lettersDir}`);
    expect(files.length).toBeGreaterThanOrEqual(16);
  });

  const directory = defaultDirectory();
  it.each(files)('%s', (file) => {
    const letter = JSON.parse(fs.readFileSync(path.join(lettersDir, file), 'utf8')) as LetterJson;
    const s = suggestFields([{ index: 0, text: letter.text }], directory);
    expect(s.counterpart?.code).toBe(letter.sender_code);
    expect(s.counterpart?.score).toBeGreaterThanOrEqual(0.9);
    expect(s.referenceNumber?.value).toBe(letter.reference_number);
    expect(s.referenceNumber?.asPrinted).toBe(letter.reference_number_as_printed);
    expect(s.referenceDate?.gregorian).toBe(letter.reference_date_gregorian);
    expect(s.referenceDate?.hijri).toBe(letter.reference_date_hijri);
    expect(s.referenceDate?.problem).toBeNull();
    expect(letter.date_as_printed).toContain(s.referenceDate?.asPrinted);
    expect(s.subject?.value).toBe(letter.subject);
    const hasAttachmentsLine = /المرفقات/.test(letter.text);
    expect(s.attachmentsCount?.value ?? null).toBe(hasAttachmentsLine ? letter.attachments : null);
    // Evidence spans are the raw text they claim to be.
    for (const ev of [s.counterpart?.evidence, s.referenceNumber?.evidence, s.referenceDate?.evidence, s.subject?.evidence, s.attachmentsCount?.evidence]) {
      if (!ev) continue;
      expect(letter.text.slice(ev.start, ev.end)).toBe(ev.text);
    }
    expect(s.subject?.evidence?.text).toBe(letter.subject);
    expect(s.referenceNumber?.evidence?.text).toBe(letter.reference_number_as_printed);
  });
});
