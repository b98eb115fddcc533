/**
 * For a new inbox letter: the paper registrations that may be the same letter (`inbox.twinCandidates`),
 * each with its match score and parts, and a button to join it instead of registering the letter
 * again (`inbox.register` with `twinOf`, called by the parent). Nothing is joined without the click.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem, TwinCandidate } from '../../shared/contract/index.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { Num } from '../common/Num.tsx';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

export function InboxTwins({ item, busy, onJoin }: { item: InboxItem; busy: boolean; onJoin: (c: TwinCandidate) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ id: string; candidates: TwinCandidate[] } | null>(null);
  useEffect(() => {
    let live = true;
    void api['inbox.twinCandidates']({ messageId: item.messageId }).then((r) => {
      if (live) setState({ id: item.messageId, candidates: r.ok ? r.value.candidates : [] });
    });
    return () => {
      live = false;
    };
  }, [item.messageId]);
  if (!state || state.id !== item.messageId || state.candidates.length === 0) return null;
  return (
    <section className="twin-offer notice" aria-labelledby="inbox-twin-h" data-testid="inbox-twins">
      <h4 id="inbox-twin-h">{t('inboxTwin.heading')}</h4>
      <p className="muted">{t('inboxTwin.intro')}</p>
      <ul className="plain">
        {state.candidates.map((c) => (
          <li key={c.registration.id} data-testid="inbox-twin">
            <Num value={c.registration.registryNumber} className="registry-number" /> · <DualDate iso={c.registration.registrationDate} /> ·{' '}
            {c.registration.counterpartName} · {c.registration.subject}
            <br />
            <strong>{t('inboxTwin.score', { percent: Math.round(c.score * 100) })}</strong>{' '}
            <small className="muted">
              {t('inboxTwin.parts', {
                text: pct(c.parts.text),
                reference: pct(c.parts.referenceNumber),
                date: pct(c.parts.referenceDate),
                counterpart: pct(c.parts.counterpart),
              })}
            </small>
            <details>
              <summary>{t('inboxTwin.theirText')}</summary>
              <pre className="ocr-text" dir="auto">
                {c.pages.map((p) => p.text).join('\n\n')}
              </pre>
            </details>
            <button type="button" disabled={busy} onClick={() => onJoin(c)} data-testid="inbox-twin-join">
              {t('inboxTwin.join', { number: c.registration.registryNumber })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
