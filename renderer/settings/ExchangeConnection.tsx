/**
 * The exchange connection of this desk: paste or open the desk credentials file (JSON, written by
 * `npm run exchange:admin`) → `exchange.connect`, which checks it against the exchange and stores it.
 * Connected: agency, desk, address, last sync, numbers left; Disconnect (`exchange.disconnect`) keeps
 * the outbox for a later connection. The pasted secret is cleared from the page once connected.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';
import { useExchangeStatus } from '../exchange/status-context.tsx';

/** @returns the parsed JSON object, or null when the text is not one JSON object. */
export function parseCredentials(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function ExchangeConnection() {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const { status, setStatus } = useExchangeStatus();
  const uid = useId();
  const [text, setText] = useState('');
  const [notJson, setNotJson] = useState(false);
  const [busy, setBusy] = useState<'connect' | 'disconnect' | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [confirming, setConfirming] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const connect = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const credentials = parseCredentials(text);
    if (!credentials) {
      setNotJson(true);
      return;
    }
    setBusy('connect');
    setError(null);
    const r = await api['exchange.connect']({ credentials });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setText('');
    setStatus(r.value);
  };

  const disconnect = async () => {
    setConfirming(false);
    setBusy('disconnect');
    setError(null);
    const r = await api['exchange.disconnect']({});
    setBusy(null);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  };

  const openFile = async (file: File) => {
    setNotJson(false);
    // A credentials file is a few KB; anything large is not one.
    if (file.size > 64 * 1024) {
      setNotJson(true);
      return;
    }
    const content = await file.text();
    setText(content);
    setNotJson(parseCredentials(content) === null);
  };

  return (
    <section aria-labelledby={`${uid}-h`} className="fields" data-testid="exchange-connection">
      <h3 id={`${uid}-h`}>{t('exchange.connection')}</h3>
      {status?.configured ? (
        <>
          <dl className="fields-list" data-testid="exchange-connected">
            <dt>{t('exchange.state')}</dt>
            <dd>
              <span className={`status-dot ${status.online ? 'online' : 'offline'}`} aria-hidden="true" />{' '}
              {status.online ? t('exchange.chip.online') : t('exchange.chip.offline')}
            </dd>
            <dt>{t('exchange.agency')}</dt>
            <dd>
              <bdi dir="ltr">{status.agency}</bdi>
            </dd>
            <dt>{t('exchange.desk')}</dt>
            <dd>
              <bdi dir="ltr">{status.desk}</bdi>
            </dd>
            <dt>{t('exchange.url')}</dt>
            <dd>
              <bdi dir="ltr" className="mono">
                {status.url}
              </bdi>
            </dd>
            <dt>{t('exchange.lastSync')}</dt>
            <dd>{status.lastSyncAt ? <bdi dir="ltr">{agencyDateTime(status.lastSyncAt, indic)}</bdi> : t('exchange.never')}</dd>
            {status.lastError && (
              <>
                <dt>{t('exchange.lastError')}</dt>
                <dd>{t(`errors.kind.${status.lastError.kind}`, { defaultValue: status.lastError.message })}</dd>
              </>
            )}
            {status.blocks.length > 0 && (
              <>
                <dt>{t('exchange.blocks')}</dt>
                <dd>
                  {status.blocks.map((b) => (
                    <div key={`${b.register}-${b.year}`}>
                      {t(`direction.${b.register}`, { defaultValue: b.register })} <Num value={b.year} />: <Num value={b.remaining} />
                    </div>
                  ))}
                </dd>
              </>
            )}
          </dl>
          {status.emergencyPending > 0 && (
            <p className="notice warn" role="status">
              {t('exchange.emergencyPending', { count: status.emergencyPending })}
            </p>
          )}
          {confirming ? (
            <div className="notice warn" role="alertdialog" aria-labelledby={`${uid}-confirm`}>
              <p id={`${uid}-confirm`}>{t('exchange.disconnectConfirm')}</p>
              <div className="row">
                <button type="button" onClick={() => void disconnect()} data-testid="exchange-disconnect-confirm">
                  {t('exchange.disconnect')}
                </button>
                <button type="button" onClick={() => setConfirming(false)} autoFocus>
                  {t('inbox.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              <button type="button" disabled={busy !== null} onClick={() => setConfirming(true)} data-testid="exchange-disconnect">
                {busy === 'disconnect' ? t('exchange.disconnecting') : t('exchange.disconnect')}
              </button>
            </div>
          )}
        </>
      ) : (
        <form onSubmit={(e) => void connect(e)} data-testid="exchange-connect-form">
          <p className="muted">{t('exchange.notConnected')}</p>
          <div className="field">
            <label htmlFor={`${uid}-cred`}>{t('exchange.credentials')}</label>
            <textarea
              id={`${uid}-cred`}
              rows={6}
              dir="ltr"
              spellCheck={false}
              autoComplete="off"
              className="mono-input"
              value={text}
              aria-invalid={notJson}
              aria-describedby={`${uid}-cred-hint`}
              onChange={(e) => {
                setText(e.target.value);
                setNotJson(false);
              }}
              data-testid="exchange-credentials"
            />
            <small id={`${uid}-cred-hint`} className="hint">
              {notJson ? <span className="error-inline">{t('exchange.credentialsNotJson')}</span> : t('exchange.credentialsHint')}
            </small>
          </div>
          <div className="actions row">
            <button type="submit" className="primary" disabled={busy !== null || text.trim() === ''} data-testid="exchange-connect">
              {busy === 'connect' ? t('exchange.connecting') : t('exchange.connect')}
            </button>
            <label className="button secondary">
              {t('exchange.openCredentials')}
              <input
                ref={fileRef}
                type="file"
                className="visually-hidden"
                accept=".json,application/json"
                aria-label={t('exchange.credentialsFile')}
                data-testid="exchange-credentials-file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void openFile(f);
                  e.target.value = '';
                }}
              />
            </label>
          </div>
        </form>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </section>
  );
}
