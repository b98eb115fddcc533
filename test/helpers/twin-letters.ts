/**
 * Generated letters for twin-matching tests: short Kuwaiti-style letters (letterhead, reference
 * number, date, addressee, subject, a few body lines, closing), each rendered as a paper page and
 * kept as text for its electronic copy.
 *
 * Paper: drawn on an A5 page with the product's PDF text writer (electron/services/pdf, Arabic
 * shaping and bidi), rasterised with pdf.js at 150 dpi as the documents module does, then degraded
 * with sharp like a desk scan (rotation about 1°, blur, noise, JPEG or PNG). The electronic copy is
 * the same letter's text with Western digits, as the exchange carries it.
 *
 * Everything is deterministic for a seed (a small xorshift generator), so a failing pair can be
 * reproduced.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import type { Agency } from '../../shared/contract/directory.ts';
import { createTextWriter, type PdfTextWriter } from '../../electron/services/pdf/index.ts';
import type { GreyPage } from '../../electron/services/ocr/page.ts';
import { openPdf, renderPdfPage } from '../../electron/services/documents/pdf.ts';

/** One generated letter: the fields a clerk would enter and the text as written. */
export interface GeneratedLetter {
  id: string;
  sender: Agency;
  /** Reference number, normalised (Western digits). */
  referenceNumber: string;
  /** Gregorian ISO date. */
  referenceDate: string;
  subject: string;
  /** Body sentences. */
  body: string[];
  /** Whether the paper copy prints Arabic-Indic digits. */
  arabicIndicOnPaper: boolean;
  signature: string;
}

/** A deterministic pseudo-random generator (xorshift32); `next()` is uniform in [0, 1). */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(a: readonly T[]): T } {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)]! };
}

const SUBJECT_HEADS = ['بشأن', 'طلب', 'الرد على كتابكم بشأن', 'إفادة بخصوص', 'تعميم بشأن', 'متابعة', 'اعتماد', 'تحديث بيانات'];
const SUBJECT_TOPICS = [
  'المزايا المالية للعاملين',
  'الميزانية التقديرية للسنة المالية',
  'صيانة المباني الحكومية',
  'تدريب الموظفين الجدد',
  'إحصائية المراجعين للربع الثالث',
  'عقود التوريد والمناقصات',
  'نظام التراسل الإلكتروني',
  'الإجازات الدورية للموظفين',
  'ترشيح ممثلين للجنة المشتركة',
  'تقرير الأداء السنوي',
  'مشروع الربط الآلي',
  'توفير الأجهزة الحاسوبية',
  'استكمال ملفات المتقاعدين',
  'الخطة الإنشائية للمدارس',
  'إصدار التراخيص التجارية',
  'حصر الشواغر الوظيفية',
];
const BODY = [
  'نود الإفادة بأن مجلس الوزراء قد طالب جميع الجهات الحكومية بالبدء باستخدام التراسل الإلكتروني.',
  'وعليه نرجو التكرم بالإيعاز لمن يلزم بتزويدنا بالبيانات المطلوبة خلال أسبوعين من تاريخه.',
  'نرفق لكم طيه نسخة من القرار الوزاري الصادر بهذا الشأن للاطلاع واتخاذ اللازم.',
  'يرجى موافاتنا بأسماء المرشحين لحضور الدورة التدريبية المقرر عقدها الشهر القادم.',
  'نحيطكم علما بأن الموعد النهائي لتسليم المستندات هو نهاية الشهر الجاري.',
  'تم تشكيل فريق عمل لدراسة المقترح ورفع التوصيات اللازمة في أقرب وقت.',
  'نأمل التنسيق مع إدارة الشؤون المالية لاستكمال الإجراءات المطلوبة.',
  'وقد تبين من المراجعة وجود بعض الملاحظات التي تستدعي التصحيح قبل الاعتماد.',
  'نشير إلى الاجتماع الذي عقد في مقر الوزارة لمناقشة خطة العمل المشتركة.',
  'يسرنا إبلاغكم بالموافقة على طلبكم وفقا للشروط والضوابط المعمول بها.',
  'نرجو العلم بأن الصيانة الدورية للأنظمة ستتم خلال عطلة نهاية الأسبوع.',
  'كما نود التأكيد على ضرورة الالتزام بالتعليمات الصادرة في هذا الشأن.',
  'وسيتم رفع أسماء الجهات غير المتعاونة إلى الجهات المختصة مع بيان الأسباب.',
  'نرجو تزويدنا بتقرير مفصل عن الأعمال المنجزة والمتبقية حتى تاريخه.',
  'تمت إحالة الموضوع إلى اللجنة الفنية لإبداء الرأي وتقديم التوصيات.',
  'ونأمل أن يكون هذا القرار حافزا للتعاون المثمر في التعاملات الإلكترونية.',
  'يرجى اعتماد الجدول المرفق وإعادته إلينا موقعا من المسؤول المختص.',
  'نفيدكم بأنه تم تخصيص الاعتمادات المالية اللازمة لتنفيذ المشروع.',
];
const SIGNATURES = ['عبدالله أحمد الصالح', 'فاطمة محمد العلي', 'خالد يوسف الرشيد', 'مريم سالم العنزي', 'ناصر فهد المطيري'];
const PREFIXES = ['ص', 'م', 'و', 'ع م', 'ك'];

