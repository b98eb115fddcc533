/**
 * The intake form: its values, how they start from the services' suggestions, and how they become a
 * `registry.register` input.
 */
import type { Analysis, Evidence, RegisterInput } from '../../shared/contract/index.ts';
import type { Classification, Documentation, Priority, Transport } from '../../shared/contract/registry.ts';
import { parseLetterDate } from '../../shared/dates/parse.ts';
import { toWesternDigits as westernDigits } from '../../shared/text/normalise.ts';

export type FieldName = 'counterpart' | 'referenceNumber' | 'referenceDate' | 'subject' | 'attachmentsCount';

export interface IntakeForm {
  counterpartCode: string | null;
  counterpartName: string;
  referenceNumber: string;
  /** Gregorian `YYYY-MM-DD` as typed (Western or Arabic-Indic digits), '' when none. */
  referenceDate: string;
  subject: string;
  attachmentsCount: string;
  classification: Classification;
  priority: Priority;
  /** How the letter came: a scan is paper; a born-digital PDF (every page a text layer) is electronic (e.g. e-mailed). */
  channel: 'paper' | 'electronic';
  documentation: Documentation;
  transport: Transport;
  /** The clerk chose to register an already registered file again, linked to the earlier number. */
  reRegister: boolean;
}

/** The form as the suggestions fill it (Arabic counterpart name from the directory). */
export function formFromAnalysis(a: Analysis): IntakeForm {
  const s = a.suggestions;
  return {
    counterpartCode: s.counterpart?.code ?? null,
    counterpartName: s.counterpart?.nameAr ?? '',
    referenceNumber: s.referenceNumber?.value ?? '',
    referenceDate: s.referenceDate?.gregorian ?? '',
    subject: s.subject?.value ?? '',
    attachmentsCount: String(s.attachmentsCount?.value ?? 0),
    classification: 'ordinary',
    priority: 'normal',
    ...channelDefaults(a.pages.length > 0 && a.pages.every((p) => p.source === 'text-layer') ? 'electronic' : 'paper'),
    reRegister: false,
  };
}

/** What the channel implies until the clerk says otherwise: paper comes by hand with its original; an electronic file by e-mail, without paper. */
export function channelDefaults(channel: 'paper' | 'electronic'): Pick<IntakeForm, 'channel' | 'documentation' | 'transport'> {
  return channel === 'paper' ? { channel, documentation: 'paper_original', transport: 'by_hand' } : { channel, documentation: 'no_paper', transport: 'email' };
}

/**
 * The form after the analysis changed (a page read again): each field still holding what the old
 * suggestions put there takes the new suggestion; a field the clerk changed keeps the clerk's value.
 * @param before the analysis the form was filled from; @param after the updated analysis; @param form the current form.
 */
export function refreshFormSuggestions(before: Analysis, after: Analysis, form: IntakeForm): IntakeForm {
  const was = formFromAnalysis(before);
  const now = formFromAnalysis(after);
  const out = { ...form };
  if (form.counterpartName === was.counterpartName && form.counterpartCode === was.counterpartCode) {
    out.counterpartName = now.counterpartName;
    out.counterpartCode = now.counterpartCode;
  }
  for (const k of ['referenceNumber', 'referenceDate', 'subject', 'attachmentsCount'] as const) {
    if (form[k] === was[k]) out[k] = now[k];
  }
  return out;
}

/** Evidence of each suggested field, for highlighting. */
export function evidenceOf(a: Analysis): Partial<Record<FieldName, Evidence>> {
  const s = a.suggestions;
  const out: Partial<Record<FieldName, Evidence>> = {};
  if (s.counterpart?.evidence) out.counterpart = s.counterpart.evidence;
  if (s.referenceNumber?.evidence) out.referenceNumber = s.referenceNumber.evidence;
  if (s.referenceDate?.evidence) out.referenceDate = s.referenceDate.evidence;
  if (s.subject?.evidence) out.subject = s.subject.evidence;
  if (s.attachmentsCount?.evidence) out.attachmentsCount = s.attachmentsCount.evidence;
  return out;
}

/**
 * Parses the typed reference date: `YYYY-MM-DD` or `YYYY/MM/DD` in Western or Arabic-Indic digits, or
 * any unambiguous form a letter prints (`15 رجب 1435هـ`, `15/5/2014م`; shared/dates `parseLetterDate`).
 * @returns the Gregorian ISO date, '' for an empty field, or null when it is not one clear date.
 */
export function parseIsoDateInput(typed: string): string | null {
  const v = westernDigits(typed).trim();
  if (v === '') return '';
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(v);
  if (!m) {
    const parsed = parseLetterDate(typed);
    return parsed && parsed.problem === null && parsed.gregorian ? parsed.gregorian : null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Builds the `registry.register` input; `alreadyRegisteredAs` is the earlier number when re-registering. */
export function toRegisterInput(a: Analysis, f: IntakeForm): RegisterInput {
  const date = parseIsoDateInput(f.referenceDate);
  const count = Number.parseInt(westernDigits(f.attachmentsCount), 10);
  return {
    documentSha256: a.sha256,
    direction: 'incoming',
    channel: f.channel ?? 'paper',
    documentation: f.documentation ?? null,
    transport: f.transport ?? null,
    counterpart: { code: f.counterpartCode, name: f.counterpartName.trim() },
    referenceNumber: f.referenceNumber.trim() === '' ? null : westernDigits(f.referenceNumber.trim()),
    referenceDate: date ? date : null,
    subject: f.subject.trim(),
    classification: f.classification,
    priority: f.priority,
    attachmentsCount: Number.isFinite(count) && count >= 0 ? count : 0,
    reRegistrationOf: f.reRegister && a.alreadyRegistered ? a.alreadyRegistered.registryNumber : null,
  };
}
