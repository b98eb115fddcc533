/**
 * Intake's notice for a file that carries the registry code of an existing registration
 * (`Analysis.matchesRegistration`): for further pages of that letter, *Attach to N as continuation*
 * (`registry.attachContinuation`, no new number); for a re-scan of pages the registration already
 * holds, or a file already attached, it says so and offers only to open the record; for an annulled
 * registration, nothing to attach. The banner after attaching is {@link AttachedBanner}.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis, Direction, RegistrationDetail } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';

type Match = NonNullable<Analysis['matchesRegistration']>;

interface Props {
  analysis: Analysis;
  match: Match;
  onOpenRecord: (registryNumber: string, register: string | null) => void;
  /** Called with the record after the file was attached. */
  onAttached: (record: RegistrationDetail) => void;
}

function asDirection(register: string): Direction | null {
  return register === 'incoming' || register === 'outgoing' || register === 'internal' ? register : null;
}

export function RegistrationMatch({ analysis, match, onOpenRecord, onAttached }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const number = match.registryNumber;
  const kind = match.annulled ? 'annulled' : (match.relation ?? 'unknown');
  const canAttach = kind === 'continuation' || kind === 'unknown';

  const attach = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await api['registry.attachContinuation']({ documentSha256: analysis.sha256, registryNumber: number, register: asDirection(match.register) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onAttached(r.value);
  };

  const message: Record<typeof kind, string> = {
    continuation: t('continuation.continuation', { number }),
    rescan: t('continuation.rescan', { number }),
    attached: t('continuation.attached', { number }),
    annulled: t('continuation.annulled', { number }),
    unknown: t('intake.matchesRegistration', { number }),
  };
  return (
    <div className="notice" role="status" data-testid="matches-registration" data-relation={kind}>
      <p>{message[kind]}</p>
      <div className="row">
        {canAttach && (
          <button type="button" className="primary" onClick={() => void attach()} disabled={busy} data-testid="attach-continuation">
            {busy ? t('continuation.attaching') : t('continuation.attach', { number })}
          </button>
        )}
        <button type="button" className="link" onClick={() => onOpenRecord(number, match.register)}>
          {t('intake.openRecord', { number })}
        </button>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}

/** Shown after a file was attached: the registration, how many pages it now holds, a link to it. */
export function AttachedBanner({ record, onOpenRecord }: { record: RegistrationDetail; onOpenRecord: Props['onOpenRecord'] }) {
  const { t } = useTranslation();
  const pages = record.documents.filter((d) => d.role === 'main' || d.role === 'continuation').reduce((n, d) => n + d.pageCount, 0);
  return (
    <div className="registered-banner" role="status" aria-live="polite" data-testid="attached-banner">
      <span>{t('continuation.attachedTo')}</span>
      <Num value={record.registryNumber} className="registry-number" />
      <span className="muted">{t('continuation.attachedDetail', { count: pages })}</span>
      <button type="button" className="link" onClick={() => onOpenRecord(record.registryNumber, record.register)}>
        {t('intake.openRecord', { number: record.registryNumber })}
      </button>
    </div>
  );
}
