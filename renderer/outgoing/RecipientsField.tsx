/**
 * A list of recipient agencies (to or cc): chosen agencies as removable chips, and a directory
 * picker to add one. Agencies not yet on the exchange, or still requiring paper, are marked.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../shared/contract/index.ts';
import { AgencyPicker, agencyName } from '../common/AgencyPicker.tsx';

interface Props {
  label: string;
  required?: boolean;
  agencies: Agency[];
  codes: string[];
  /** Codes that cannot be added here (own agency, the other list's). */
  exclude: string[];
  invalid?: boolean;
  errorText?: string;
  onChange: (codes: string[]) => void;
  testId: string;
}

export function RecipientsField({ label, required, agencies, codes, exclude, invalid, errorText, onChange, testId }: Props) {
  const { t, i18n } = useTranslation();
  const uid = useId();
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  return (
    <div className="field" data-testid={testId}>
      <label htmlFor={`${uid}-pick`}>
        {label} {required && <span className="req">*</span>}
      </label>
      {codes.length > 0 && (
        <ul className="recipient-chips" aria-label={label}>
          {codes.map((code) => {
            const a = byCode.get(code);
            const name = a ? agencyName(a, i18n.language) : code;
            return (
              <li key={code} className="recipient-chip" data-code={code}>
                <span>{name}</span>{' '}
                <bdi dir="ltr" className="muted small">
                  {code}
                </bdi>
                {a?.requiresPaper && <span className="chip warn">{t('outgoing.requiresPaper')}</span>}
                {a && a.connectedSince === null && <span className="chip warn">{t('outgoing.notConnected')}</span>}
                <button type="button" className="chip-remove" aria-label={t('outgoing.remove', { name })} onClick={() => onChange(codes.filter((c) => c !== code))}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <AgencyPicker
        id={`${uid}-pick`}
        agencies={agencies}
        exclude={[...codes, ...exclude]}
        clearOnPick
        placeholder={t('outgoing.addAgency')}
        describedBy={invalid ? `${uid}-err` : undefined}
        onPick={(a) => {
          if (a && !codes.includes(a.code)) onChange([...codes, a.code]);
        }}
        testId={`${testId}-input`}
      />
      {invalid && errorText && (
        <small id={`${uid}-err`} className="error-inline">
          {errorText}
        </small>
      )}
    </div>
  );
}
