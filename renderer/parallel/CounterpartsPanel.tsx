/**
 * The counterpart directory for everyone (Alt+7, "Counterparts"): for each agency whether it is
 * connected to the central exchange, since when (Gregorian with Hijri), and whether it still requires
 * a paper copy. The exchange is the authority on both (merged at every sync, electron/services/sync/
 * directory.ts); the list reloads when a sync round ends, and "Update from the exchange" runs one.
 * Search is Arabic-normalised (hamza forms, ta marbuta, diacritics, Arabic-Indic digits) over names,
 * short forms and codes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { normalise } from '../../shared/text/normalise.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { useExchangeStatus } from '../exchange/status-context.tsx';

const FILTERS = ['all', 'connected', 'not_connected', 'requires_paper'] as const;
type Filter = (typeof FILTERS)[number];

/** Whether `a` passes the filter and the (already normalised) query. */
export function matchesAgency(a: Agency, filter: Filter, query: string): boolean {
  if (filter === 'connected' && a.connectedSince === null) return false;
  if (filter === 'not_connected' && a.connectedSince !== null) return false;
  if (filter === 'requires_paper' && !a.requiresPaper) return false;
  if (query === '') return true;
  return [a.nameAr, a.nameEn, a.code, ...a.aliases].some((s) => normalise(s).includes(query));
}

export function CounterpartsPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const exchange = useExchangeStatus();
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [updating, setUpdating] = useState(false);

  const load = useCallback(async () => {
    const r = await api['directory.list']({});
    if (r.ok) setAgencies(r.value);
    else setError(r.error);
  }, []);
  // Reload on open and whenever a sync round ends (the directory may have changed).
  useEffect(() => {
    void load();
  }, [load, exchange.generation]);

  const update = async () => {
    setUpdating(true);
    const r = await exchange.syncNow();
    setUpdating(false);
    if (!r.ok) setError(r.error);
    await load();
  };

  const q = normalise(query.trim());
  const shown = useMemo(() => (agencies ?? []).filter((a) => matchesAgency(a, filter, q)), [agencies, filter, q]);
  const configured = exchange.status?.configured === true;

  return (
    <section aria-labelledby="counterparts-heading" data-testid="counterparts-panel">
      <div className="screen-head">
        <h2 id="counterparts-heading" tabIndex={-1} data-screen-heading>
          {t('counterparts.heading')}
        </h2>
      </div>
      <p className="muted">{t('counterparts.intro')}</p>
      <div className="parallel-toolbar">
        <div className="field">
          <label htmlFor="counterparts-search">{t('counterparts.search')}</label>
          <input id="counterparts-search" type="search" dir="auto" value={query} placeholder={t('counterparts.searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} data-testid="counterparts-search" />
        </div>
        <div className="row" role="group" aria-label={t('counterparts.filter')}>
          {FILTERS.map((f) => (
            <button key={f} type="button" className={filter === f ? 'pill active' : 'pill'} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`counterparts-filter-${f}`}>
              {t(`counterparts.filters.${f}`)}
            </button>
          ))}
        </div>
        {configured && (
          <button type="button" onClick={() => void update()} disabled={updating} data-testid="counterparts-update">
            {updating ? t('counterparts.updating') : t('counterparts.update')}
          </button>
        )}
      </div>
      <p className="muted" data-testid="counterparts-source">
        {configured
          ? exchange.status?.lastSyncAt
            ? t('counterparts.lastSync', { at: new Date(exchange.status.lastSyncAt).toLocaleString(lang === 'ar' ? 'ar-KW' : 'en-GB', { timeZone: 'Asia/Kuwait', numberingSystem: 'latn' }) })
            : ''
          : t('counterparts.notConfigured')}
      </p>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {agencies && (
        <>
          <p aria-live="polite" data-testid="counterparts-count">
            {t('counterparts.count', { count: shown.length })}
          </p>
          <div className="table-wrap">
            <table className="plain-table" data-testid="counterparts-table">
              <thead>
                <tr>
                  <th scope="col">{t('counterparts.name')}</th>
                  <th scope="col">{t('counterparts.code')}</th>
                  <th scope="col">{t('counterparts.status')}</th>
                  <th scope="col">{t('counterparts.since')}</th>
                  <th scope="col">{t('counterparts.requiresPaper')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.length === 0 && (
                  <tr>
                    <td colSpan={5}>{t('counterparts.none')}</td>
                  </tr>
                )}
                {shown.map((a) => (
                  <tr key={a.code} data-testid="counterpart-row" data-code={a.code}>
                    <th scope="row">
                      <bdi>{lang === 'ar' ? a.nameAr : a.nameEn}</bdi>
                    </th>
                    <td>
                      <bdi>{a.code}</bdi>
                    </td>
                    <td>
                      <span className={a.connectedSince !== null ? 'badge on' : 'badge off'} data-testid="counterpart-status">
                        {a.connectedSince !== null ? t('counterparts.connected') : t('counterparts.notConnected')}
                      </span>
                    </td>
                    <td data-testid="counterpart-since">{a.connectedSince !== null ? <DualDate iso={a.connectedSince.slice(0, 10)} compact /> : ''}</td>
                    <td>
                      <span className={a.requiresPaper ? 'badge paper' : 'badge off'} data-testid="counterpart-paper">
                        {a.requiresPaper ? t('counterparts.paperRequired') : t('counterparts.paperNotRequired')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
