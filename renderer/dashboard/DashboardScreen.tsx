/**
 * The supervisor's dashboard: today's and this month's volumes by direction and channel, the backlog
 * (registered, not routed), overdue follow-ups, and the share of paper and electronic letters per week
 * or month as a bar chart (Recharts, mirrored in Arabic by chart-direction.ts) with the same figures
 * in a table beside it for screen readers and keyboard users.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Dashboard, VolumeFigures } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { formatCount, showDigits } from '../common/digits.ts';
import { useUiSettings } from '../common/settings-context.tsx';
import { chartDirection } from './chart-direction.ts';
import '../styles/supervision.css';

const COLORS = { paper: '#8d6e63', electronic: '#0b5c8a', both: '#7cb342' } as const;

export function DashboardScreen() {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const indic = lang === 'ar' && arabicIndicDigits;
  const [shareBy, setShareBy] = useState<'week' | 'month'>('month');
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);

  useEffect(() => {
    void api['dashboard.get']({ shareBy, buckets: shareBy === 'month' ? 12 : 12 }).then((r) => {
      if (r.ok) setData(r.value);
      else setError(r.error);
    });
  }, [shareBy]);

  const n = (v: number) => formatCount(v, lang, indic);
  const dir = chartDirection(lang === 'ar');

  const volumeCard = (title: string, v: VolumeFigures, testId: string) => (
    <section className="panel figure-card" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <p className="figure">{n(v.total)}</p>
      <dl className="fields-list">
        {Object.entries(v.byDirection).map(([k, c]) => (
          <div key={k} className="contents">
            <dt>{t(`direction.${k}`)}</dt>
            <dd>{n(c)}</dd>
          </div>
        ))}
        {Object.entries(v.byChannel).map(([k, c]) => (
          <div key={k} className="contents">
            <dt>{t(`channel.${k}`)}</dt>
            <dd>{n(c)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );

  return (
    <section aria-labelledby="dashboard-heading" data-testid="dashboard-screen">
      <div className="screen-head">
        <h2 id="dashboard-heading" tabIndex={-1} data-screen-heading>
          {t('dashboard.heading')}
        </h2>
        {data && <span className="muted">{t('dashboard.tookMs', { ms: showDigits(String(data.tookMs), indic) })}</span>}
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {data && (
        <>
          <div className="figure-cards">
            {volumeCard(t('dashboard.today'), data.todayVolume, 'dash-today')}
            {volumeCard(t('dashboard.month'), data.monthVolume, 'dash-month')}
            <section className="panel figure-card" aria-label={t('dashboard.backlog')} data-testid="dash-backlog">
              <h3>{t('dashboard.backlog')}</h3>
              <p className="figure">{n(data.backlog)}</p>
            </section>
            <section className="panel figure-card" aria-label={t('dashboard.overdue')} data-testid="dash-overdue">
              <h3>{t('dashboard.overdue')}</h3>
              <p className="figure">{n(data.overdue)}</p>
            </section>
          </div>
          <section className="panel" aria-labelledby="share-h">
            <div className="screen-head">
              <h3 id="share-h">{t('dashboard.share')}</h3>
              <div className="row" role="group" aria-label={t('dashboard.shareBy')}>
                <span>{t('dashboard.shareBy')}</span>
                {(['week', 'month'] as const).map((b) => (
                  <button key={b} type="button" className={shareBy === b ? 'pill active' : 'pill'} aria-pressed={shareBy === b} onClick={() => setShareBy(b)}>
                    {t(b === 'week' ? 'dashboard.week' : 'dashboard.monthly')}
                  </button>
                ))}
              </div>
            </div>
            <div className="chart-box" role="img" aria-label={t('dashboard.chartLabel', { unit: t(shareBy === 'week' ? 'dashboard.week' : 'dashboard.monthly') })} data-testid="dash-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data.share} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="bucket" reversed={dir.xAxis.reversed} tickFormatter={(v: string) => showDigits(v, indic)} />
                  <YAxis orientation={dir.yAxis.orientation} allowDecimals={false} tickFormatter={(v: number) => n(v)} />
                  <Tooltip formatter={(v) => n(Number(v))} labelFormatter={(l) => showDigits(String(l), indic)} wrapperStyle={{ direction: dir.dir }} />
                  <Legend align={dir.legend.align} wrapperStyle={{ direction: dir.dir }} />
                  {(['paper', 'electronic', 'both'] as const).map((c) => (
                    <Bar key={c} dataKey={c} name={t(`channel.${c}`)} stackId="a" fill={COLORS[c]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <div className="table-wrap">
              <table className="plain-table" data-testid="dash-share-table">
                <caption>{t('dashboard.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.period')}</th>
                    <th scope="col">{t('channel.paper')}</th>
                    <th scope="col">{t('channel.electronic')}</th>
                    <th scope="col">{t('channel.both')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.share.map((b) => (
                    <tr key={b.bucket}>
                      <th scope="row">
                        <bdi dir="ltr">{showDigits(b.bucket, indic)}</bdi>
                      </th>
                      <td>{n(b.paper)}</td>
                      <td>{n(b.electronic)}</td>
                      <td>{n(b.both)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </section>
  );
}
