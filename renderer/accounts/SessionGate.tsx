/**
 * Reads the desk session once and either shows the sign-in screen (accounts exist, nobody signed in)
 * or the app. A change of user re-mounts the app, so nothing of one user's screens is left for the
 * next; unfinished intake drafts are kept by the intake screen's own storage.
 */
import '../styles/accounts.css';
import { Fragment, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AuthStatus } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { SessionContext, type Session } from './session.tsx';
import { SignInScreen } from './SignInScreen.tsx';

/** How often the session is read again, in milliseconds. */
const SESSION_RECHECK_MS = 30_000;

export function SessionGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const refresh = useCallback(async () => {
    const r = await api['auth.status']({});
    if (r.ok) {
      setStatus((old) => (old !== null && JSON.stringify(old) === JSON.stringify(r.value) ? old : r.value));
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void refresh();
    // A session can end elsewhere (an admin disables the account, another window signs out): look
    // again when the window gets focus and every half minute, so the sign-in screen follows.
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    const timer = window.setInterval(onFocus, SESSION_RECHECK_MS);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.clearInterval(timer);
    };
  }, [refresh]);
  const session = useMemo<Session | null>(() => (status === null ? null : { status, setStatus, refresh }), [status, refresh]);
  if (session === null) return error ? <ErrorBox error={error} onDismiss={() => void refresh()} /> : null;
  const signedOut = session.status.accountsExist && session.status.user === null;
  return (
    <SessionContext.Provider value={session}>
      {signedOut ? <SignInScreen /> : <Fragment key={session.status.user?.username ?? ''}>{children}</Fragment>}
    </SessionContext.Provider>
  );
}
