/**
 * The daily register (supervisor): a day picker that accepts Gregorian or Hijri dates typed with
 * Western or Arabic-Indic digits (shared/dates/day-input.ts), the day's registrations in number order,
 * totals, annulments, corrections, declared gaps, the seal state with a seal button, exports (CSV,
 * XLSX, PDF; saved through the browser's download, so the user picks where) and the chain check.
 *
 * Keyboard: Enter in the day field shows the day; Alt+PageUp / Alt+PageDown the previous / next day.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyRegister, ExportFormat, SealVerification } from '../../shared/contract/index.ts';
import { parseDayInput } from '../../shared/dates/day-input.ts';
import { addDays, agencyDay } from '../../shared/dates/days.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { formatCount, showDigits } from '../common/digits.ts';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { useCan } from '../accounts/session.tsx';
import { agencyDateTime } from '../common/time.ts';
import { downloadBase64 } from '../common/download.ts';
import '../styles/supervision.css';

/** @param initialDay ISO day to open (default: yesterday, the day a supervisor seals). */
export function DailyRegisterScreen({ initialDay, onOpenRecord }: { initialDay?: string; onOpenRecord: (registryNumber: string, register: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const can = useCan(); // a clerk reads the daily register; sealing, gaps and exports are the supervisor's
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const indic = lang === 'ar' && arabicIndicDigits;
  const [day, setDay] = useState(() => initialDay ?? addDays(agencyDay(new Date()), -1));
  const [typed, setTyped] = useState(day);
  const [problem, setProblem] = useState<{ problem: string; alternatives: string[] } | null>(null);
  const [reg, setReg] = useState<DailyRegister | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [verification, setVerification] = useState<SealVerification | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async (d: string) => {
    setLoading(true);
    setError(null);
    const r = await api['daily.show']({ day: d });
    setLoading(false);
    if (r.ok) setReg(r.value);
    else {
      setReg(null);
      setError(r.error);
    }
  }, []);

  useEffect(() => {
    void load(day);
  }, [day, load]);

  const goTo = (d: string) => {
    setProblem(null);
    setNotice(null);
    setTyped(d);
    setDay(d);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseDayInput(typed);
    if (!parsed.ok) {
      setProblem({ problem: parsed.problem, alternatives: parsed.alternatives });
      return;
    }
    goTo(parsed.day);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key === 'PageUp') {
        e.preventDefault();
        goTo(addDays(day, -1));
      } else if (e.altKey && e.key === 'PageDown') {
        e.preventDefault();
        goTo(addDays(day, 1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const seal = async () => {
    if (!window.confirm(t('daily.sealConfirm', { day }))) return;
    setBusy('seal');
    setError(null);
    const r = await api['daily.seal']({ day });
    setBusy(null);
    if (r.ok) setReg(r.value);
    else setError(r.error);
  };

  const exportAs = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    setNotice(t('daily.exporting', { format: format.toUpperCase() }));
    const r = await api['daily.export']({ day, format, lang });
    setBusy(null);
    if (!r.ok) {
      setNotice(null);
      setError(r.error);
      return;
    }
    downloadBase64(r.value.dataBase64, r.value.fileName, r.value.mediaType);
    setNotice(t('daily.exported', { file: r.value.fileName }));
  };

  const verify = async () => {
    setBusy('verify');
    setError(null);
    const r = await api['daily.verify']({});
    setBusy(null);
    if (r.ok) setVerification(r.value);
    else setError(r.error);
  };

  const count = (n: number) => formatCount(n, lang, indic);
  const digits = (s: string) => showDigits(s, indic);

  return (
    <section className="daily-screen" aria-labelledby="daily-heading" data-testid="daily-screen">
      <div className="screen-head">
        <h2 id="daily-heading" ref={headingRef} tabIndex={-1} data-screen-heading>
          {t('daily.heading')}
        </h2>
      </div>

      <form className="day-picker" onSubmit={submit} role="search" aria-label={t('daily.dayLabel')}>
        <label htmlFor="daily-day">{t('daily.dayLabel')}</label>
        <input
          id="daily-day"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-describedby="daily-day-hint"
          aria-invalid={problem !== null}
          data-testid="daily-day"
          autoComplete="off"
          dir="auto"
        />
        <button type="submit" className="button" data-testid="daily-show">
          {t('daily.show')}
        </button>
        <button type="button" onClick={() => goTo(addDays(day, -1))} title={t('shortcut', { label: t('daily.previousDay'), keys: 'Alt+PageUp' })}>
          {t('daily.previousDay')}
        </button>
        <button type="button" onClick={() => goTo(addDays(day, 1))} title={t('shortcut', { label: t('daily.nextDay'), keys: 'Alt+PageDown' })}>
          {t('daily.nextDay')}
        </button>
        <button type="button" onClick={() => goTo(addDays(agencyDay(new Date()), -1))}>
          {t('daily.yesterday')}
        </button>
        <button type="button" onClick={() => goTo(agencyDay(new Date()))}>
          {t('daily.today')}
        </button>
        <span id="daily-day-hint" className="hint">
          {t('daily.dayHint')}
        </span>
      </form>
      {problem && (
        <div className="error-box" role="alert" data-testid="daily-day-problem">
          <p className="error-text">{t(`daily.dayProblem.${problem.problem}`)}</p>
          {problem.alternatives.length > 0 && (
            <div className="row">
              {problem.alternatives.map((a) => (
                <button key={a} type="button" onClick={() => goTo(a)}>
                  <DualDate iso={a} />
                </button>
              ))}
            </div>
          )}
        </div>
      )}

      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {loading && !reg && <p aria-live="polite">{t('daily.loading')}</p>}

      {reg && (
        <>
          <div className="daily-status panel" data-testid="daily-status" data-state={reg.state}>
            <p className="daily-day-title">
              <DualDate iso={reg.day} testId="daily-day-shown" />
              <span className={`state-chip state-${reg.state}`} data-testid="daily-state">
                {t(`daily.state.${reg.state}`)}
              </span>
            </p>
            {reg.seal ? (
              <p className="muted">
                {reg.seal.automatic
                  ? t('daily.sealedAutomatically', { at: agencyDateTime(reg.seal.sealedAt, indic) })
                  : t('daily.sealedBy', { who: reg.seal.sealedBy, at: agencyDateTime(reg.seal.sealedAt, indic) })}
                <br />
                {t('daily.sealHash')}: <span className="mono" dir="ltr">{reg.seal.hash}</span>
              </p>
            ) : (
              <p className="hint">{t('daily.sealHint')}</p>
            )}
            <div className="row daily-actions">
              {can('daily.seal') && (
                <button type="button" className="button" disabled={reg.state !== 'unsealed' || busy !== null} onClick={() => void seal()} data-testid="daily-seal">
                  {busy === 'seal' ? t('daily.sealing') : t('daily.seal')}
                </button>
              )}
              {can('daily.export') && (
              <span role="group" aria-label={t('daily.export')} className="row">
                <span className="muted">{t('daily.export')}:</span>
                {(['pdf', 'xlsx', 'csv'] as const).map((f) => (
                  <button key={f} type="button" disabled={busy !== null} onClick={() => void exportAs(f)} data-testid={`daily-export-${f}`}>
                    {t(`daily.export${f === 'csv' ? 'Csv' : f === 'xlsx' ? 'Xlsx' : 'Pdf'}`)}
                  </button>
                ))}
              </span>
              )}
              <button type="button" disabled={busy !== null} onClick={() => void verify()} data-testid="daily-verify">
                {busy === 'verify' ? t('daily.verifying') : t('daily.verify')}
              </button>
            </div>
            {notice && (
              <p role="status" data-testid="daily-notice">
                {notice}
              </p>
            )}
            {verification && (
              <p role="status" className={verification.ok ? 'ok-text' : 'error-inline'} data-testid="daily-verification">
                {verification.ok
                  ? t('daily.verifyOk', { count: verification.sealedDays, last: digits(verification.lastDay ?? '—') })
                  : t('daily.verifyBroken', { day: digits(verification.brokenDay), reason: t(`daily.reason.${verification.reason}`) })}
              </p>
            )}
          </div>

          <div className="daily-totals" data-testid="daily-totals">
            <section className="panel" aria-labelledby="totals-h">
              <h3 id="totals-h">{t('daily.totals')}</h3>
              <p className="strong" data-testid="daily-total">
                {t('daily.registrations', { count: reg.totals.registrations })}
              </p>
              <dl className="fields-list">
                <dt>{t('daily.byDirection')}</dt>
                <dd>{Object.entries(reg.totals.byDirection).map(([k, n]) => `${t(`direction.${k}`)} ${count(n)}`).join(lang === 'ar' ? '، ' : ', ')}</dd>
                <dt>{t('daily.byChannel')}</dt>
                <dd>{Object.entries(reg.totals.byChannel).map(([k, n]) => `${t(`channel.${k}`)} ${count(n)}`).join(lang === 'ar' ? '، ' : ', ')}</dd>
                <dt>{t('daily.byClassification')}</dt>
                <dd>{Object.entries(reg.totals.byClassification).map(([k, n]) => `${t(`classification.${k}`)} ${count(n)}`).join(lang === 'ar' ? '، ' : ', ')}</dd>
              </dl>
            </section>
            <section className="panel" aria-labelledby="firstlast-h">
              <h3 id="firstlast-h">{t('daily.firstLast')}</h3>
              {reg.registers.length === 0 ? (
                <p className="muted">{t('daily.none')}</p>
              ) : (
                <dl className="fields-list">
                  {reg.registers.map((r) => (
                    <div key={r.register} className="contents">
                      <dt>{t(`direction.${r.register}`)}</dt>
                      <dd>
                        {t('daily.from')} <Num value={r.first} /> {t('daily.to')} <Num value={r.last} /> ({count(r.count)})
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
              <h3>{t('daily.gaps')}</h3>
              {reg.gaps.length === 0 ? (
                <p className="muted">{t('daily.none')}</p>
              ) : (
                <ul data-testid="daily-gaps">
                  {reg.gaps.map((g) => (
                    <li key={g.id}>
                      {t(`direction.${g.register}`)} <Num value={g.year} />: {t('daily.from')} <Num value={g.fromSeq} /> {t('daily.to')} <Num value={g.toSeq} /> — {g.reason}{' '}
                      <span className="muted">({g.declaredBy})</span>
                    </li>
                  ))}
                </ul>
              )}
              {can('daily.declareGap') && <GapForm onDeclared={(day) => goTo(day)} />}
            </section>
            <section className="panel" aria-labelledby="annul-h">
              <h3 id="annul-h">{t('daily.annulments')}</h3>
              {reg.annulments.length === 0 ? (
                <p className="muted">{t('daily.none')}</p>
              ) : (
                <ul data-testid="daily-annulments">
                  {reg.annulments.map((a) => (
                    <li key={a.registrationId}>
                      <Num value={a.registryNumber} /> — {a.reason}
                      {a.authorisingReference && (
                        <>
                          {' — '}
                          <bdi>{a.authorisingReference}</bdi>
                        </>
                      )}{' '}
                      <span className="muted">({a.operator}, {agencyDateTime(a.at, indic)})</span>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('daily.corrections')}</h3>
              {reg.corrections.length === 0 ? (
                <p className="muted">{t('daily.none')}</p>
              ) : (
                <ul>
                  {reg.corrections.map((c) => (
                    <li key={c.auditId}>
                      {c.registryNumber && <Num value={c.registryNumber} />} {c.action} <span className="muted">({c.operator}, {agencyDateTime(c.at, indic)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>

          {reg.items.length === 0 ? (
            <p className="empty">{t('daily.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="daily-table" data-testid="daily-table">
                <caption className="visually-hidden">{t('daily.table', { day: digits(reg.day) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('daily.col.number')}</th>
                    <th scope="col">{t('daily.col.time')}</th>
                    <th scope="col">{t('daily.col.register')}</th>
                    <th scope="col">{t('daily.col.channel')}</th>
                    <th scope="col">{t('daily.col.counterpart')}</th>
                    <th scope="col">{t('daily.col.reference')}</th>
                    <th scope="col">{t('daily.col.subject')}</th>
                    <th scope="col">{t('daily.col.classification')}</th>
                    <th scope="col">{t('daily.col.operator')}</th>
                  </tr>
                </thead>
                <tbody>
                  {reg.items.map((it) => (
                    <tr key={it.id} className={it.annulled ? 'annulled' : undefined} data-testid="daily-row">
                      <th scope="row">
                        <button type="button" className="link" onClick={() => onOpenRecord(it.registryNumber, it.register)}>
                          <Num value={it.registryNumber} />
                        </button>
                        {it.annulled && <span className="chip annulled-chip">{t('daily.annulled')}</span>}
                      </th>
                      <td>
                        <Num value={it.time} />
                      </td>
                      <td>{t(`direction.${it.direction}`)}</td>
                      <td>{t(`channel.${it.channel}`)}</td>
                      <td>
                        <bdi>{it.counterpartName}</bdi>
                      </td>
                      <td>{it.referenceNumber && <Num value={it.referenceNumber} />}</td>
                      <td>
                        <bdi>{it.subject}</bdi>
                      </td>
                      <td>{t(`classification.${it.classification}`)}</td>
                      <td>
                        <bdi>{it.operator}</bdi>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** A supervisor declares numbers of a register's year that were never given; listed in today's register. */
function GapForm({ onDeclared }: { onDeclared: (day: string) => void }) {
  const { t } = useTranslation();
  const [register, setRegister] = useState<'incoming' | 'outgoing' | 'internal'>('incoming');
  const [year, setYear] = useState(() => agencyDay(new Date()).slice(0, 4));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorValue | null>(null);
  const number = (v: string) => Number(v.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const r = await api['daily.declareGap']({ register, year: number(year), fromSeq: number(from), toSeq: number(to), reason });
    if (r.ok) {
      setFrom('');
      setTo('');
      setReason('');
      onDeclared(agencyDay(new Date()));
    } else setError(r.error);
  };
  return (
    <details className="gap-form">
      <summary>{t('daily.declareGap')}</summary>
      <form onSubmit={(e) => void submit(e)} className="routing-form">
        <div className="field">
          <label htmlFor="gap-register">{t('daily.col.register')}</label>
          <select id="gap-register" value={register} onChange={(e) => setRegister(e.target.value as typeof register)}>
            {(['incoming', 'outgoing', 'internal'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`direction.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="gap-year">{t('daily.gapYear')}</label>
          <input id="gap-year" value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" dir="ltr" required />
        </div>
        <div className="field">
          <label htmlFor="gap-from">{t('daily.gapFrom')}</label>
          <input id="gap-from" value={from} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" dir="ltr" required />
        </div>
        <div className="field">
          <label htmlFor="gap-to">{t('daily.gapTo')}</label>
          <input id="gap-to" value={to} onChange={(e) => setTo(e.target.value)} inputMode="numeric" dir="ltr" required />
        </div>
        <div className="field">
          <label htmlFor="gap-reason">{t('daily.col.reason')}</label>
          <input id="gap-reason" value={reason} onChange={(e) => setReason(e.target.value)} dir="auto" required minLength={3} />
        </div>
        <div className="field">
          <button type="submit">{t('daily.declareGap')}</button>
        </div>
      </form>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </details>
  );
}
