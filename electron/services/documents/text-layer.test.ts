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
  });

  it('rejects the text layers pdf.js extracts from the fixtures that are not logical text', async () => {
    for (const file of ['scans/tabula-java/arabic.pdf', 'letters/letter-11-00.electronic.pdf', 'letters/letter-11-07.electronic.pdf']) {
      const pdf = await openPdf(new Uint8Array(fs.readFileSync(path.join(fixtures, file))));
      try {
        const verdict = judgeTextLayer(await pdfPageText(pdf, 0));
        expect(verdict.usable, file).toBe(false);
        expect(verdict.reason, file).toBe('presentation_forms');
      } finally {
        await pdf.close();
      }
    }
  });
});
