/**
 * Shows an error value in the user's language: what happened and what to do (translated by `kind`),
 * with the technical detail (kind, message, details) one click away for support.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/errors.ts';

export function ErrorBox({ error, onDismiss }: { error: ErrorValue; onDismiss?: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailId = useId();
  return (
    <div className="error-box" role="alert" data-error-kind={error.kind}>
      <p className="error-text">{t(`errors.kind.${error.kind}`, { defaultValue: t('errors.kind.internal') })}</p>
      <div className="error-actions">
        <button type="button" className="link" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen((o) => !o)}>
          {open ? t('errors.hideDetails') : t('errors.showDetails')}
        </button>
        {onDismiss && (
          <button type="button" className="link" onClick={onDismiss}>
            {t('errors.dismiss')}
          </button>
        )}
      </div>
      {open && (
        <pre id={detailId} className="error-detail" dir="ltr">
          {JSON.stringify({ kind: error.kind, message: error.message, details: error.details ?? null }, null, 2)}
        </pre>
      )}
    </div>
  );
}
