/**
 * The counterpart agency field: free text with a searchable pick-list from the directory
 * (`directory.list`). Matching ignores hamza forms, diacritics and case (shared normalisation), over
 * Arabic and English names and aliases. ARIA combobox pattern: ArrowDown/ArrowUp move, Enter picks,
 * Escape closes; Enter with the list closed submits the form.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency } from '../../shared/contract/index.ts';
import { normalise } from '../../shared/text/normalise.ts';

interface Props {
  id: string;
  agencies: Agency[];
  name: string;
  code: string | null;
  describedBy?: string;
  onChange: (name: string, code: string | null) => void;
  onFocus: () => void;
}

const MAX_OPTIONS = 8;

export function CounterpartPicker({ id, agencies, name, code, describedBy, onChange, onFocus }: Props) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const index = useMemo(
    () => agencies.map((a) => ({ agency: a, keys: [a.nameAr, a.nameEn, a.code, ...a.aliases].map((k) => normalise(k)) })),
    [agencies],
  );
  const options = useMemo(() => {
    const q = normalise(name);
    if (q === '') return index.slice(0, MAX_OPTIONS).map((x) => x.agency);
    return index.filter((x) => x.keys.some((k) => k.includes(q))).slice(0, MAX_OPTIONS).map((x) => x.agency);
  }, [index, name]);

  const pick = (a: Agency) => {
    onChange(i18n.language === 'en' ? a.nameEn : a.nameAr, a.code);
    setOpen(false);
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
      setOpen(false);
    }
  };

  const known = code !== null && agencies.some((a) => a.code === code);
  return (
    <div className="combo">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        value={name}
        required
        onFocus={onFocus}
        onChange={(e) => {
          const v = e.target.value;
          const exact = agencies.find((a) => normalise(a.nameAr) === normalise(v) || normalise(a.nameEn) === normalise(v));
          onChange(v, exact ? exact.code : null);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {known ? (
        <span className="chip" dir="ltr">
          {code}
        </span>
      ) : name.trim() !== '' ? (
        <span className="chip warn">{t('fields.notInDirectory')}</span>
      ) : null}
      {open && options.length > 0 && (
        <ul id={listId} role="listbox" className="combo-list" aria-label={t('fields.counterpartOptions')}>
          {options.map((a, i) => (
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
              <span lang="ar">{a.nameAr}</span> <span className="muted" lang="en">{a.nameEn}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
