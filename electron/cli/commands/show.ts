/** `registry-desk show <registry-number>`: one record as JSON or a readable card. */
import type { RegistrationDetail } from '../../../shared/contract/index.ts';
import { card, errorLine, jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

export async function runShow(dataDir: string, registryNumber: string, opts: { format: 'json' | 'table'; register?: string }, io: Io): Promise<number> {
  try {
    const register = opts.register === 'incoming' || opts.register === 'outgoing' || opts.register === 'internal' ? opts.register : null;
    const d = await withServices(dataDir, (s) => s.handlers['registry.show']({ registryNumber, register }));
    io.out(opts.format === 'json' ? jsonLine(d) : showCard(d));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

function showCard(d: RegistrationDetail): string {
  const pairs: Array<[string, string]> = [
    ['registry number', d.registryNumber],
    ['register', d.register],
    ['registered at', `${d.registeredAt} (UTC)`],
    ['registration date', `${d.registrationDate} (Asia/Kuwait)`],
    ['direction / channel', `${d.direction} / ${d.channel}`],
    ['counterpart', d.counterpartCode === null ? d.counterpartName : `${d.counterpartName} [${d.counterpartCode}]`],
    ['reference', [d.referenceNumber ?? '—', d.referenceDate ?? ''].join('  ').trim()],
    ['subject', d.subject],
    ['classification', `${d.classification}, ${d.priority}`],
    ['attachments', String(d.attachmentsCount)],
    ['annulled', d.annulled ? 'yes' : 'no'],
  ];
  for (const doc of d.documents) pairs.push([`document (${doc.role})`, `${doc.fileName}  ${doc.mediaType}  ${doc.pageCount} p.  sha256 ${doc.sha256}`]);
  for (const l of d.links) pairs.push([l.kind.replaceAll('_', ' '), `${l.registryNumber} (${l.register})`]);
  for (const h of d.history) pairs.push([`history #${h.id}`, `${h.at}  ${h.action}  by ${h.operator}`]);
  const text = d.pages.map((p) => `── page ${p.index + 1} (${p.source}${p.confidence === null ? '' : `, ${Math.round(p.confidence)}%`}) ──\n${p.text.trim()}`).join('\n');
  return `${card(pairs)}${text === '' ? '' : `\n${text}\n`}`;
}
