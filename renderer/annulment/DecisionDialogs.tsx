/**
 * The annulment dialogs: a clerk's request (reason) and a supervisor's approval (authorising
 * reference) or refusal (reason). Each calls its contract method and reports the result.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnulmentRequestView } from '../../shared/contract/index.ts';
import type { ErrorValue, Result } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';

interface TextDialogProps {
  title: string;
  intro?: string;
  label: string;
  submitLabel: string;
  danger?: boolean;
  maxLength: number;
  testId: string;
  send: (text: string) => Promise<Result<AnnulmentRequestView>>;
  onDone: (r: AnnulmentRequestView) => void;
  onClose: () => void;
}

function TextDialog(p: TextDialogProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await p.send(text);
    setBusy(false);
    if (r.ok) p.onDone(r.value);
    else setError(r.error);
  };
  return (
    <Dialog title={p.title} {...(p.intro ? { intro: p.intro } : {})} onClose={p.onClose} testId={p.testId}>
      <form className="fields" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={id}>{p.label}</label>
          <textarea id={id} required minLength={3} maxLength={p.maxLength} rows={3} dir="auto" value={text} onChange={(e) => setText(e.target.value)} data-testid={`${p.testId}-text`} />
        </div>
        {error && <ErrorBox error={error} />}
        <div className="actions row">
          <button type="submit" className={p.danger ? 'primary danger' : 'primary'} disabled={busy} data-testid={`${p.testId}-submit`}>
            {p.submitLabel}
          </button>
          <button type="button" onClick={p.onClose} data-dialog-close>
            {t('accounts.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function RequestDialog(p: { registryNumber: string; register: 'incoming' | 'outgoing' | 'internal' | null; onDone: (r: AnnulmentRequestView) => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <TextDialog
      title={t('annulment.requestTitle', { number: p.registryNumber })}
      intro={t('annulment.requestIntro')}
      label={t('annulment.reason')}
      submitLabel={t('annulment.send')}
      maxLength={1000}
      testId="annul-request"
      send={(reason) => api['registry.requestAnnulment']({ registryNumber: p.registryNumber, register: p.register, reason })}
      onDone={p.onDone}
      onClose={p.onClose}
    />
  );
}

export function DecideDialog(p: { request: AnnulmentRequestView; mode: 'approve' | 'refuse'; onDone: (r: AnnulmentRequestView) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const number = p.request.registryNumber;
  return p.mode === 'approve' ? (
    <TextDialog
      title={t('annulment.approveTitle', { number })}
      intro={`${t('annulment.reasonLabel')}: ${p.request.reason}`}
      label={t('annulment.reference')}
      submitLabel={t('annulment.approve')}
      danger
      maxLength={200}
      testId="annul-approve"
      send={(authorisingReference) => api['registry.approveAnnulment']({ requestId: p.request.id, authorisingReference })}
      onDone={p.onDone}
      onClose={p.onClose}
    />
  ) : (
    <TextDialog
      title={t('annulment.refuseTitle', { number })}
      intro={`${t('annulment.reasonLabel')}: ${p.request.reason}`}
      label={t('annulment.refusalReason')}
      submitLabel={t('annulment.refuse')}
      maxLength={1000}
      testId="annul-refuse"
      send={(reason) => api['registry.refuseAnnulment']({ requestId: p.request.id, reason })}
      onDone={p.onDone}
      onClose={p.onClose}
    />
  );
}
