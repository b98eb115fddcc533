/**
 * The sign-in screen (accounts exist, nobody signed in): user name, password, Enter signs in. A
 * locked account says until when. The language can be switched here too.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { agencyDateTime } from '../common/time.ts';
import { setLang, type Lang } from '../i18n/index.ts';
import { useSession } from './session.tsx';

export function SignInScreen() {
  const { t, i18n } = useTranslation();
  const { setStatus } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const ids = { user: useId(), pass: useId() };
  const lang: Lang = i18n.language === 'en' ? 'en' : 'ar';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api['auth.signIn']({ username, password });
    setBusy(false);
    if (r.ok) setStatus(r.value);
    else {
      setPassword('');
      setError(r.error);
    }
  };
  const lockedUntil = error?.kind === 'account_locked' && typeof error.details?.lockedUntil === 'string' ? error.details.lockedUntil : null;

  return (
    <div className="sign-in-page">
      <header className="app-header">
        <h1 className="app-title">{t('app.title')}</h1>
        <div className="lang-switch" role="group" aria-label={t('lang.label')}>
          {(['ar', 'en'] as const).map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'pill active' : 'pill'} onClick={() => void setLang(l)} data-testid={`lang-${l}`}>
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </header>
      <main id="main" className="sign-in">
        <form className="panel fields sign-in-form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-heading" data-testid="sign-in-form">
          <h2 id="sign-in-heading">{t('accounts.signInHeading')}</h2>
          <p className="muted">{t('accounts.signInIntro')}</p>
          <div className="field">
            <label htmlFor={ids.user}>{t('accounts.username')}</label>
            <input id={ids.user} name="username" autoComplete="username" required autoFocus dir="auto" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="sign-in-username" />
          </div>
          <div className="field">
            <label htmlFor={ids.pass}>{t('accounts.password')}</label>
            <input id={ids.pass} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" />
          </div>
          {error && <ErrorBox error={error} />}
          {lockedUntil && (
            <p className="muted" data-testid="locked-until">
              <bdi dir="ltr">{agencyDateTime(lockedUntil, false)}</bdi>
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
              {busy ? t('accounts.signingIn') : t('accounts.signIn')}
            </button>
          </div>
        </form>
      </main>
    </div>
  );
}
