/**
 * One poller of `exchange.status` for the whole window, shared through a context (the header chip,
 * Settings, Inbox and Record read it).
 *
 * Polling is bounded: one request in flight at most; every 5 s while the page is visible, every 1 s
 * while a sync round runs (progress), doubling up to 60 s after failed calls; none while the page is
 * hidden (resumes at once when shown again). `generation` grows whenever a sync round ends (ours or
 * the engine's own), so screens reload what a round may have changed.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExchangeStatus, SyncSummary } from '../../shared/contract/index.ts';
import type { ErrorValue, Result } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { POLL_SYNCING_MS, pollDelay } from './poll.ts';

export interface ExchangeStatusValue {
  status: ExchangeStatus | null;
  /** The status call itself failed (the desk service, not the exchange). */
  error: ErrorValue | null;
  /** Grows when a sync round ends or the connection changes. */
  generation: number;
  /** A round started from this window is running. */
  syncing: boolean;
  /** Rounds started from this window that have ended (successfully or not). */
  rounds: number;
  refresh: () => Promise<void>;
  syncNow: () => Promise<Result<SyncSummary>>;
  /** Replaces the status after connect/disconnect. */
  setStatus: (s: ExchangeStatus) => void;
}

const Ctx = createContext<ExchangeStatusValue | null>(null);

/** @returns the shared exchange status. @throws outside the provider (a programming error). */
export function useExchangeStatus(): ExchangeStatusValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useExchangeStatus outside ExchangeStatusProvider');
  return v;
}

export function ExchangeStatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatusState] = useState<ExchangeStatus | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [generation, setGeneration] = useState(0);
  const [syncing, setSyncing] = useState(false);
  const [rounds, setRounds] = useState(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const failures = useRef(0);
  const last = useRef<{ lastSyncAt: string | null; configured: boolean; syncing: boolean } | null>(null);

  const accept = useCallback((s: ExchangeStatus) => {
    const prev = last.current;
    if (prev && (prev.lastSyncAt !== s.lastSyncAt || prev.configured !== s.configured || (prev.syncing && !s.syncing))) {
      setGeneration((g) => g + 1);
    }
    last.current = { lastSyncAt: s.lastSyncAt, configured: s.configured, syncing: s.syncing };
    setStatusState(s);
  }, []);

  const refresh = useCallback(() => {
    if (inFlight.current) return inFlight.current;
    const p = api['exchange.status']({}).then((r) => {
      inFlight.current = null;
      if (r.ok) {
        failures.current = 0;
        setError(null);
        accept(r.value);
      } else {
        failures.current++;
        setError(r.error);
      }
    });
    inFlight.current = p;
    return p;
  }, [accept]);

  // The timer chain: re-armed after each answer, so calls never pile up.
  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(() => {
    let timer: number | undefined;
    let stopped = false;
    const delay = () => pollDelay(failures.current, statusRef.current?.syncing === true);
    const tick = async () => {
      timer = undefined;
      if (stopped || document.hidden) return;
      await refresh();
      if (!stopped && !document.hidden) timer = window.setTimeout(() => void tick(), delay());
    };
    const onVisibility = () => {
      if (document.hidden) {
        if (timer !== undefined) window.clearTimeout(timer);
        timer = undefined;
      } else if (timer === undefined) void tick();
    };
    void tick();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [refresh]);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    // Show the round's progress while it runs.
    const progress = window.setInterval(() => void refresh(), POLL_SYNCING_MS);
    try {
      return await api['exchange.sync']({});
    } finally {
      window.clearInterval(progress);
      setSyncing(false);
      await refresh();
      setGeneration((g) => g + 1);
      setRounds((n) => n + 1);
    }
  }, [refresh]);

  const setStatus = useCallback(
    (s: ExchangeStatus) => {
      accept(s);
      setGeneration((g) => g + 1);
    },
    [accept],
  );

  const value = useMemo(
    () => ({ status, error, generation, syncing, rounds, refresh, syncNow, setStatus }),
    [status, error, generation, syncing, rounds, refresh, syncNow, setStatus],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
