/**
 * The electronic inbox (Alt+3): letters received through the central exchange, newest first
 * (`inbox.list`, keyset pages), beside the selected letter's detail. Enter registers the selected
 * letter (`inbox.register`) and shows its new registry number; Reject asks for a reason code and a
 * text; Forward asks for the competent agency from the directory. Offline and not-connected are
 * shown calmly; the list reloads after each sync round.
 *
 * Keyboard: in the list ArrowUp/ArrowDown/Home/End select, Enter registers.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, Direction, InboxItem, RegistrationSummary, TwinCandidate } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { agencyName } from '../common/AgencyPicker.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyShortTime } from '../common/time.ts';
import { useExchangeStatus } from '../exchange/status-context.tsx';
import { InboxDetail } from './InboxDetail.tsx';
import { InboxTwins } from './InboxTwins.tsx';
import { ForwardDialog, RejectDialog } from './SettleDialogs.tsx';

type Filter = 'new' | 'settled' | 'all';
const PAGE = 50;

interface Props {
  onOpenRecord: (registryNumber: string, register: string | null) => void;
  onOpenSettings: () => void;
}

export function InboxScreen({ onOpenRecord, onOpenSettings }: Props) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const { status, generation } = useExchangeStatus();
  const [filter, setFilter] = useState<Filter>('new');
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [more, setMore] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState<RegistrationSummary | null>(null);
  const [settled, setSettled] = useState<{ kind: 'rejected' } | { kind: 'forwarded'; agency: string } | null>(null);
  const [dialog, setDialog] = useState<'reject' | 'forward' | null>(null);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    void api['directory.list']({}).then((r) => {
      if (r.ok) setAgencies(r.value);
    });
  }, [generation]);

  const load = useCallback(async (f: Filter) => {
    const r = await api['inbox.list']({ state: f, limit: PAGE });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setItems(r.value.items);
    setMore(r.value.items.length === PAGE);
    setSelected((s) => (s && r.value.items.some((i) => i.messageId === s) ? s : (r.value.items[0]?.messageId ?? null)));
  }, []);

  useEffect(() => {
    void load(filter);
  }, [filter, generation, load]);

  const loadMore = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    const r = await api['inbox.list']({ state: filter, limit: PAGE, before: last.receivedAt });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setItems([...(items ?? []), ...r.value.items.filter((i) => !items?.some((x) => x.messageId === i.messageId))]);
    setMore(r.value.items.length === PAGE);
  };

  const item = items?.find((i) => i.messageId === selected) ?? null;
  // Agency names in the UI language, from the directory (the inbox carries the Arabic name).
  const nameOf = (code: string, fallback = code) => {
    const a = agencies.find((x) => x.code === code);
    return a ? agencyName(a, i18n.language) : fallback;
  };
  const index = items && item ? items.indexOf(item) : -1;

  const focusList = () => requestAnimationFrame(() => listRef.current?.focus());

  const afterSettled = async () => {
    setDialog(null);
    await load(filter);
    focusList();
  };

  const register = async () => {
    if (!item || item.state !== 'new' || busy) return;
    setBusy(true);
    setError(null);
    setSettled(null);
    const r = await api['inbox.register']({ messageId: item.messageId });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setRegistered(r.value);
    await load(filter);
    focusList();
  };

  /** Joins the letter to the paper registration the clerk picked: no new number, channel both. */
  const joinTwin = async (c: TwinCandidate) => {
    if (!item || item.state !== 'new' || busy) return;
    setBusy(true);
    setError(null);
    setSettled(null);
    const r = await api['inbox.register']({
      messageId: item.messageId,
      twinOf: { registryNumber: c.registration.registryNumber, register: c.registration.register as Direction, score: c.score },
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setRegistered(r.value);
    await load(filter);
    focusList();
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!items || items.length === 0) return;
    const move = (i: number) => {
      e.preventDefault();
      const next = items[Math.max(0, Math.min(items.length - 1, i))];
      if (next) {
        setSelected(next.messageId);
        listRef.current?.querySelector(`[data-id="${next.messageId}"]`)?.scrollIntoView({ block: 'nearest' });
      }
    };
    if (e.key === 'ArrowDown') move(index + 1);
    else if (e.key === 'ArrowUp') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(items.length - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      void register();
    }
  };

  const filters: Array<[Filter, string]> = [
    ['new', t('inbox.filterNew')],
    ['settled', t('inbox.filterSettled')],
    ['all', t('inbox.filterAll')],
  ];

  return (
    <section className="inbox" aria-labelledby="inbox-heading" data-testid="inbox-screen">
      <div className="screen-head">
        <h2 id="inbox-heading" tabIndex={-1} data-screen-heading>
          {t('inbox.heading')}
        </h2>
        <div className="row" role="group" aria-label={t('inbox.filter')}>
          {filters.map(([f, label]) => (
            <button key={f} type="button" className={filter === f ? 'pill active' : 'pill'} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {label}
            </button>
          ))}
        </div>
      </div>

      {status && !status.configured && (
        <div className="notice" role="status" data-testid="inbox-not-configured">
          <p>{t('inbox.notConfigured')}</p>
          <button type="button" onClick={onOpenSettings}>
            {t('inbox.openSettings')}
          </button>
        </div>
      )}
      {status?.configured && !status.online && (
        <p className="notice calm" role="status" data-testid="inbox-offline">
          {t('inbox.offline')}
        </p>
      )}

      {registered && (
        <div className="registered-banner" role="status" aria-live="polite" data-testid="inbox-registered">
          <span>{t('inbox.registeredAs')}</span>
          <Num value={registered.registryNumber} className="registry-number" />
          <span className="muted">{t('intake.registeredDetail', { counterpart: registered.counterpartName, subject: registered.subject })}</span>
          <button type="button" className="link" onClick={() => onOpenRecord(registered.registryNumber, registered.register)}>
            {t('inbox.openRecord', { number: registered.registryNumber })}
          </button>
        </div>
      )}
      {settled && (
        <p className="notice" role="status" data-testid="inbox-settled">
          {settled.kind === 'rejected' ? t('inbox.rejected') : t('inbox.forwarded', { agency: nameOf(settled.agency) })}
        </p>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}

      {items && items.length === 0 && status?.configured !== false && (
        <p className="notice empty-state" data-testid="inbox-empty">
          {filter === 'settled' ? t('inbox.emptySettled') : t('inbox.empty')}
        </p>
      )}

      {items && items.length > 0 && (
        <div className="inbox-grid">
          <div className="panel inbox-list-panel">
            <ul
              ref={listRef}
              className="inbox-list"
              role="listbox"
              tabIndex={0}
              aria-label={t('inbox.list')}
              aria-activedescendant={item ? `inbox-${item.messageId}` : undefined}
              onKeyDown={onListKey}
              title={t('shortcut', { label: t('inbox.register'), keys: 'Enter' })}
              data-testid="inbox-list"
            >
              {items.map((i) => (
                <li
                  key={i.messageId}
                  id={`inbox-${i.messageId}`}
                  data-id={i.messageId}
                  role="option"
                  aria-selected={i.messageId === selected}
                  className={i.messageId === selected ? 'inbox-item active' : 'inbox-item'}
                  onClick={() => setSelected(i.messageId)}
                  data-testid="inbox-item"
                >
                  <div className="inbox-item-top">
                    <span className="strong">{nameOf(i.senderAgency, i.senderName)}</span>
                    <bdi dir="ltr" className="muted small">
                      {agencyShortTime(i.receivedAt, indic)}
                    </bdi>
                  </div>
                  <div className="inbox-item-subject">{i.subject}</div>
                  <div className="inbox-item-meta">
                    <Num value={i.senderRegistryNumber} />
                    {i.priority !== 'normal' && <span className="chip warn">{t(`priority.${i.priority}`)}</span>}
                    {i.state !== 'new' && <span className="chip">{t(`inbox.state.${i.state}`)}</span>}
                  </div>
                </li>
              ))}
            </ul>
            {more && (
              <button type="button" className="link load-more" onClick={() => void loadMore()}>
                {t('inbox.loadMore')}
              </button>
            )}
          </div>
          <div className="panel inbox-detail" data-testid="inbox-detail">
            {item ? (
              <>
                <InboxDetail item={item} senderName={nameOf(item.senderAgency, item.senderName)} />
                {item.state === 'new' && <InboxTwins item={item} busy={busy} onJoin={(c) => void joinTwin(c)} />}
                <div className="actions row">
                  {item.state === 'new' ? (
                    <>
                      <button
                        type="button"
                        className="primary"
                        disabled={busy}
                        onClick={() => void register()}
                        title={t('shortcut', { label: t('inbox.register'), keys: 'Enter' })}
                        data-testid="inbox-register"
                      >
                        {busy ? t('inbox.registering') : t('inbox.register')}
                      </button>
                      <button type="button" disabled={busy} onClick={() => setDialog('reject')} data-testid="inbox-reject">
                        {t('inbox.reject')}
                      </button>
                      <button type="button" disabled={busy} onClick={() => setDialog('forward')} data-testid="inbox-forward">
                        {t('inbox.forward')}
                      </button>
                    </>
                  ) : (
                    <>
                      <span className="chip">{t(`inbox.state.${item.state}`)}</span>
                      {item.registration && (
                        <button type="button" className="link" onClick={() => onOpenRecord(item.registration!.registryNumber, item.registration!.register)}>
                          {t('inbox.openRecord', { number: item.registration.registryNumber })}
                        </button>
                      )}
                    </>
                  )}
                </div>
              </>
            ) : (
              <p className="muted">{t('inbox.selectHint')}</p>
            )}
          </div>
        </div>
      )}

      {dialog === 'reject' && item && (
        <RejectDialog
          item={item}
          onClose={() => setDialog(null)}
          onDone={() => {
            setRegistered(null);
            setSettled({ kind: 'rejected' });
            void afterSettled();
          }}
        />
      )}
      {dialog === 'forward' && item && (
        <ForwardDialog
          item={item}
          agencies={agencies}
          ownAgency={status?.agency ?? null}
          onClose={() => setDialog(null)}
          onDone={(_done, to) => {
            setRegistered(null);
            setSettled({ kind: 'forwarded', agency: to ?? '' });
            void afterSettled();
          }}
        />
      )}
    </section>
  );
}
