/**
 * The desk session in the UI: who is signed in (`auth.status`) and what they may do. The rule is the
 * contract's own access table (shared/contract/access.ts), so a button is shown exactly when the
 * services would accept the call; the services check again on every call.
 */
import { createContext, useContext } from 'react';
import { accessOf, roleAllows, type AuthStatus } from '../../shared/contract/index.ts';

export interface Session {
  status: AuthStatus;
  /** Replaces the status after sign-in, sign-out or first-admin creation. */
  setStatus(status: AuthStatus): void;
  /** Re-reads `auth.status` (e.g. after an `unauthenticated` answer). */
  refresh(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** @throws Error outside a SessionGate. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside SessionGate');
  return s;
}

/** Whether the session may call `method`: always on a desk without accounts, else by role. */
export function canCall(status: AuthStatus, method: string): boolean {
  const access = accessOf(method);
  if (access === 'public' || !status.accountsExist) return true;
  return status.user !== null && roleAllows(access, status.user.role);
}

/** Hook form of {@link canCall}. */
export function useCan(): (method: string) => boolean {
  const { status } = useSession();
  return (method) => canCall(status, method);
}
