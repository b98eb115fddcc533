/**
 * The record's annulment panel: an annulled record shows its reason, authorising reference, who
 * requested and approved it and when; a pending request shows who asked, with approve/refuse for a
 * supervisor; otherwise a clerk (or supervisor) may request the annulment. Buttons appear only for
 * roles the services accept (shared/contract/access.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnulmentRequestView, RegistrationDetail } from '../../shared/contract/index.ts';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';
import { useCan } from '../accounts/session.tsx';
import { DecideDialog, RequestDialog } from './DecisionDialogs.tsx';

function asRegister(r: string): 'incoming' | 'outgoing' | 'internal' | null {
  return r === 'incoming' || r === 'outgoing' || r === 'internal' ? r : null;
}

export function AnnulmentPanel({ detail, onChanged }: { detail: RegistrationDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const can = useCan();
  const [dialog, setDialog] = useState<'request' | 'approve' | 'refuse' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const time = (iso: string) => <bdi dir="ltr">{agencyDateTime(iso, i18n.language === 'ar' && arabicIndicDigits)}</bdi>;
  const a = detail.annulment;
  const pending = detail.pendingAnnulment;
  const done = (message: string) => (_r: AnnulmentRequestView) => {
    setDialog(null);
    setNotice(message);
    onChanged();
  };

  return (
    <section className="panel" aria-labelledby="rec-annulment" data-testid="annulment-panel">
      <h3 id="rec-annulment">{t('annulment.heading')}</h3>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {a ? (
        <dl className="fields-list" data-testid="annulment-details">
          <dt>{t('annulment.annulledAt')}</dt>
          <dd>{time(a.at)}</dd>
          <dt>{t('annulment.reasonLabel')}</dt>
          <dd>
            <bdi>{a.reason}</bdi>
          </dd>
          <dt>{t('annulment.referenceLabel')}</dt>
          <dd>
            <bdi>{a.authorisingReference ?? '—'}</bdi>
          </dd>
          <dt>{t('annulment.requestedBy')}</dt>
          <dd>
            <bdi>{a.requestedBy ?? '—'}</bdi>
          </dd>
          <dt>{t('annulment.approvedBy')}</dt>
          <dd>
            <bdi>{a.operator}</bdi>
          </dd>
        </dl>
      ) : pending ? (
        <>
          <p data-testid="annulment-pending">
            {t('annulment.pending', { who: pending.requestedBy })} {time(pending.requestedAt)}
          </p>
          <p>
            {t('annulment.reasonLabel')}: <bdi>{pending.reason}</bdi>
          </p>
          {can('registry.approveAnnulment') && (
            <div className="row">
              <button type="button" className="primary danger" onClick={() => setDialog('approve')} data-testid="annul-approve-open">
                {t('annulment.approve')}
              </button>
              <button type="button" onClick={() => setDialog('refuse')} data-testid="annul-refuse-open">
                {t('annulment.refuse')}
              </button>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="muted">{t('annulment.none')}</p>
          {can('registry.requestAnnulment') && (
            <button type="button" onClick={() => setDialog('request')} data-testid="annul-request-open">
              {t('annulment.request')}
            </button>
          )}
        </>
      )}
      {dialog === 'request' && (
        <RequestDialog registryNumber={detail.registryNumber} register={asRegister(detail.register)} onDone={done(t('annulment.requested'))} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'approve' || dialog === 'refuse') && pending && (
        <DecideDialog
          request={pending}
          mode={dialog}
          onDone={done(dialog === 'approve' ? t('annulment.approved', { number: detail.registryNumber }) : t('annulment.refused', { number: detail.registryNumber }))}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
