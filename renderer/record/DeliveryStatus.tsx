/**
 * Delivery of an outgoing letter, per recipient (`outgoing.status`): queued, sent, acknowledged,
 * registered (as N on D, by that agency), rejected (with the reason), forwarded (to whom) or expired.
 * Refreshed every 5 s while the page is visible and after every sync round.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, OutgoingStatus, RecipientStatus } from '../../shared/contract/index.ts';
import type { Direction } from '../../shared/contract/registry.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { agencyName } from '../common/AgencyPicker.tsx';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';
import { useExchangeStatus } from '../exchange/status-context.tsx';

export const DELIVERY_REFRESH_MS = 5_000;
const REASON_CODES = ['not_ours', 'unreadable', 'wrong_hash', 'invalid', 'other'];

function Detail({ r, names }: { r: RecipientStatus; names: Map<string, Agency> }) {
  const { t, i18n } = useTranslation();
  const nameOf = (code: string) => {
    const a = names.get(code);
    return a ? agencyName(a, i18n.language) : code;
  };
  switch (r.state) {
    case 'registered':
      return r.registryNumber ? (
        <span data-testid="delivery-registered">
          {t('delivery.registeredBy', { agency: nameOf(r.agency) })} <Num value={r.registryNumber} className="strong" />
          {r.registrationDate && (
            <>
              {' '}
              {t('delivery.on')} <DualDate iso={r.registrationDate} />
            </>
          )}
        </span>
      ) : null;
    case 'rejected': {
      const m = /^([a-z_]+):\s*([\s\S]*)$/.exec(r.reason ?? '');
      const reason = m && REASON_CODES.includes(m[1] ?? '') ? `${t(`inbox.reasonCodes.${m[1]}`)}: ${m[2]}` : (r.reason ?? '');
      return <span data-testid="delivery-rejected">{t('delivery.rejectedReason', { reason })}</span>;
    }
    case 'forwarded':
      return r.forwardedTo ? <span>{t('delivery.forwardedTo', { agency: nameOf(r.forwardedTo) })}</span> : null;
    case 'expired':
      return <span>{t('delivery.expiredHint')}</span>;
    default:
      return null;
  }
}

export function DeliveryStatus({ registryNumber, register }: { registryNumber: string; register: Direction | null }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const { generation } = useExchangeStatus();
  const [status, setStatus] = useState<OutgoingStatus | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [agencies, setAgencies] = useState<Map<string, Agency>>(new Map());

  useEffect(() => {
    void api['directory.list']({}).then((r) => {
      if (r.ok) setAgencies(new Map(r.value.map((a) => [a.code, a])));
    });
  }, []);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const load = async () => {
      timer = undefined;
      if (document.hidden) return;
      const r = await api['outgoing.status']({ registryNumber, register });
      if (!live) return;
      if (r.ok) {
        setStatus(r.value);
        setError(null);
      } else setError(r.error);
      // Nothing changes any more once every recipient is settled.
      const settled = r.ok && r.value.recipients.every((x) => x.state === 'registered' || x.state === 'rejected' || x.state === 'forwarded' || x.state === 'expired');
      if (live && !settled && !(!r.ok && r.error.kind === 'not_found')) timer = window.setTimeout(() => void load(), DELIVERY_REFRESH_MS);
    };
    const onVisibility = () => {
      if (!document.hidden && timer === undefined) void load();
    };
    void load();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      if (timer !== undefined) window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [registryNumber, register, generation]);

  return (
    <section className="panel wide" aria-labelledby="rec-delivery" data-testid="delivery-status">
      <h3 id="rec-delivery">{t('delivery.heading')}</h3>
      {error?.kind === 'not_found' ? (
        <p className="muted">{t('delivery.notSent')}</p>
      ) : error ? (
        <ErrorBox error={error} />
      ) : !status ? (
        <p className="muted">{t('register.loading')}</p>
      ) : (
        <table className="delivery" aria-label={t('delivery.table')}>
          <thead>
            <tr>
              <th scope="col">{t('delivery.recipient')}</th>
              <th scope="col">{t('delivery.stateCol')}</th>
              <th scope="col">{t('delivery.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {status.recipients.map((r) => {
              const a = agencies.get(r.agency);
              return (
                <tr key={`${r.role}-${r.agency}`} data-testid="delivery-row" data-agency={r.agency} data-state={r.state}>
                  <td>
                    {a ? agencyName(a, i18n.language) : r.name}{' '}
                    <bdi dir="ltr" className="muted small">
                      {r.agency}
                    </bdi>{' '}
                    <span className="muted small">({t(`delivery.role.${r.role}`)})</span>
                  </td>
                  <td>
                    <span className={`state-badge ${r.state}`}>{t(`delivery.state.${r.state}`)}</span>
                    <div className="delivery-detail">
                      <Detail r={r} names={agencies} />
                    </div>
                  </td>
                  <td>
                    <bdi dir="ltr" className="small">
                      {agencyDateTime(r.updatedAt, indic)}
                    </bdi>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
