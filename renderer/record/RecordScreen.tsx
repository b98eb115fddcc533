/**
 * One registration (`registry.show`): all fields, the documents, the text of each page, the history
 * (audit events) and the links to re-registrations; for an outgoing letter its delivery per recipient
 * (DeliveryStatus), the emergency number beside the ordinary one, and a likely-duplicate flag.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistrationDetail } from '../../shared/contract/index.ts';
import type { Direction } from '../../shared/contract/registry.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { showDigits } from '../common/digits.ts';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { DuplicateNotice } from './DuplicateNotice.tsx';
import { AnnulmentPanel } from '../annulment/AnnulmentPanel.tsx';
import { StampActions } from './StampActions.tsx';
import { RoutingPanel } from '../followup/RoutingPanel.tsx';

interface Props {
  registryNumber: string;
  register: string | null;
  onBack: () => void;
  onOpenRecord?: (registryNumber: string, register: string | null) => void;
}

function asDirection(register: string | null): Direction | null {
  return register === 'incoming' || register === 'outgoing' || register === 'internal' ? register : null;
}

export function RecordScreen({ registryNumber, register, onBack, onOpenRecord }: Props) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const [detail, setDetail] = useState<RegistrationDetail | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  // Bumped after an annulment request or decision, to read the record again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    void api['registry.show']({ registryNumber, register: asDirection(register) }).then((r) => {
      if (!live) return;
      if (r.ok) setDetail(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [registryNumber, register, version]);

  // Agency time (Asia/Kuwait), numeric only ("29/11/2026 11:13:30"), so it reads the same inside
  // Arabic and English text; the digits follow the user's setting.
  const time = (iso: string) =>
    showDigits(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kuwait', dateStyle: 'short', timeStyle: 'medium', hour12: false })
        .format(new Date(iso))
        .replace(',', ''),
      i18n.language === 'ar' && arabicIndicDigits,
    );

  return (
    <section className="record" aria-labelledby="record-heading" data-testid="record-screen">
      <div className="screen-head">
        <h2 id="record-heading" tabIndex={-1} data-screen-heading>
          {t('record.heading', { number: '' })}
          <Num value={registryNumber} />
        </h2>
        <button type="button" onClick={onBack} title={t('shortcut', { label: t('record.back'), keys: 'Alt+2' })}>
          {t('record.back')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {!detail && !error && <p className="muted">{t('register.loading')}</p>}
      {detail && <StampActions registryNumber={detail.registryNumber} register={detail.register} />}
      {detail && onOpenRecord && <DuplicateNotice registryNumber={detail.registryNumber} register={detail.register} onOpenRecord={onOpenRecord} />}
      {detail && (
        <div className="record-grid">
          <section className="panel" aria-labelledby="rec-fields">
            <h3 id="rec-fields">{t('record.fields')}</h3>
            <dl className="fields-list" data-testid="record-fields">
              <dt>{t('register.col.registryNumber')}</dt>
              <dd>
                <span className="numbers-pair">
                  <Num value={detail.registryNumber} className="strong" />
                  {detail.emergencyNumber && detail.emergencyNumber !== detail.registryNumber && (
                    <span data-testid="record-emergency-number">
                      <span className="muted small">{t('delivery.emergencyNumber')}:</span> <Num value={detail.emergencyNumber} />
                    </span>
                  )}
                  {detail.emergencyNumber && detail.emergencyNumber === detail.registryNumber && (
                    <span className="chip warn">{t('delivery.emergencyNumber')}</span>
                  )}
                </span>
                {detail.annulled && <span className="chip warn">{t('register.annulled')}</span>}
              </dd>
              <dt>{t('record.registrationDate')}</dt>
              <dd>
                <DualDate iso={detail.registrationDate} />
              </dd>
              <dt>{t('record.registeredAt')}</dt>
              <dd>
                <bdi dir="ltr">{time(detail.registeredAt)}</bdi>
              </dd>
              <dt>{t('record.direction')}</dt>
              <dd>{t(`direction.${detail.direction}`)}</dd>
              <dt>{t('register.col.channel')}</dt>
              <dd data-testid="record-channel">{t(`channel.${detail.channel}`)}</dd>
              <dt>{t('registration.documentation')}</dt>
              <dd data-testid="record-documentation">{t(`registration.documentationOf.${detail.documentation}`)}</dd>
              <dt>{t('registration.transport')}</dt>
              <dd>{t(`registration.transportOf.${detail.transport ?? 'unknown'}`)}</dd>
              <dt>{t('fields.counterpart')}</dt>
              <dd>
                {detail.counterpartName} {detail.counterpartCode && <span className="chip" dir="ltr">{detail.counterpartCode}</span>}
              </dd>
              <dt>{t('fields.referenceNumber')}</dt>
              <dd>{detail.referenceNumber ? <Num value={detail.referenceNumber} /> : '—'}</dd>
              <dt>{t('fields.referenceDate')}</dt>
              <dd>{detail.referenceDate ? <DualDate iso={detail.referenceDate} /> : '—'}</dd>
              <dt>{t('fields.subject')}</dt>
              <dd data-testid="record-subject">{detail.subject}</dd>
              <dt>{t('fields.classification')}</dt>
              <dd>{t(`classification.${detail.classification}`)}</dd>
              <dt>{t('fields.priority')}</dt>
              <dd>{t(`priority.${detail.priority}`)}</dd>
              <dt>{t('fields.attachments')}</dt>
              <dd>
                <Num value={detail.attachmentsCount} />
              </dd>
            </dl>
          </section>

          <section className="panel" aria-labelledby="rec-docs">
            <h3 id="rec-docs">{t('record.documents')}</h3>
            <ul className="plain">
              {detail.documents.map((d) => (
                <li key={d.sha256}>
                  <bdi>{d.fileName}</bdi> · {t(`record.role.${d.role}`)} · <Num value={d.mediaType} /> ·{' '}
                  <Num value={`${Math.ceil(d.byteLength / 1024)} KB`} /> · {t('intake.pages_count', { count: d.pageCount })}
                  <br />
                  <small className="muted mono" dir="ltr">
                    SHA-256 {d.sha256}
                  </small>
                </li>
              ))}
            </ul>
            <h3>{t('record.links')}</h3>
            {detail.links.length === 0 ? (
              <p className="muted">{t('record.noLinks')}</p>
            ) : (
              <ul className="plain">
                {detail.links.map((l) => (
                  <li key={`${l.kind}-${l.registryNumber}`}>
                    {t(`record.link.${l.kind}`)} <Num value={l.registryNumber} />
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('record.history')}</h3>
            <table className="history">
              <thead>
                <tr>
                  <th scope="col">{t('record.at')}</th>
                  <th scope="col">{t('record.action')}</th>
                  <th scope="col">{t('record.operator')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.history.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <bdi dir="ltr">{time(h.at)}</bdi>
                    </td>
                    <td>{t([`record.audit.${h.action}`, `registration.audit.${h.action}`, `auditAction.${h.action}`], { defaultValue: h.action })}</td>
                    <td>
                      <bdi>{h.operator}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          {detail.direction === 'outgoing' && <DeliveryStatus registryNumber={detail.registryNumber} register="outgoing" />}

          <AnnulmentPanel detail={detail} onChanged={() => setVersion((v) => v + 1)} />

          <RoutingPanel registryNumber={detail.registryNumber} register={detail.register} onOpenRecord={onOpenRecord} />

          <section className="panel wide" aria-labelledby="rec-pages">
            <h3 id="rec-pages">{t('record.pages')}</h3>
            {detail.pages.map((p) => (
              <article key={p.index} className="page-text">
                <h4>
                  {t('intake.page', { page: p.index + 1 })}{' '}
                  <span className="muted">
                    {p.confidence === null ? t('intake.textLayer') : t('intake.pageConfidence', { value: Math.round(p.confidence) })}
                  </span>
                </h4>
                <div
                  className="ocr-text"
                  lang="ar"
                  data-testid="record-page-text"
                  tabIndex={0}
                  role="region"
                  aria-label={`${t('record.pages')} — ${t('intake.page', { page: p.index + 1 })}`}
                >
                  {p.text}
                </div>
              </article>
            ))}
          </section>
        </div>
      )}
    </section>
  );
}
