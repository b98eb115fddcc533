/**
 * The registration fields of one analysed letter, pre-filled from the suggestions. Focusing a field
 * shows (scrolls to and emphasises) its evidence in the page text. Enter registers; in the subject
 * (a textarea) Ctrl+Enter does.
 */
import { forwardRef, useId, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, Analysis } from '../../shared/contract/index.ts';
import type { Classification, Documentation, Priority, Transport } from '../../shared/contract/registry.ts';
import { DualDate } from '../common/DualDate.tsx';
import { Num } from '../common/Num.tsx';
import { CounterpartPicker } from './CounterpartPicker.tsx';
import { channelDefaults, parseIsoDateInput, type FieldName, type IntakeForm } from './form.ts';

// The contract's CLASSIFICATIONS/PRIORITIES lists, restated as types-checked constants so the renderer
// bundle does not pull in zod (the contract module's schemas) for two short lists.
const CLASSIFICATIONS = ['ordinary', 'confidential', 'secret'] as const satisfies readonly Classification[];
const PRIORITIES = ['normal', 'urgent', 'very_urgent'] as const satisfies readonly Priority[];
const DOCUMENTATIONS = ['paper_original', 'complementary_paper', 'no_paper'] as const satisfies readonly Documentation[];
const TRANSPORTS = ['by_hand', 'courier', 'post', 'fax', 'email', 'exchange'] as const satisfies readonly Transport[];

interface Props {
  analysis: Analysis;
  form: IntakeForm;
  agencies: Agency[];
  busy: boolean;
  onChange: (form: IntakeForm) => void;
  onFocusField: (field: FieldName | null) => void;
  onSubmit: () => void;
  onOpenRecord: (registryNumber: string, register: string) => void;
}

