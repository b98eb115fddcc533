/**
 * The admin's users screen (`users.*`): the desk's accounts with role, status and lockout; change a
 * role, disable or enable, set a new password (which lifts a lockout), add a user. Accounts are never
 * deleted (their names stay in the audit trail).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, ROLES, type Role, type UserView } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { Dialog } from '../common/Dialog.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';

export function UsersScreen() {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const indic = i18n.language === 'ar' && arabicIndicDigits;

  const load = useCallback(async () => {
    const r = await api['users.list']({});
    if (r.ok) setUsers(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (p: Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorValue }>) => {
    const r = await p;
    if (r.ok) {
      setError(null);
      setNotice(t('users.saved'));
      await load();
    } else setError(r.error);
  };

  return (
    <section aria-labelledby="users-heading" data-testid="users-screen">
      <div className="screen-head">
        <h2 id="users-heading" tabIndex={-1} data-screen-heading>
          {t('users.heading')}
        </h2>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {users && (
        <table className="history users-table" data-testid="users-table">
          <caption className="visually-hidden">{t('users.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.displayName')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username} data-testid={`user-${u.username}`}>
                <td>
                  <bdi>{u.username}</bdi>
                </td>
                <td>
                  <bdi>{u.displayName}</bdi>
                </td>
                <td>
                  <select
                    aria-label={t('users.roleOf', { name: u.username })}
                    value={u.role}
                    onChange={(e) => void act(api['users.setRole']({ username: u.username, role: e.target.value as Role }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {u.disabled ? t('users.disabled') : t('users.active')}
                  {u.lockedUntil && (
                    <span className="chip warn">
                      {t('users.lockedUntil', { time: '' })}
                      <bdi dir="ltr">{agencyDateTime(u.lockedUntil, indic)}</bdi>
                    </span>
                  )}
                </td>
                <td className="row">
                  <button type="button" onClick={() => void act(api['users.setDisabled']({ username: u.username, disabled: !u.disabled }))}>
                    {u.disabled ? t('users.enable', { name: u.username }) : t('users.disable', { name: u.username })}
                  </button>
                  <button type="button" onClick={() => setResetFor(u.username)}>
                    {t('users.resetPassword', { name: u.username })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddUser
        onAdded={(name) => {
          setNotice(t('users.created', { name }));
          void load();
        }}
      />
      {resetFor && (
        <ResetPassword
          username={resetFor}
          onClose={() => setResetFor(null)}
          onDone={() => {
            setResetFor(null);
            setNotice(t('users.saved'));
            void load();
          }}
        />
      )}
    </section>
  );
}

function AddUser({ onAdded }: { onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const blank = { username: '', displayName: '', role: 'clerk' as Role, password: '' };
  const [f, setF] = useState(blank);
  const [error, setError] = useState<ErrorValue | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api['users.create'](f);
    if (r.ok) {
      setF(blank);
      setError(null);
      onAdded(r.value.username);
    } else setError(r.error);
  };
  return (
    <form className="panel fields add-user" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`} data-testid="add-user">
      <h3 id={`${id}-h`}>{t('users.add')}</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-u`}>{t('users.username')}</label>
          <input id={`${id}-u`} required dir="auto" autoComplete="off" value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} data-testid="add-user-username" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-d`}>{t('users.displayName')}</label>
          <input id={`${id}-d`} required dir="auto" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} data-testid="add-user-display" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-r`}>{t('users.role')}</label>
          <select id={`${id}-r`} value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as Role })} data-testid="add-user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-p`}>{t('accounts.newPassword')}</label>
        <input
          id={`${id}-p`}
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          aria-describedby={`${id}-hint`}
          value={f.password}
          onChange={(e) => setF({ ...f, password: e.target.value })}
          data-testid="add-user-password"
        />
        <p id={`${id}-hint`} className="hint">
          {t('accounts.passwordHint')}
        </p>
      </div>
      {error && <ErrorBox error={error} />}
      <div className="actions">
        <button type="submit" className="primary" data-testid="add-user-submit">
          {t('users.add')}
        </button>
      </div>
    </form>
  );
}

function ResetPassword({ username, onClose, onDone }: { username: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ErrorValue | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await api['users.resetPassword']({ username, password });
    if (r.ok) onDone();
    else setError(r.error);
  };
  return (
    <Dialog title={t('users.resetTitle', { name: username })} onClose={onClose}>
      <form className="fields" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={id}>{t('accounts.newPassword')}</label>
          <input id={id} type="password" autoComplete="new-password" required minLength={PASSWORD_MIN_LENGTH} value={password} onChange={(e) => setPassword(e.target.value)} />
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
