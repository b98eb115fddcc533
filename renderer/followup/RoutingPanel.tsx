/**
 * Routing on the record: the department and due date a letter is routed to (changeable; each change
 * is an audit event in the record's history), marking the follow-up done, and linking the reply that
 * answers it. The due date accepts Gregorian or Hijri dates with either digit script.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, RecordLink, Routing } from '../../shared/contract/index.ts';
import { parseDayInput } from '../../shared/dates/day-input.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';
import '../styles/supervision.css';

type Ref = { registryNumber: string; register: 'incoming' | 'outgoing' | 'internal' | null };

export function RoutingPanel({ registryNumber, register, onChanged, onOpenRecord }: {
  registryNumber: string;
  register: string | null;
  /** Called after a change (the record's history has a new event). */
  onChanged?: () => void;
  onOpenRecord?: (registryNumber: string, register: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const indic = lang === 'ar' && arabicIndicDigits;
  const id = useId();
  const ref: Ref = { registryNumber, register: register === 'incoming' || register === 'outgoing' || register === 'internal' ? register : null };
  const [routing, setRouting] = useState<Routing | null>(null);
  const [links, setLinks] = useState<RecordLink[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [dept, setDept] = useState('');
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [reply, setReply] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);

  const load = useCallback(async () => {
    const reg = register === 'incoming' || register === 'outgoing' || register === 'internal' ? register : null;
    const [r, d] = await Promise.all([api['routing.get']({ registryNumber, register: reg }), api['routing.departments']({})]);
    if (r.ok) {
      setRouting(r.value.routing);
      setLinks(r.value.links);
      setDept(r.value.routing?.departmentCode ?? '');
      setDue(r.value.routing?.dueDate ?? '');
      setNote(r.value.routing?.note ?? '');
    } else setError(r.error);
    if (d.ok) setDepartments(d.value);
  }, [registryNumber, register]);

  useEffect(() => {
    void load();
  }, [load]);

  const assign = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    let dueDate: string | null = null;
    if (due.trim() !== '') {
      const p = parseDayInput(due);
      if (!p.ok) {
        setProblem(t(`daily.dayProblem.${p.problem}`));
        return;
      }
      dueDate = p.day;
    }
    const r = await api['routing.assign']({ ...ref, departmentCode: dept, dueDate, note: note.trim() === '' ? null : note.trim() });
    if (r.ok) {
      setRouting(r.value);
      setDue(r.value.dueDate ?? '');
      onChanged?.();
    } else setError(r.error);
  };

  const complete = async (done: boolean) => {
    const r = await api['routing.complete']({ ...ref, done });
    if (r.ok) {
      setRouting(r.value);
      onChanged?.();
    } else setError(r.error);
  };

  const linkReply = async (e: FormEvent) => {
    e.preventDefault();
    if (reply.trim() === '') return;
    const r = await api['routing.linkReply']({ reply: { registryNumber: reply.trim(), register: null }, answers: ref });
    if (r.ok) {
      setReply('');
      await load();
      onChanged?.();
    } else setError(r.error);
  };

  const name = (d: { nameAr: string; nameEn: string }) => (lang === 'ar' ? d.nameAr : d.nameEn);

  return (
    <section className="panel wide" aria-labelledby={`${id}-h`} data-testid="routing-panel">
      <h3 id={`${id}-h`}>{t('followup.routing')}</h3>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {routing === null ? (
        <p className="muted">{t('followup.notRouted')}</p>
      ) : (
        <div data-testid="routing-current">
          <p>
            <span className="strong">{t('followup.routedTo')}:</span> {lang === 'ar' ? routing.departmentNameAr : routing.departmentNameEn}
            {routing.dueDate && (
              <>
                {' — '}
                {t('followup.due')}: <DualDate iso={routing.dueDate} />
              </>
            )}
          </p>
          <p className="muted">
            {t('followup.routedBy', {
              who: routing.routedBy,
              at: agencyDateTime(routing.routedAt, indic),
              changedBy: routing.changedBy,
              changedAt: agencyDateTime(routing.changedAt, indic),
            })}
          </p>
          {routing.doneAt && <p className="ok-text">{t('followup.done', { at: agencyDateTime(routing.doneAt, indic), who: routing.doneBy ?? '' })}</p>}
          <button type="button" onClick={() => void complete(routing.doneAt === null)} data-testid="routing-done">
            {routing.doneAt === null ? t('followup.markDone') : t('followup.reopen')}
          </button>
        </div>
      )}
      {departments.length === 0 ? (
        <p className="hint">{t('followup.noDepartments')}</p>
      ) : (
        <form className="routing-form" onSubmit={(e) => void assign(e)}>
          <div className="field">
            <label htmlFor={`${id}-dept`}>{t('followup.department')}</label>
            <select id={`${id}-dept`} value={dept} onChange={(e) => setDept(e.target.value)} required data-testid="routing-dept">
              <option value="" disabled>
                —
              </option>
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {name(d)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-due`}>{t('followup.dueDate')}</label>
            <input id={`${id}-due`} value={due} onChange={(e) => setDue(e.target.value)} aria-describedby={`${id}-due-hint`} dir="auto" data-testid="routing-due" />
            <span id={`${id}-due-hint`} className="hint">
              {t('followup.dueDateHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('followup.note')}</label>
            <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} dir="auto" />
          </div>
          <div className="field">
            <button type="submit" className="button" disabled={dept === ''} data-testid="routing-assign">
              {routing === null ? t('followup.assign') : t('followup.reassign')}
            </button>
          </div>
          {problem && (
            <p className="error-inline" role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
      <h4>{t('followup.links')}</h4>
      {links.length > 0 && (
        <ul>
          {links.map((l) => (
            <li key={`${l.kind}-${l.registryNumber}`}>
              {t(`followup.linkKind.${l.kind}`)}{' '}
              <button type="button" className="link" onClick={() => onOpenRecord?.(l.registryNumber, l.register)}>
                <Num value={l.registryNumber} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={(e) => void linkReply(e)}>
        <label htmlFor={`${id}-reply`}>{t('followup.replyNumber')}</label>
        <input id={`${id}-reply`} value={reply} onChange={(e) => setReply(e.target.value)} dir="ltr" data-testid="routing-reply" />
        <button type="submit">{t('followup.linkReply')}</button>
      </form>
    </section>
  );
}