export const FieldsForm = forwardRef<HTMLFormElement, Props>(function FieldsForm(
  { analysis, form, agencies, busy, onChange, onFocusField, onSubmit, onOpenRecord },
  ref,
) {
  const { t } = useTranslation();
  const uid = useId();
  const id = (f: string) => `${uid}-${f}`;
  const set = <K extends keyof IntakeForm>(key: K, value: IntakeForm[K]) => onChange({ ...form, [key]: value });
  const date = analysis.suggestions.referenceDate;
  const parsedDate = parseIsoDateInput(form.referenceDate);
  const already = analysis.alreadyRegistered;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  const ctrlEnter = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (!busy) onSubmit();
    }
  };

  return (
    <form ref={ref} className="fields" onSubmit={submit} aria-labelledby={id('heading')} data-testid="intake-form">
      <h3 id={id('heading')}>{t('intake.fieldsHeading')}</h3>
      {already && (
        <div className="notice warn" role="status" data-testid="already-registered">
          <p>{t('intake.alreadyRegistered', { number: '' })}<Num value={already.registryNumber} className="strong" /></p>
          <div className="row">
            <button type="button" onClick={() => onOpenRecord(already.registryNumber, already.register)}>
              {t('intake.openRecord', { number: already.registryNumber })}
            </button>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.reRegister} onChange={(e) => set('reRegister', e.target.checked)} />
            {t('intake.reRegister', { number: already.registryNumber })}
          </label>
        </div>
      )}

      <div className="field">
        <label htmlFor={id('counterpart')}>
          {t('fields.counterpart')} <span className="req">*</span>
        </label>
        <CounterpartPicker
          id={id('counterpart')}
          agencies={agencies}
          name={form.counterpartName}
          code={form.counterpartCode}
          describedBy={id('counterpart-hint')}
          onChange={(name, code) => onChange({ ...form, counterpartName: name, counterpartCode: code })}
          onFocus={() => onFocusField('counterpart')}
        />
        <small id={id('counterpart-hint')} className="hint">
          {t('fields.counterpartHint')}
        </small>
      </div>

      <div className="field">
        <label htmlFor={id('refno')}>{t('fields.referenceNumber')}</label>
        <input
          id={id('refno')}
          type="text"
          dir="auto"
          value={form.referenceNumber}
          onFocus={() => onFocusField('referenceNumber')}
          onChange={(e) => set('referenceNumber', e.target.value)}
        />
      </div>

      <div className="field">
        <label htmlFor={id('refdate')}>{t('fields.referenceDate')}</label>
        <input
          id={id('refdate')}
          type="text"
          dir="ltr"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          aria-invalid={parsedDate === null}
          aria-describedby={id('refdate-hint')}
          value={form.referenceDate}
          onFocus={() => onFocusField('referenceDate')}
          onChange={(e) => set('referenceDate', e.target.value)}
        />
        <small id={id('refdate-hint')} className="hint">
          {parsedDate === null ? (
            <span className="error-inline">{t('fields.dateInvalid')}</span>
          ) : parsedDate ? (
            <DualDate iso={parsedDate} testId="reference-date-dual" />
          ) : (
            t('fields.referenceDateHint')
          )}
        </small>
        {date?.problem === 'ambiguous' && (
          <div className="notice warn" role="group" aria-label={t('fields.dateAmbiguous', { printed: date.asPrinted })}>
            <p>{t('fields.dateAmbiguous', { printed: date.asPrinted })}</p>
            <div className="row">
              {date.alternatives.map((alt) => (
                <button key={alt} type="button" aria-pressed={form.referenceDate === alt} onClick={() => set('referenceDate', alt)}>
                  <DualDate iso={alt} />
                </button>
              ))}
            </div>
          </div>
        )}
        {date?.problem === 'out_of_range' && (
          <p className="notice warn" role="status">
            {t('fields.dateOutOfRange', { printed: date.asPrinted })}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={id('subject')}>
          {t('fields.subject')} <span className="req">*</span>
        </label>
        <textarea
          id={id('subject')}
          rows={3}
          required
          value={form.subject}
          title={t('shortcut', { label: t('intake.register'), keys: 'Ctrl+Enter' })}
          onFocus={() => onFocusField('subject')}
          onChange={(e) => set('subject', e.target.value)}
          onKeyDown={ctrlEnter}
        />
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={id('att')}>{t('fields.attachments')}</label>
          <input
            id={id('att')}
            type="number"
            min={0}
            max={10000}
            dir="ltr"
            value={form.attachmentsCount}
            onFocus={() => onFocusField('attachmentsCount')}
            onChange={(e) => set('attachmentsCount', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('class')}>{t('fields.classification')}</label>
          <select id={id('class')} value={form.classification} onFocus={() => onFocusField(null)} onChange={(e) => set('classification', e.target.value as IntakeForm['classification'])}>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`classification.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('prio')}>{t('fields.priority')}</label>
          <select id={id('prio')} value={form.priority} onFocus={() => onFocusField(null)} onChange={(e) => set('priority', e.target.value as IntakeForm['priority'])}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor={id('channel')}>{t('registration.channel')}</label>
          <select
            id={id('channel')}
            value={form.channel ?? 'paper'}
            onFocus={() => onFocusField(null)}
            onChange={(e) => onChange({ ...form, ...channelDefaults(e.target.value as IntakeForm['channel']) })}
            data-testid="field-channel"
          >
            {(['paper', 'electronic'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`registration.channelOf.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('documentation')}>{t('registration.documentation')}</label>
          <select id={id('documentation')} value={form.documentation ?? 'paper_original'} onFocus={() => onFocusField(null)} onChange={(e) => set('documentation', e.target.value as IntakeForm['documentation'])}>
            {DOCUMENTATIONS.map((d) => (
              <option key={d} value={d}>
                {t(`registration.documentationOf.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('transport')}>{t('registration.transport')}</label>
          <select id={id('transport')} value={form.transport ?? 'by_hand'} onFocus={() => onFocusField(null)} onChange={(e) => set('transport', e.target.value as IntakeForm['transport'])} data-testid="field-transport">
            {TRANSPORTS.map((x) => (
              <option key={x} value={x}>
                {t(`registration.transportOf.${x}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="actions">
        <button type="submit" className="primary" disabled={busy} title={t('shortcut', { label: t('intake.register'), keys: 'Enter' })} data-testid="register-button">
          {busy ? t('intake.registering') : t('intake.register')}
        </button>
      </div>
    </form>
  );
});
