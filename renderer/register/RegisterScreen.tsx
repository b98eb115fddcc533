/**
 * The register: newest first, windowed (use-fixed-rows.ts: fixed-height rows, O(visible rows)) over
 * `registry.page` with pages
 * fetched as they scroll into view, or over `registry.search` (keyset paging) when a query is typed.
 * Copes with 1 000 000 rows through scroll scaling (scaled-scroll.ts).
 *
 * Keyboard: "/" or Ctrl+F focuses the search; in the list ArrowUp/ArrowDown, PageUp/PageDown,
 * Home/End move, Enter opens the record.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { formatCount } from '../common/digits.ts';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { RegisterPages, SearchResults, type Row } from './row-source.ts';
import { MAX_SCROLL_PX, ScaledScrollElement } from './scaled-scroll.ts';
import { useFixedRows } from './use-fixed-rows.ts';

export const ROW_HEIGHT = 46;

interface Props {
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

let firstRowsMarked = false;

export function RegisterScreen({ onOpenRecord }: Props) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const pages = useMemo(() => new RegisterPages(bump), []);
  const search = useMemo(() => (query ? new SearchResults(query, bump) : null), [query]);
  const [scaled, setScaled] = useState<ScaledScrollElement | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusAfterRender = useRef(false);

  useEffect(() => {
    void pages.load(0);
  }, [pages]);
  useEffect(() => {
    if (search) void search.more();
  }, [search]);

  // Debounced search as the clerk types; Enter searches at once.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(typed.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if ((e.key === '/' && !inField) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f')) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const count = search ? search.rows.length + (search.done ? 0 : 1) : (pages.total ?? 0);
  if (scaled) scaled.virtualHeight = count * ROW_HEIGHT;

  const setScrollBox = useCallback((el: HTMLDivElement | null) => {
    setScaled(el ? new ScaledScrollElement(el) : null);
  }, []);

  const { items, scrollToIndex } = useFixedRows({ count, rowHeight: ROW_HEIGHT, scaled, overscan: 8 });

  const rowAt = (i: number): Row | undefined => (search ? search.rows[i] : pages.row(i));
  const loaderVisible = search && !search.done && items.some((it) => it.index >= search.rows.length);
  useEffect(() => {
    if (loaderVisible) void search?.more();
  });

  // Marks the first screen of the register (rows, or the empty state) for the register-view benchmark:
  // `performance.getEntriesByName('register-first-screen')[0].startTime` is ms since navigation.
  const firstItem = items[0];
  const firstScreen = !search && pages.total !== null && (pages.total === 0 || (firstItem !== undefined && rowAt(firstItem.index) !== undefined));
  useEffect(() => {
    if (firstScreen && !firstRowsMarked) {
      firstRowsMarked = true;
      requestAnimationFrame(() => performance.mark('register-first-screen'));
    }
  }, [firstScreen]);

  // A new query starts at the top.
  useEffect(() => {
    if (scaled) scaled.real.scrollTop = 0;
    setActiveIndex(0);
  }, [search, scaled]);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    scaled?.real.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus();
  });

  const moveTo = (i: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, i));
    setActiveIndex(next);
    scrollToIndex(next, 'auto');
    focusAfterRender.current = true;
  };
  const pageRows = Math.max(1, Math.floor((scaled?.real.clientHeight ?? 600) / ROW_HEIGHT) - 1);
  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
    if (e.key in keys) {
      e.preventDefault();
      moveTo(activeIndex + (keys[e.key] ?? 0));
    } else if (e.key === 'Home') {
      e.preventDefault();
      moveTo(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      moveTo(count - 1);
    } else if (e.key === 'Enter') {
      const row = rowAt(activeIndex);
      if (row) onOpenRecord(row.registryNumber, row.register);
    }
  };

  const error = search ? search.error : pages.error;
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const cols = ['registryNumber', 'registrationDate', 'counterpart', 'referenceNumber', 'subject', 'channel'] as const;

  return (
    <section
      className="register"
      aria-labelledby="register-heading"
      data-testid="register-screen"
      data-search-query={search?.query ?? ''}
      data-search-state={search ? (search.loading ? 'loading' : 'idle') : 'off'}
    >
      <div className="screen-head">
        <h2 id="register-heading" tabIndex={-1} data-screen-heading>
          {t('register.heading')}
        </h2>
        <span className="muted" role="status" data-testid="register-count">
          {search
            ? t('register.results', { count: search.rows.length, formatted: formatCount(search.rows.length, i18n.language, indic) })
            : pages.total !== null && t('register.total', { count: pages.total })}
        </span>
      </div>
      <form
        className="search-bar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(typed.trim());
        }}
      >
        <label htmlFor="register-search">{t('register.search')}</label>
        <input
          id="register-search"
          ref={searchRef}
          type="search"
          value={typed}
          aria-describedby="register-search-hint"
          title={t('shortcut', { label: t('register.search'), keys: '/' })}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              moveTo(0);
            }
          }}
          data-testid="register-search"
        />
        <small id="register-search-hint" className="hint">
          {t('register.searchHint')}
        </small>
      </form>
      {error && <ErrorBox error={error} />}
      <div className="grid-table" role="table" aria-label={t('register.table')} aria-rowcount={count + 1}>
        <div role="rowgroup">
          <div role="row" className="grid-row grid-head" aria-rowindex={1}>
            {cols.map((c) => (
              <span key={c} role="columnheader" className={`cell col-${c}`}>
                {t(`register.col.${c}`)}
              </span>
            ))}
          </div>
        </div>
        <div ref={setScrollBox} className="grid-body" role="rowgroup" onKeyDown={onListKey} data-testid="register-rows">
          <div style={{ height: scaled?.realHeight ?? Math.min(count * ROW_HEIGHT, MAX_SCROLL_PX) }} className="grid-spacer" />
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.index}
                role="row"
                data-index={item.index}
                data-testid={row ? 'register-row' : 'register-row-loading'}
                aria-rowindex={item.index + 2}
                tabIndex={item.index === activeIndex ? 0 : -1}
                className={`grid-row${row?.annulled ? ' annulled' : ''}`}
                style={{ transform: `translateY(${item.top}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  setActiveIndex(item.index);
                  if (row) onOpenRecord(row.registryNumber, row.register);
                }}
                onFocus={() => setActiveIndex(item.index)}
              >
                {row ? (
                  <>
                    <span role="cell" className="cell col-registryNumber">
                      <Num value={row.registryNumber} className="strong" />
                      {row.annulled && <span className="chip warn">{t('register.annulled')}</span>}
                    </span>
                    <span role="cell" className="cell col-registrationDate">
                      <DualDate iso={row.registrationDate} compact />
                    </span>
                    <span role="cell" className="cell col-counterpart" title={row.counterpartName}>
                      {row.counterpartName}
                    </span>
                    <span role="cell" className="cell col-referenceNumber">
                      {row.referenceNumber ? <Num value={row.referenceNumber} /> : '—'}
                    </span>
                    <span role="cell" className="cell col-subject" title={row.snippet ?? row.subject}>
                      {row.subject}
                    </span>
                    <span role="cell" className="cell col-channel">
                      {t(`channel.${row.channel}`)}
                    </span>
                  </>
                ) : (
                  <span role="cell" className="cell loading-cell">
                    {t('register.loading')}
                  </span>
                )}
              </div>
            );
          })}
        </div>
        {count === 0 && !error && (search ? search.done : pages.total !== null) && (
          <p className="notice empty">{search ? t('register.noResults') : t('register.empty')}</p>
        )}
      </div>
    </section>
  );
}
