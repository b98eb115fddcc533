/**
 * An exchange letter whose paper copy was registered before it arrived (docs/parallel-period.md,
 * "Linking a twin"): the paper registrations that may be it, and the rule for joining one. The join
 * itself is `inbox.register` with `twinOf` (handlers.ts), in one transaction with its receipt.
 */
import type { Db } from '../db/open.ts';
import type { TwinCandidate } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { LetterEnvelope } from '../../../shared/exchange/index.ts';
import type { Registry } from '../registry/index.ts';
import type { RegistrationRow } from '../registry/records.ts';
import { candidatesForLetter, candidateView } from '../twins/index.ts';

/**
 * Incoming paper registrations that may be `letter`, best first, by its main document's text and the
 * envelope's sender, reference number (the sender's registry number) and date. Reads only; the
 * letter's documents must have been read (their text is in an analysis or a stored document).
 * @param senderName the sender agency's name as the directory has it.
 * @param now fixes "today" for a letter without date.
 */
export function letterTwinCandidates(db: Db, registry: Registry, letter: LetterEnvelope, senderName: string, now: Date): TwinCandidate[] {
  const main = letter.documents.find((x) => x.role === 'main') ?? letter.documents[0];
  const text =
    main === undefined
      ? ''
      : (registry.getAnalysis(main.sha256)?.pages.map((p) => p.text).join('\n') ??
        ((db.prepare('SELECT text FROM documents WHERE sha256 = ?').pluck().get(main.sha256) as string | undefined) ?? ''));
  const matches = candidatesForLetter(
    db,
    { text, counterpartCode: letter.sender.agency, counterpartName: senderName, referenceNumber: letter.registryNumber, referenceDate: letter.registrationDate },
    now,
  );
  const incoming = db.prepare('SELECT direction FROM registrations WHERE id = ?').pluck();
  return matches.filter((m) => incoming.get(m.registrationId) === 'incoming').map((m) => candidateView(db, m));
}

/**
 * A letter may join only an incoming registration of its own sender (or of a counterpart not in the
 * directory, registered by name).
 * @throws AppError('validation') otherwise.
 */
export function assertTwinTarget(target: RegistrationRow, letter: LetterEnvelope): void {
  if (target.direction !== 'incoming') {
    throw new AppError('validation', `${target.registry_number} is not an incoming registration`, { registryNumber: target.registry_number });
  }
  if (target.counterpart_code !== null && target.counterpart_code !== letter.sender.agency) {
    throw new AppError('validation', `${target.registry_number} is from ${target.counterpart_code}, the letter from ${letter.sender.agency}`, {
      registryNumber: target.registry_number,
    });
  }
}
