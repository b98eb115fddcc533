/**
 * Annulments and audit (supervisor): the annulment requests waiting for a decision, each with
 * approve/refuse for a supervisor and a link to its record; and the audit-log check (`audit.verify`)
 * for supervisors and admins, naming the first broken entry.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnulmentRequestView, AuditVerification } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';
import { useCan } from '../accounts/session.tsx';
import { DecideDialog } from './DecisionDialogs.tsx';

interface Props {
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

export function AnnulmentsScreen({ onOpenRecord }: Props) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const can = useCan();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const [items, setItems] = useState<AnnulmentRequestView[] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [deciding, setDeciding] = useState<{ request: AnnulmentRequestView; mode: 'approve' | 'refuse' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api['registry.annulmentRequests']({ status: 'pending' });
    if (r.ok) setItems(r.value.items);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="annulments-heading" data-testid="annulments-screen">
      <div className="screen-head">
        <h2 id="annulments-heading" tabIndex={-1} data-screen-heading>
          {t('annulment.listHeading')}
        </h2>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      <section className="panel" aria-labelledby="pending-heading">
        <h3 id="pending-heading">{t('annulment.pendingHeading')}</h3>
        {items && items.length === 0 && <p className="muted">{t('annulment.noPending')}</p>}
        {items && items.length > 0 && (
          <table className="history" data-testid="pending-annulments">
            <caption className="visually-hidden">{t('annulment.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('annulment.col.number')}</th>
                <th scope="col">{t('annulment.col.subject')}</th>
                <th scope="col">{t('annulment.col.requestedBy')}</th>
                <th scope="col">{t('annulment.col.at')}</th>
                <th scope="col">{t('annulment.col.reason')}</th>
                {can('registry.approveAnnulment') && <th scope="col">{t('annulment.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid={`pending-${r.id}`}>
                  <td>
                    <button type="button" className="link" aria-label={t('annulment.open', { number: r.registryNumber })} onClick={() => onOpenRecord(r.registryNumber, r.register)}>
                      <Num value={r.registryNumber} />
                    </button>
                  </td>
                  <td>
                    <bdi>{r.subject}</bdi>
                  </td>
                  <td>
                    <bdi>{r.requestedBy}</bdi>
                  </td>
                  <td>
                    <bdi dir="ltr">{agencyDateTime(r.requestedAt, indic)}</bdi>
                  </td>
                  <td>
                    <bdi>{r.reason}</bdi>
                  </td>
                  {can('registry.approveAnnulment') && (
                    <td className="row">
                      <button type="button" className="primary danger" onClick={() => setDeciding({ request: r, mode: 'approve' })} data-testid={`approve-${r.id}`}>
                        {t('annulment.approve')}
                      </button>
                      <button type="button" onClick={() => setDeciding({ request: r, mode: 'refuse' })} data-testid={`refuse-${r.id}`}>
                        {t('annulment.refuse')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {can('audit.verify') && <AuditCheck />}
      {deciding && (
        <DecideDialog
          request={deciding.request}
          mode={deciding.mode}
          onClose={() => setDeciding(null)}
          onDone={(r) => {
            setDeciding(null);
            setNotice(r.status === 'approved' ? t('annulment.approved', { number: r.registryNumber }) : t('annulment.refused', { number: r.registryNumber }));
            void load();
          }}
        />
      )}
    </section>
  );
}

function AuditCheck() {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const verify = async () => {
    setBusy(true);
    setResult(null);
    const r = await api['audit.verify']({});
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };
  const b = result && !result.ok ? result.broken : null;
  return (
    <section className="panel" aria-labelledby="audit-heading" data-testid="audit-check">
      <h3 id="audit-heading">{t('auditLog.heading')}</h3>
      <p className="muted">{t('auditLog.intro')}</p>
      <button type="button" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
        {busy ? t('auditLog.verifying') : t('auditLog.verify')}
      </button>
      {error && <ErrorBox error={error} />}
      <div role="status" aria-live="polite" data-testid="audit-result">
        {result?.ok && <p className="ok-text">{t('auditLog.ok', { count: result.count })}</p>}
        {b && (
          <p className="error-inline">
            {t('auditLog.broken', {
              id: b.id,
              action: t([`record.audit.${b.action}`, `auditAction.${b.action}`], { defaultValue: b.action }),
              time: agencyDateTime(b.at, i18n.language === 'ar' && arabicIndicDigits),
              operator: b.operator,
              problem: t(`auditLog.problem.${b.problem}`, { from: b.missingFrom ?? '' }),
            })}
          </p>
        )}
      </div>
    </section>
  );
}
