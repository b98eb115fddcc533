/**
 * Views inside one screen as a WAI-ARIA tab list (the Alt+digit shortcuts all name screens, so new
 * views live inside them): arrow keys, Home and End move between tabs on the tab list (mirrored in
 * right-to-left), and Ctrl+PageDown / Ctrl+PageUp switch views from anywhere while the screen is shown.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  testId: string;
}

/**
 * @param active the screen is shown (Ctrl+PageDown/PageUp only then).
 * @param idBase prefix of the tab and panel ids (`{idBase}-tab-{key}`, `{idBase}-panel`).
 */
export function ScreenTabs<K extends string>({ tabs, current, onSelect, active, idBase }: { tabs: Array<TabDef<K>>; current: K; onSelect: (k: K) => void; active: boolean; idBase: string }) {
  const { t, i18n } = useTranslation();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const index = Math.max(0, tabs.findIndex((x) => x.key === current));
  const move = (delta: number, focus: boolean) => {
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    if (next === undefined) return;
    onSelect(next.key);
    if (focus) requestAnimationFrame(() => refs.current.get(next.key)?.focus());
  };
  const moveRef = useRef(move);
  moveRef.current = move;

  useEffect(() => {
    if (!active) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && (e.key === 'PageDown' || e.key === 'PageUp')) {
        e.preventDefault();
        moveRef.current(e.key === 'PageDown' ? 1 : -1, false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const rtl = i18n.language !== 'en';
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      move((e.key === 'ArrowRight') !== rtl ? 1 : -1, true);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      move(e.key === 'Home' ? -index : tabs.length - 1 - index, true);
    }
  };

  return (
    <div className="screen-tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKeyDown}>
      {tabs.map((x) => (
        <button
          key={x.key}
          ref={(el) => {
            if (el) refs.current.set(x.key, el);
            else refs.current.delete(x.key);
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${x.key}`}
          aria-selected={x.key === current}
          aria-controls={`${idBase}-panel`}
          tabIndex={x.key === current ? 0 : -1}
          className={x.key === current ? 'pill active' : 'pill'}
          title={t('tabs.hint', { label: x.label })}
          data-testid={x.testId}
          onClick={() => onSelect(x.key)}
        >
          {x.label}
        </button>
      ))}
    </div>
  );
}