/** Arabic-Indic digits for Western ones. */
export function toArabicIndic(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/** A reference number like `ص/77089/2026`. */
export function randomReference(r: ReturnType<typeof prng>): string {
  return `${r.pick(PREFIXES)}/${10000 + r.int(89999)}/2026`;
}

/** A date in 2026 (Gregorian ISO). */
export function randomDate(r: ReturnType<typeof prng>): string {
  const m = 1 + r.int(11);
  const d = 1 + r.int(28);
  return `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A new letter from `sender`; fields left out are drawn at random. */
export function makeLetter(
  r: ReturnType<typeof prng>,
  id: string,
  sender: Agency,
  fields: { referenceNumber?: string; referenceDate?: string; arabicIndicOnPaper?: boolean } = {},
): GeneratedLetter {
  const sentences = new Set<string>();
  const n = 2 + r.int(2);
  while (sentences.size < n) sentences.add(r.pick(BODY));
  return {
    id,
    sender,
    referenceNumber: fields.referenceNumber ?? randomReference(r),
    referenceDate: fields.referenceDate ?? randomDate(r),
    subject: `${r.pick(SUBJECT_HEADS)} ${r.pick(SUBJECT_TOPICS)}`,
    body: [...sentences],
    arabicIndicOnPaper: fields.arabicIndicOnPaper ?? r.next() < 0.5,
    signature: r.pick(SIGNATURES),
  };
}

function printedDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d}/${m}/${y}`;
}

/** The letter's lines as printed; `indic` prints the numbers with Arabic-Indic digits. */
export function letterLines(l: GeneratedLetter, indic: boolean): string[] {
  const digits = (s: string) => (indic ? toArabicIndic(s) : s);
  return [
    'دولة الكويت',
    l.sender.nameAr,
    `الرقم: ${digits(l.referenceNumber)}`,
    `التاريخ: ${digits(printedDate(l.referenceDate))}`,
    'السيد / وكيل الوزارة المحترم',
    `الموضوع: ${l.subject}`,
    'تحية طيبة وبعد،',
    ...l.body,
    'وتفضلوا بقبول فائق الاحترام والتقدير،',
    l.signature,
  ];
}

/** The electronic copy's text (Western digits, one line each), as its text layer would give it. */
export function electronicText(l: GeneratedLetter): string {
  return letterLines(l, false).join('\n');
}

const A5 = { width: 420, height: 595 }; // points
const RENDER_DPI = 150;

/** Draws one letter on a new A5 page of `doc`. */
function drawLetter(doc: PDFDocument, w: PdfTextWriter, l: GeneratedLetter): void {
  const page = doc.addPage([A5.width, A5.height]);
  const margin = 36;
  const right = A5.width - margin;
  const lines = letterLines(l, l.arabicIndicOnPaper);
  let y = A5.height - 48;
  w.drawLine(page, lines[0]!, { x: A5.width / 2, y, size: 12, align: 'center', weight: 'bold' });
  y -= 18;
  w.drawLine(page, lines[1]!, { x: A5.width / 2, y, size: 12, align: 'center', weight: 'bold' });
  y -= 30;
  for (const line of lines.slice(2, 7)) {
    w.drawLine(page, line, { x: right, y, size: 11, align: 'right', direction: 'rtl', weight: line.startsWith('الموضوع') ? 'bold' : 'regular' });
    y -= 20;
  }
  for (const para of lines.slice(7, -2)) {
    const r = w.drawParagraph(page, para, { x: margin, y, width: right - margin, size: 11, direction: 'rtl', lineHeight: 18 });
    y = r.nextY - 4;
  }
  y -= 10;
  for (const line of lines.slice(-2)) {
    w.drawLine(page, line, { x: margin + 60, y, size: 11, align: 'center', direction: 'rtl' });
    y -= 18;
  }
}

/** Degrades a rendered page like a desk scan and encodes it (JPEG or PNG, recording 150 dpi). */
async function degrade(grey: GreyPage, id: string, seed: number): Promise<{ bytes: Uint8Array; fileName: string }> {
  const r = prng(seed);
  // Noise on the raw pixels (sharp has no noise operation): ±24 grey levels on 4 % of the pixels.
  const data = Buffer.from(grey.data);
  for (let i = 0; i < data.length; i++) {
    if (r.next() < 0.04) data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((r.next() - 0.5) * 48)));
  }
  const angle = (0.5 + r.next() * 0.7) * (r.next() < 0.5 ? -1 : 1);
  const img = sharp(data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .rotate(angle, { background: { r: 255, g: 255, b: 255 } })
    .blur(0.5 + r.next() * 0.3)
    .withMetadata({ density: RENDER_DPI });
  const jpeg = r.next() < 0.6;
  const bytes = jpeg ? await img.jpeg({ quality: 60 + r.int(20) }).toBuffer() : await img.png().toBuffer();
  return { bytes: new Uint8Array(bytes), fileName: `${id}.${jpeg ? 'jpg' : 'png'}` };
}

/**
 * Renders the paper copies: each letter on an A5 page drawn with the PDF text writer (one document,
 * fonts embedded once), rasterised at 150 dpi with pdf.js, rotated 0.5–1.2°, blurred, with noise,
 * encoded as JPEG (quality 60–79) or PNG.
 * @returns one encoded page per letter, in order, with a file name.
 */
export async function renderPapers(letters: GeneratedLetter[], seed: number): Promise<Array<{ bytes: Uint8Array; fileName: string }>> {
  const doc = await PDFDocument.create();
  const w = await createTextWriter(doc);
  for (const l of letters) drawLetter(doc, w, l);
  const pdf = await openPdf(await doc.save());
  const out: Array<{ bytes: Uint8Array; fileName: string }> = [];
  try {
    for (const [i, l] of letters.entries()) out.push(await degrade(await renderPdfPage(pdf, i, RENDER_DPI), l.id, seed + i));
  } finally {
    await pdf.close();
  }
  return out;
}
