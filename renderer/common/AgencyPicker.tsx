/**
 * Picks one agency of the directory (`directory.list`) by typing part of its Arabic or English name,
 * an alias or its code; matching ignores hamza forms, diacritics and case (shared normalisation).
 * ARIA combobox: ArrowDown/ArrowUp move, Enter picks, Escape closes. Unlike the intake's counterpart
 * field, only a directory entry can be chosen: `onPick(null)` while the text names none.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../shared/contract/index.ts';
import { normalise } from '../../shared/text/normalise.ts';

interface Props {
  id: string;
  agencies: Agency[];
  /** Codes not offered (the sender itself, agencies already chosen). */
  exclude?: readonly string[];
  describedBy?: string;
  placeholder?: string;
  /** Clear the text after a pick (multi-selection lists). */
  clearOnPick?: boolean;
  onPick: (agency: Agency | null) => void;
  testId?: string;
}

const MAX_OPTIONS = 8;

/** @returns the agency's name in the UI language. */
export function agencyName(a: Pick<Agency, 'nameAr' | 'nameEn'>, lang: string): string {
  return lang === 'en' ? a.nameEn : a.nameAr;
}

/** @returns agencies matching the typed text (all when empty), at most `max`. */
export function matchAgencies(agencies: readonly Agency[], typed: string, exclude: readonly string[] = [], max = MAX_OPTIONS): Agency[] {
  const q = normalise(typed);
  const out: Agency[] = [];
  for (const a of agencies) {
    if (exclude.includes(a.code)) continue;
    if (q === '' || [a.nameAr, a.nameEn, a.code, ...a.aliases].some((k) => normalise(k).includes(q))) out.push(a);
    if (out.length >= max) break;
  }
  return out;
}

export function AgencyPicker({ id, agencies, exclude = [], describedBy, placeholder, clearOnPick, onPick, testId }: Props) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const options = useMemo(() => matchAgencies(agencies, text, exclude), [agencies, text, exclude]);

  const pick = (a: Agency) => {
    setText(clearOnPick ? '' : agencyName(a, i18n.language));
    setOpen(false);
    setActive(0);
    onPick(a);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && open && options[active]) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="combo">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          setOpen(true);
          setActive(0);
          const exact = agencies.find((a) => !exclude.includes(a.code) && [a.nameAr, a.nameEn, a.code].some((k) => normalise(k) === normalise(v)));
          if (!clearOnPick) onPick(exact ?? null);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {open && (
        <ul id={listId} role="listbox" className="combo-list" aria-label={t('fields.counterpartOptions')}>
          {options.length === 0 ? (
            <li role="option" aria-selected={false} aria-disabled="true" className="muted">
              {t('inbox.noMatch')}
            </li>
          ) : (
            options.map((a, i) => (
              <li
                key={a.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(a);
                }}
              >
                <span lang="ar">{a.nameAr}</span> <span className="muted" lang="en">
                  {a.nameEn}
                </span>{' '}
                <bdi dir="ltr" className="chip">
                  {a.code}
                </bdi>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
