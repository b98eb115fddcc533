/**
 * The two ways of refusing an inbox letter's registration here: Reject (a reason code and a text for
 * the sender, both required; `inbox.reject`) and Forward (a directory agency and an optional note;
 * `inbox.forward`). Each is a modal dialog; Esc or Cancel closes it without effect.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, InboxItem, RejectionReason } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { AgencyPicker, agencyName } from '../common/AgencyPicker.tsx';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';

// The contract's REJECTION_REASONS, restated type-checked so the bundle does not pull in zod.
const REASONS = ['not_ours', 'unreadable', 'wrong_hash', 'invalid', 'other'] as const satisfies readonly RejectionReason[];

interface Props {
  item: InboxItem;
  onClose: () => void;
  /** `forwardedTo`: the chosen agency's code (Forward only). */
  onDone: (item: InboxItem, forwardedTo?: string) => void;
}

export function RejectDialog({ item, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const uid = useId();
  const [code, setCode] = useState<RejectionReason | ''>('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || code === '' || text.trim() === '') return;
    setBusy(true);
    setError(null);
    const r = await api['inbox.reject']({ messageId: item.messageId, reasonCode: code, reasonText: text.trim() });
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setError(r.error);
  };

  return (
    <Dialog title={t('inbox.rejectTitle')} intro={t('inbox.rejectIntro')} onClose={onClose} testId="reject-dialog">
      <form className="fields" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-code`}>
            {t('inbox.reasonCode')} <span className="req">*</span>
          </label>
          <select
            id={`${uid}-code`}
            required
            value={code}
            aria-invalid={tried && code === ''}
            onChange={(e) => setCode(e.target.value as RejectionReason | '')}
            data-testid="reject-code"
          >
            <option value="" disabled>
              —
            </option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`inbox.reasonCodes.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-text`}>
            {t('inbox.reasonText')} <span className="req">*</span>
          </label>
          <textarea
            id={`${uid}-text`}
            rows={3}
            required
            maxLength={1000}
            value={text}
            aria-invalid={tried && text.trim() === ''}
            aria-describedby={tried && text.trim() === '' ? `${uid}-req` : undefined}
            onChange={(e) => setText(e.target.value)}
            data-testid="reject-text"
          />
          {tried && (code === '' || text.trim() === '') && (
            <small id={`${uid}-req`} className="error-inline" role="alert">
              {t('intake.required')}
            </small>
          )}
        </div>
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        <div className="actions row">
          <button type="submit" className="primary danger" disabled={busy} data-testid="reject-confirm">
            {t('inbox.rejectConfirm')}
          </button>
          <button type="button" onClick={onClose} data-dialog-close>
            {t('inbox.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ForwardDialog({ item, agencies, ownAgency, onClose, onDone }: Props & { agencies: Agency[]; ownAgency: string | null }) {
  const { t, i18n } = useTranslation();
  const uid = useId();
  const [agency, setAgency] = useState<Agency | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const exclude = [item.senderAgency, ...(ownAgency ? [ownAgency] : [])];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || !agency) return;
    setBusy(true);
    setError(null);
    const r = await api['inbox.forward']({ messageId: item.messageId, toAgency: agency.code, note: note.trim() });
    setBusy(false);
    if (r.ok) onDone(r.value, agency.code);
    else setError(r.error);
  };

  return (
    <Dialog title={t('inbox.forwardTitle')} intro={t('inbox.forwardIntro')} onClose={onClose} testId="forward-dialog">
      <form className="fields" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${uid}-agency`}>
            {t('inbox.toAgency')} <span className="req">*</span>
          </label>
          <AgencyPicker id={`${uid}-agency`} agencies={agencies} exclude={exclude} describedBy={`${uid}-agency-hint`} onPick={setAgency} testId="forward-agency" />
          <small id={`${uid}-agency-hint`} className={tried && !agency ? 'error-inline' : 'hint'}>
            {agency ? (
              <>
                {agencyName(agency, i18n.language)} · <bdi dir="ltr">{agency.code}</bdi>
              </>
            ) : (
              t('inbox.pickAgency')
            )}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-note`}>{t('inbox.note')}</label>
          <textarea id={`${uid}-note`} rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        <div className="actions row">
          <button type="submit" className="primary" disabled={busy} data-testid="forward-confirm">
            {t('inbox.forwardConfirm')}
          </button>
          <button type="button" onClick={onClose} data-dialog-close>
            {t('inbox.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
