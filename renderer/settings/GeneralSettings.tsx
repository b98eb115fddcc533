/**
 * The desk's general settings (`settings.get` / `settings.update`): agency name in Arabic and English,
 * the registry number format of each register (checked as typed with the shared rule,
 * shared/registry/number-format.ts), Arabic-Indic digits and the UI language.
 * Saving sends only what changed; a new number format applies to numbers given afterwards.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { validateNumberFormat } from '../../shared/registry/number-format.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { setLang } from '../i18n/index.ts';

const REGISTERS = ['incoming', 'outgoing', 'internal'] as const;

interface Props {
  /** Called with the saved settings, so the whole UI picks up digits at once. */
  onSaved: (settings: Settings) => void;
}

export function GeneralSettings({ onSaved }: Props) {
  const { t } = useTranslation();
  const uid = useId();
  const id = (f: string) => `${uid}-${f}`;
  const [saved, setSaved] = useState<Settings | null>(null);
  const [form, setForm] = useState<Settings | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    let live = true;
    void api['settings.get']({}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setSaved(r.value);
        setForm(r.value);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, []);

  if (!form || !saved) return error ? <ErrorBox error={error} /> : <p className="muted">{t('register.loading')}</p>;

  const formatProblems = Object.fromEntries(REGISTERS.map((r) => [r, validateNumberFormat(form.numberFormats[r])])) as Record<
    (typeof REGISTERS)[number],
    string | null
  >;
  const invalid = REGISTERS.some((r) => formatProblems[r] !== null);
  const changed: Partial<Settings> = {};
  if (form.agencyNameAr !== saved.agencyNameAr) changed.agencyNameAr = form.agencyNameAr;
  if (form.agencyNameEn !== saved.agencyNameEn) changed.agencyNameEn = form.agencyNameEn;
  if (form.arabicIndicDigits !== saved.arabicIndicDigits) changed.arabicIndicDigits = form.arabicIndicDigits;
  if (form.language !== saved.language) changed.language = form.language;
  if (REGISTERS.some((r) => form.numberFormats[r] !== saved.numberFormats[r])) changed.numberFormats = form.numberFormats;
  const dirty = Object.keys(changed).length > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || invalid || !dirty) return;
    setBusy(true);
    setError(null);
    setDone(false);
    const r = await api['settings.update'](changed);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setSaved(r.value);
    setForm(r.value);
    setDone(true);
    if (changed.language) void setLang(r.value.language);
    onSaved(r.value);
  };

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setDone(false);
    setForm({ ...form, [key]: value });
  };

  return (
    <form className="fields settings-form" onSubmit={(e) => void submit(e)} aria-labelledby={id('h')} data-testid="general-settings">
      <h3 id={id('h')}>{t('settings.general')}</h3>
      <div className="field-row two">
        <div className="field">
          <label htmlFor={id('nameAr')}>{t('settings.agencyNameAr')}</label>
          <input id={id('nameAr')} type="text" lang="ar" dir="rtl" maxLength={300} value={form.agencyNameAr} onChange={(e) => set('agencyNameAr', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={id('nameEn')}>{t('settings.agencyNameEn')}</label>
          <input id={id('nameEn')} type="text" lang="en" dir="ltr" maxLength={300} value={form.agencyNameEn} onChange={(e) => set('agencyNameEn', e.target.value)} />
        </div>
      </div>
      <fieldset className="plain-fieldset">
        <legend>{t('settings.numberFormats')}</legend>
        <p className="hint" id={id('fmt-hint')}>
          {t('settings.numberFormatPlaceholders')}{' '}
          <bdi dir="ltr" className="mono">
            {'{year} {yy} {seq} {seq:N} {prefix}'}
          </bdi>
          {' — '}
          {t('settings.numberFormatApplies')}
        </p>
        <div className="field-row">
          {REGISTERS.map((r) => (
            <div className="field" key={r}>
              <label htmlFor={id(`fmt-${r}`)}>{t(`direction.${r}`)}</label>
              <input
                id={id(`fmt-${r}`)}
                type="text"
                dir="ltr"
                className="mono-input"
                maxLength={64}
                value={form.numberFormats[r]}
                aria-invalid={formatProblems[r] !== null}
                aria-describedby={formatProblems[r] ? id(`fmt-${r}-err`) : id('fmt-hint')}
                onChange={(e) => set('numberFormats', { ...form.numberFormats, [r]: e.target.value })}
                data-testid={`number-format-${r}`}
              />
              {formatProblems[r] && (
                <small id={id(`fmt-${r}-err`)} className="error-inline">
                  {t('settings.numberFormatInvalid')} <bdi dir="ltr">({formatProblems[r]})</bdi>
                </small>
              )}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="field-row two">
        <label className="check">
          <input type="checkbox" checked={form.arabicIndicDigits} onChange={(e) => set('arabicIndicDigits', e.target.checked)} data-testid="indic-digits" />
          {t('settings.arabicIndicDigits')}
        </label>
        <div className="field">
          <label htmlFor={id('lang')}>{t('lang.label')}</label>
          <select id={id('lang')} value={form.language} onChange={(e) => set('language', e.target.value === 'en' ? 'en' : 'ar')}>
            <option value="ar" lang="ar">
              {t('lang.ar')}
            </option>
            <option value="en" lang="en">
              {t('lang.en')}
            </option>
          </select>
        </div>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      <div className="actions row">
        <button type="submit" className="primary" disabled={busy || invalid || !dirty} data-testid="settings-save">
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
        {done && (
          <span role="status" className="muted">
            {t('settings.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
