import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeTextLayer } from './text-layer.ts';
import { openPdf, pdfPageText } from './pdf.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures');

describe('judgeTextLayer', () => {
  it('accepts logical-order Arabic and English', () => {
    expect(judgeTextLayer('دولة الكويت\nوزارة الأشغال العامة\nالموضوع: الرد على كتابكم بشأن المزايا المالية للعاملين').usable).toBe(true);
    expect(judgeTextLayer('The LinnSequencer is a state-of-the-art composition and performance tool.').usable).toBe(true);
  });

  it('rejects presentation forms, reversed glyph soup and near-empty layers', () => {
    expect(judgeTextLayer('ﺍﺳﻤﻲ ﺳﻠﻄﺎﻥ ﻣﺮﺣﺒﺎ ﻣﻦ ﺍﻳﻦ ﺍﻧﺖ؟ ﺍﻧﺎ ﻣﻦ ﻭﻻﻳﺔ ﻛﺎﺭﻭﻟﻴﻨﺎ ﺍﻟﺸﻤﺎﻝ').reason).toBe('presentation_forms');
    const logical = 'وزارة الأشغال العامة الموضوع الرد على كتابكم بشأن المزايا المالية للعاملين';
    const reversed = [...logical].reverse().join('');
    expect(judgeTextLayer(reversed).reason).toBe('reversed');
    expect(judgeTextLayer('  12 ').reason).toBe('too_little_text');
    expect(judgeTextLayer('كويت\u0000دولة ا\nبيت الزكاة الموضوع الموافقة على ندب موظف للعمل لدى الجهة').reason).toBe('unmapped_glyphs');
  });

  it('rejects the text layers pdf.js extracts from the fixtures that are not logical text', async () => {
    const cases: [string, string][] = [
      ['scans/tabula-java/arabic.pdf', 'presentation_forms'],
      ['letters/letter-11-00.electronic.pdf', 'presentation_forms'],
      ['letters/letter-11-15.electronic.pdf', 'unmapped_glyphs'],
    ];
    for (const [file, reason] of cases) {
      const pdf = await openPdf(new Uint8Array(fs.readFileSync(path.join(fixtures, file))));
      try {
        const verdict = judgeTextLayer(await pdfPageText(pdf, 0));
        expect(verdict.usable, file).toBe(false);
        expect(verdict.reason, file).toBe(reason);
      } finally {
        await pdf.close();
      }
    }
  });
});

/** A one-page PDF whose text is drawn in Helvetica (a real, logical-order text layer). */
function textPdf(lines: string[]): Uint8Array {
  const content = `BT /F1 14 Tf 72 720 Td 18 TL ${lines.map((l) => `(${l}) '`).join(' ')} ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('a PDF with a real text layer', () => {
  it('is read from its text layer, without OCR', async () => {
    const { readDocument } = await import('./index.ts');
    const { createOcrPool } = await import('../ocr/index.ts');
    const pool = createOcrPool({ size: 1 });
    try {
      const lines = ['Ministry of Public Works', 'Ref: PW/77089/2026 dated 17/08/2026', 'Subject: reply to your letter on staff allowances'];
      const read = await readDocument(textPdf(lines), 'letter.pdf', { ocr: pool });
      expect(read.mediaType).toBe('application/pdf');
      expect(read.meanConfidence).toBeNull();
      expect(read.pages).toHaveLength(1);
      expect(read.pages[0]!.source).toBe('text-layer');
      expect(read.pages[0]!.text.split('\n')).toEqual(lines);
    } finally {
      await pool.close();
    }
  });
});
