/**
 * Intake's twin offer: after a document is read, the registrations that may be the same letter by
 * the other channel (`twins.candidates`), one at a time, best first — the two letters side by side
 * (this document's page image and read text; the registered letter's text), the score and its parts.
 * *Link as twin (no new number)* calls `twins.link`; *Not the same letter* calls `twins.refuse` and
 * shows the next candidate. Nothing is linked without the clerk pressing the button. After linking,
 * {@link TwinLinkedBanner} shows the registration (channel both).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis, Direction, RegistrationSummary, Transport, TwinCandidate, TwinCandidates, TwinScoreParts } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { PageImage } from './PagePanel.tsx';
import '../styles/twins.css';

interface Props {
  analysis: Analysis;
  onOpenRecord: (registryNumber: string, register: string | null) => void;
  /** Called with the registration after the document was linked to it as its twin. */
  onLinked: (registration: RegistrationSummary) => void;
  /** How the document came and travelled, as the clerk set them in the form (default: inferred from the file). */
  channel?: 'paper' | 'electronic';
  transport?: Transport;
}

const PARTS: Array<keyof TwinScoreParts> = ['text', 'referenceNumber', 'referenceDate', 'counterpart'];

function asDirection(register: string): Direction {
  return register === 'outgoing' || register === 'internal' ? register : 'incoming';
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function TwinMatch({ analysis, onOpenRecord, onLinked, channel, transport }: Props) {
  const { t } = useTranslation();
  const [offer, setOffer] = useState<TwinCandidates | null>(null);
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);

  useEffect(() => {
    let live = true;
    setOffer(null);
    setIndex(0);
    setError(null);
    if (analysis.alreadyRegistered) return undefined;
    void api['twins.candidates']({ documentSha256: analysis.sha256, channel: channel ?? null }).then((r) => {
      if (!live) return;
      if (r.ok) setOffer(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [analysis.sha256, analysis.alreadyRegistered, channel]);

  if (error && !offer) return <ErrorBox error={error} onDismiss={() => setError(null)} />;
  const candidate: TwinCandidate | undefined = offer?.candidates[index];
  if (!offer || !candidate) return null;
  const reg = candidate.registration;
  const remaining = offer.candidates.length - index - 1;

  const link = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await api['twins.link']({ documentSha256: analysis.sha256, registryNumber: reg.registryNumber, register: asDirection(reg.register), channel: offer.channel, transport: transport ?? null });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onLinked(r.value);
  };
  const refuse = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await api['twins.refuse']({ documentSha256: analysis.sha256, registryNumber: reg.registryNumber, register: asDirection(reg.register) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setIndex((i) => i + 1);
  };

  return (
    <section className="notice twin-offer" aria-labelledby="twin-offer-heading" data-testid="twin-offer">
      <h3 id="twin-offer-heading">{t('twins.heading', { channel: t(`channel.${reg.channel}`) })}</h3>
      <p>
        {t('twins.explain', { number: reg.registryNumber })}{' '}
        {remaining > 0 && <span className="muted">{t('twins.more', { count: remaining })}</span>}
      </p>
      <div className="twin-score" data-testid="twin-score">
        <strong>
          {t('twins.score')} <Num value={percent(candidate.score)} />
        </strong>
        <ul className="twin-parts">
          {PARTS.map((p) => (
            <li key={p} data-part={p}>
              {t(`twins.part.${p}`)}: {candidate.parts[p] === null ? <span className="muted">{t('twins.unknown')}</span> : <Num value={percent(candidate.parts[p])} />}
            </li>
          ))}
        </ul>
      </div>
      <div className="twin-sides">
        <div className="twin-side" data-testid="twin-this">
          <h4>{t('twins.thisDocument', { channel: t(`channel.${offer.channel}`) })}</h4>
          <p className="muted">
            <bdi>{analysis.fileName}</bdi>
          </p>
          {analysis.pages[0]?.source === 'ocr' ? <PageImage analysis={analysis} page={0} /> : null}
          <pre className="twin-text" dir="auto" tabIndex={0} aria-label={t('twins.thisText')}>
            {analysis.pages.map((p) => p.text).join('\n\n')}
          </pre>
        </div>
        <div className="twin-side" data-testid="twin-registered">
          <h4>
            {t('twins.registered')} <Num value={reg.registryNumber} className="registry-number" />
          </h4>
          <dl className="twin-fields">
            <dt>{t('twins.field.counterpart')}</dt>
            <dd>
              <bdi>{reg.counterpartName}</bdi>
            </dd>
            <dt>{t('twins.field.reference')}</dt>
            <dd>
              {reg.referenceNumber ? <Num value={reg.referenceNumber} /> : '—'} · {reg.referenceDate ? <Num value={reg.referenceDate} /> : '—'}
            </dd>
            <dt>{t('twins.field.subject')}</dt>
            <dd>
              <bdi>{reg.subject}</bdi>
            </dd>
            <dt>{t('twins.field.registered')}</dt>
            <dd>
              <Num value={reg.registrationDate} /> · {t(`channel.${reg.channel}`)}
            </dd>
          </dl>
          <pre className="twin-text" dir="auto" tabIndex={0} aria-label={t('twins.registeredText', { number: reg.registryNumber })}>
            {candidate.pages.map((p) => p.text).join('\n\n')}
          </pre>
        </div>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => void link()} disabled={busy} data-testid="twin-link">
          {busy ? t('twins.linking') : t('twins.link')}
        </button>
        <button type="button" onClick={() => void refuse()} disabled={busy} data-testid="twin-refuse">
          {t('twins.refuse')}
        </button>
        <button type="button" className="link" onClick={() => onOpenRecord(reg.registryNumber, reg.register)}>
          {t('intake.openRecord', { number: reg.registryNumber })}
        </button>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </section>
  );
}

/** Shown after a document was linked as a twin: the registration, its channel (both), a link to it. */
export function TwinLinkedBanner({ registration, onOpenRecord }: { registration: RegistrationSummary; onOpenRecord: Props['onOpenRecord'] }) {
  const { t } = useTranslation();
  return (
    <div className="registered-banner" role="status" aria-live="polite" data-testid="twin-linked-banner">
      <span>{t('twins.linkedTo')}</span>
      <Num value={registration.registryNumber} className="registry-number" />
      <span className="muted" data-testid="twin-linked-channel">
        {t('twins.linkedDetail', { channel: t(`channel.${registration.channel}`) })}
      </span>
      <button type="button" className="link" onClick={() => onOpenRecord(registration.registryNumber, registration.register)}>
        {t('intake.openRecord', { number: registration.registryNumber })}
      </button>
    </div>
  );
}
