/**
 * The adoption report for supervisors and admins (Alt+7, "Adoption report"; contract
 * `reports.adoption`, `reports.adoptionExport`): a period typed as days (Gregorian or Hijri,
 * Western or Arabic-Indic digits), then per counterpart the letters received and sent by channel,
 * the connected counterparts that still send paper with counts and example letters (registry numbers
 * open the record), and the export as PDF or CSV to hand to the central authority.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdoptionReport, ChannelCounts } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { parseDayInput } from '../../shared/dates/day-input.ts';
import { agencyDay } from '../../shared/dates/days.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { downloadBase64 } from '../common/download.ts';
import { formatCount } from '../common/digits.ts';
import { useUiSettings } from '../common/settings-context.tsx';

const CHANNELS = ['paper', 'electronic', 'both'] as const;

export function AdoptionPanel({ onOpenRecord }: { onOpenRecord: (registryNumber: string, register: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const indic = lang === 'ar' && arabicIndicDigits;
  const n = (v: number) => formatCount(v, lang, indic);
  const today = agencyDay(new Date());
  const [fromText, setFromText] = useState(`${today.slice(0, 4)}-01-01`);
  const [toText, setToText] = useState(today);
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [report, setReport] = useState<AdoptionReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [badDay, setBadDay] = useState<'from' | 'to' | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [exporting, setExporting] = useState<'pdf' | 'csv' | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const load = useCallback(async (p: { from: string; to: string }) => {
    setLoading(true);
    const r = await api['reports.adoption']({ from: p.from, to: p.to, examples: 5 });
    setLoading(false);
    if (r.ok) setReport(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load(period);
  }, [load, period]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = parseDayInput(fromText);
    const to = parseDayInput(toText);
    if (!f.ok) return setBadDay('from');
    if (!to.ok) return setBadDay('to');
    setBadDay(null);
    setPeriod({ from: f.day, to: to.day });
  };

  const exportAs = async (format: 'pdf' | 'csv') => {
    setExporting(format);
    setExported(null);
    const r = await api['reports.adoptionExport']({ from: period.from, to: period.to, examples: 5, format, lang });
    setExporting(null);
    if (!r.ok) return setError(r.error);
    downloadBase64(r.value.dataBase64, r.value.fileName, r.value.mediaType);
    setExported(r.value.fileName);
  };

  const countCells = (c: ChannelCounts) => [...CHANNELS.map((k) => <td key={k}>{n(c[k])}</td>), <td key="total"><strong>{n(c.total)}</strong></td>];

  return (
    <section aria-labelledby="adoption-heading" data-testid="adoption-panel">
      <div className="screen-head">
        <h2 id="adoption-heading" tabIndex={-1} data-screen-heading>
          {t('adoption.heading')}
        </h2>
      </div>
      <p className="muted">{t('adoption.intro')}</p>
      <form className="parallel-toolbar" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="adoption-from">{t('adoption.from')}</label>
          <input id="adoption-from" dir="ltr" value={fromText} onChange={(e) => setFromText(e.target.value)} aria-describedby="adoption-day-hint" aria-invalid={badDay === 'from'} data-testid="adoption-from" />
        </div>
        <div className="field">
          <label htmlFor="adoption-to">{t('adoption.to')}</label>
          <input id="adoption-to" dir="ltr" value={toText} onChange={(e) => setToText(e.target.value)} aria-describedby="adoption-day-hint" aria-invalid={badDay === 'to'} data-testid="adoption-to" />
        </div>
        <button type="submit" data-testid="adoption-show">
          {t('adoption.show')}
        </button>
        <button type="button" onClick={() => void exportAs('pdf')} disabled={exporting !== null || report === null} data-testid="adoption-export-pdf">
          {exporting === 'pdf' ? t('adoption.exporting') : t('adoption.exportPdf')}
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={exporting !== null || report === null} data-testid="adoption-export-csv">
          {exporting === 'csv' ? t('adoption.exporting') : t('adoption.exportCsv')}
        </button>
      </form>
      <p id="adoption-day-hint" className="hint">
        {t('adoption.dayHint')}
      </p>
      {badDay && (
        <p role="alert" className="error-text" data-testid="adoption-bad-day">
          {t('adoption.badDay')}
        </p>
      )}
      <p aria-live="polite" className="muted">
        {loading ? t('adoption.loading') : exported ? t('adoption.exported', { file: exported }) : ''}
      </p>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {report && (
        <>
          <p data-testid="adoption-period">
            {t('adoption.period')}: <DualDate iso={report.from} /> — <DualDate iso={report.to} />
          </p>
          <section className="panel" aria-labelledby="adoption-still-h" data-testid="adoption-still">
            <h3 id="adoption-still-h">{t('adoption.stillHeading')}</h3>
            {report.stillSendingPaper.length === 0 ? (
              <p>{t('adoption.stillNone')}</p>
            ) : (
              <div className="still-list">
                {report.stillSendingPaper.map((s) => (
                  <div key={s.code} className="panel" data-testid="adoption-still-item" data-code={s.code}>
                    <h4>
                      <bdi>{lang === 'ar' ? s.nameAr : s.nameEn}</bdi> <span className="muted">({s.code})</span>{' '}
                      {s.requiresPaper && <span className="badge paper">{t('adoption.requiresPaper')}</span>}
                    </h4>
                    <dl className="fields-list">
                      <dt>{t('adoption.connectedSince')}</dt>
                      <dd>
                        <DualDate iso={s.connectedSince} />
                      </dd>
                      <dt>{t('adoption.paperAfter')}</dt>
                      <dd data-testid="adoption-still-count">{n(s.paperCount)}</dd>
                      <dt>{t('adoption.bothAfter')}</dt>
                      <dd>{n(s.bothCount)}</dd>
                      <dt>{t('adoption.examples')}</dt>
                      <dd>
                        <ul className="steps">
                          {s.examples.map((e) => (
                            <li key={e.registryNumber}>
                              <button type="button" className="link" onClick={() => onOpenRecord(e.registryNumber, 'incoming')} data-testid="adoption-example">
                                <bdi>{e.registryNumber}</bdi>
                              </button>{' '}
                              <DualDate iso={e.registrationDate} /> — <bdi>{e.subject}</bdi>
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </dl>
                  </div>
                ))}
              </div>
            )}
          </section>
          <h3>{t('adoption.byCounterpart')}</h3>
          {report.counterparts.length === 0 ? (
            <p>{t('adoption.noLetters')}</p>
          ) : (
            <div className="table-wrap">
              <table className="plain-table" data-testid="adoption-table">
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {t('adoption.counterpart')}
                    </th>
                    <th scope="col" rowSpan={2}>
                      {t('adoption.connectedSince')}
                    </th>
                    <th scope="colgroup" colSpan={4}>
                      {t('adoption.received')}
                    </th>
                    <th scope="colgroup" colSpan={4}>
                      {t('adoption.sent')}
                    </th>
                  </tr>
                  <tr>
                    {[0, 1].flatMap((side) => [
                      ...CHANNELS.map((c) => (
                        <th scope="col" key={`${side}-${c}`}>
                          {t(`channel.${c}`)}
                        </th>
                      )),
                      <th scope="col" key={`${side}-total`}>
                        {t('adoption.total')}
                      </th>,
                    ])}
                  </tr>
                </thead>
                <tbody>
                  {report.counterparts.map((c) => (
                    <tr key={c.code ?? `name:${c.nameAr}`} data-testid="adoption-row" data-code={c.code ?? ''}>
                      <th scope="row">
                        <bdi>{lang === 'ar' ? c.nameAr : c.nameEn}</bdi>
                      </th>
                      <td>{c.connectedSince ? <DualDate iso={c.connectedSince} compact /> : <span className="muted">{t('adoption.notConnected')}</span>}</td>
                      {countCells(c.received)}
                      {countCells(c.sent)}
                    </tr>
                  ))}
                  <tr data-testid="adoption-totals">
                    <th scope="row">{t('adoption.totals')}</th>
                    <td />
                    {countCells(report.totals.received)}
                    {countCells(report.totals.sent)}
                  </tr>
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
