/**
 * Follow-up (supervisor): letters whose routing is past its due date, most overdue first, filtered by
 * department; and the departments list an admin edits (one per line: code, Arabic name, English name).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, FollowUpItem } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import '../styles/supervision.css';

export function FollowUpScreen({ onOpenRecord }: { onOpenRecord: (registryNumber: string, register: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const [departments, setDepartments] = useState<Department[]>([]);
  const [filter, setFilter] = useState<string>('');
  const [items, setItems] = useState<FollowUpItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ErrorValue | null>(null);

  const loadDepartments = useCallback(async () => {
    const r = await api['routing.departments']({ includeInactive: true });
    if (r.ok) setDepartments(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    void loadDepartments();
  }, [loadDepartments]);

  useEffect(() => {
    void api['routing.overdue']({ departmentCode: filter === '' ? null : filter, limit: 500 }).then((r) => {
      if (r.ok) {
        setItems(r.value.items);
        setTotal(r.value.total);
      } else setError(r.error);
    });
  }, [filter]);

  const deptName = (d: { nameAr: string; nameEn: string }) => (lang === 'ar' ? d.nameAr : d.nameEn);

  return (
    <section aria-labelledby="followup-heading" data-testid="followup-screen">
      <div className="screen-head">
        <h2 id="followup-heading" tabIndex={-1} data-screen-heading>
          {t('followup.heading')}
        </h2>
        <div className="row">
          <label htmlFor="followup-dept">{t('followup.department')}</label>
          <select id="followup-dept" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="followup-filter">
            <option value="">{t('followup.allDepartments')}</option>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {deptName(d)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {items !== null && (
        <>
          <p className="strong" data-testid="followup-total">
            {t('followup.overdue', { count: total })}
          </p>
          {items.length === 0 ? (
            <p className="empty">{t('followup.noneOverdue')}</p>
          ) : (
            <div className="table-wrap">
              <table className="plain-table" data-testid="followup-table">
                <caption className="visually-hidden">{t('followup.heading')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('daily.col.number')}</th>
                    <th scope="col">{t('followup.routedTo')}</th>
                    <th scope="col">{t('followup.due')}</th>
                    <th scope="col">{t('daily.col.counterpart')}</th>
                    <th scope="col">{t('daily.col.subject')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((it) => (
                    <tr key={it.registrationId}>
                      <th scope="row">
                        <button type="button" className="link" onClick={() => onOpenRecord(it.registryNumber, it.register)}>
                          <Num value={it.registryNumber} />
                        </button>
                      </th>
                      <td>{lang === 'ar' ? it.departmentNameAr : it.departmentNameEn}</td>
                      <td>
                        {it.dueDate && <DualDate iso={it.dueDate} compact />}
                        <span className="chip">{t('followup.daysOverdue', { count: it.daysOverdue })}</span>
                      </td>
                      <td>
                        <bdi>{it.counterpartName}</bdi>
                      </td>
                      <td>
                        <bdi>{it.subject}</bdi>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <DepartmentsEditor departments={departments} onSaved={setDepartments} />
    </section>
  );
}

/** `code, Arabic name, English name` lines ⇄ departments. */
function toLines(ds: Department[]): string {
  return ds
    .filter((d) => d.active)
    .map((d) => `${d.code}, ${d.nameAr}, ${d.nameEn}`)
    .join('\n');
}

function DepartmentsEditor({ departments, onSaved }: { departments: Department[]; onSaved: (d: Department[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!touched) setText(toLines(departments));
  }, [departments, touched]);

  const save = async () => {
    setProblem(null);
    setSaved(false);
    const list: Department[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      const parts = line.split(/[,،]/).map((p) => p.trim());
      if (parts.length !== 3 || parts.some((p) => p === '')) {
        setProblem(t('followup.badLine', { line: i + 1 }));
        return;
      }
      list.push({ code: parts[0]!, nameAr: parts[1]!, nameEn: parts[2]!, active: true });
    }
    const r = await api['routing.saveDepartments']({ departments: list });
    if (r.ok) {
      onSaved(r.value);
      setTouched(false);
      setSaved(true);
    } else setError(r.error);
  };

  return (
    <section className="panel departments-editor" aria-labelledby="departments-h">
      <h3 id="departments-h">{t('followup.departments')}</h3>
      <p id="departments-hint" className="hint">
        {t('followup.departmentsHint')}
      </p>
      <label htmlFor="departments-text" className="visually-hidden">
        {t('followup.departmentsLabel')}
      </label>
      <textarea
        id="departments-text"
        value={text}
        aria-describedby="departments-hint"
        dir="auto"
        onChange={(e) => {
          setText(e.target.value);
          setTouched(true);
        }}
        data-testid="departments-text"
      />
      {problem && (
        <p className="error-inline" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      <div className="row actions">
        <button type="button" className="button" onClick={() => void save()} data-testid="departments-save">
          {t('followup.saveDepartments')}
        </button>
        {saved && <span role="status">{t('followup.saved')}</span>}
      </div>
    </section>
  );
}
