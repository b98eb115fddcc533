/**
 * The header's user area: the signed-in user and role with "change my password" and "sign out"; on a
 * desk without accounts, the OS user and "create the first admin".
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { useSession } from './session.tsx';

export function UserMenu() {
  const { t } = useTranslation();
  const { status, setStatus } = useSession();
  const [dialog, setDialog] = useState<'first' | 'password' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = async () => {
    const r = await api['auth.signOut']({});
    if (r.ok) setStatus(r.value);
  };

  return (
    <div className="user-menu row" role="group" aria-label={t('accounts.userMenu')} data-testid="user-menu">
      {status.user ? (
        <>
          <span data-testid="current-user">
            <bdi>{status.user.displayName}</bdi> · {t(`roles.${status.user.role}`)}
          </span>
          <button type="button" className="link" onClick={() => setDialog('password')} data-testid="change-password">
            {t('accounts.changePassword')}
          </button>
          <button type="button" onClick={() => void signOut()} data-testid="sign-out">
            {t('accounts.signOut')}
          </button>
        </>
      ) : (
        <>
          <span className="muted" data-testid="current-user">
            <bdi>{t('accounts.noAccounts', { osUser: status.osUser })}</bdi>
          </span>
          <button type="button" onClick={() => setDialog('first')} data-testid="first-admin">
            {t('accounts.setUp')}
          </button>
        </>
      )}
      {notice && (
        <span role="status" className="muted">
          {notice}
        </span>
      )}
      {dialog === 'first' && <FirstAdminDialog osUser={status.osUser} onClose={() => setDialog(null)} />}
      {dialog === 'password' && (
        <ChangePasswordDialog
          onClose={() => setDialog(null)}
          onChanged={() => {
            setDialog(null);
            setNotice(t('accounts.passwordChanged'));
          }}
        />
      )}
    </div>
  );
}

function FirstAdminDialog({ osUser, onClose }: { osUser: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { setStatus } = useSession();
  const [f, setF] = useState({ displayName: '', username: '', password: '', confirm: '' });
  const [error, setError] = useState<ErrorValue | null>(null);
  const [differ, setDiffer] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (f.password !== f.confirm) {
      setDiffer(true);
      return;
    }
    setBusy(true);
    const r = await api['auth.createFirstAdmin']({ username: f.username, displayName: f.displayName, password: f.password });
    setBusy(false);
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  };
  const field = (key: keyof typeof f, label: string, type = 'text', autoComplete = 'off') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        required
        dir={type === 'password' ? undefined : 'auto'}
        autoComplete={autoComplete}
        minLength={type === 'password' ? PASSWORD_MIN_LENGTH : undefined}
        aria-describedby={type === 'password' ? `${id}-hint` : undefined}
        value={f[key]}
        onChange={(e) => {
          setF({ ...f, [key]: e.target.value });
          setDiffer(false);
        }}
        data-testid={`first-admin-${key}`}
      />
    </div>
  );
  return (
    <Dialog title={t('accounts.firstAdminHeading')} intro={t('accounts.firstAdminIntro', { osUser })} onClose={onClose} testId="first-admin-dialog">
      <form className="fields" onSubmit={(e) => void submit(e)}>
        {field('displayName', t('accounts.displayName'))}
        {field('username', t('accounts.username'), 'text', 'username')}
        {field('password', t('accounts.newPassword'), 'password', 'new-password')}
        {field('confirm', t('accounts.confirmPassword'), 'password', 'new-password')}
        <p id={`${id}-hint`} className="hint">
          {t('accounts.passwordHint')}
        </p>
        {differ && (
          <p className="error-inline" role="alert">
            {t('accounts.passwordsDiffer')}
          </p>
        )}
        {error && <ErrorBox error={error} />}
        <div className="actions row">
          <button type="submit" className="primary" disabled={busy} data-testid="first-admin-submit">
            {t('accounts.create')}
          </button>
          <button type="button" onClick={onClose} data-dialog-close>
            {t('accounts.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ChangePasswordDialog({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<ErrorValue | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api['auth.changePassword']({ currentPassword: current, newPassword: next });
    if (r.ok) onChanged();
    else setError(r.error);
  };
  return (
    <Dialog title={t('accounts.changePassword')} onClose={onClose}>
      <form className="fields" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-c`}>{t('accounts.currentPassword')}</label>
          <input id={`${id}-c`} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-n`}>{t('accounts.newPassword')}</label>
          <input id={`${id}-n`} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} aria-describedby={`${id}-h`} value={next} onChange={(e) => setNext(e.target.value)} />
          <p id={`${id}-h`} className="hint">
            {t('accounts.passwordHint')}
          </p>
        </div>
        {error && <ErrorBox error={error} />}
        <div className="actions row">
          <button type="submit" className="primary">
            {t('accounts.save')}
          </button>
          <button type="button" onClick={onClose} data-dialog-close>
            {t('accounts.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
