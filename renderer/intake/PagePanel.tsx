/**
 * The page image (from `intake.pagePreview`) with the page switcher; each page button shows its OCR
 * confidence (or "text layer"). Alt+PageDown / Alt+PageUp switch pages.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';

interface Props {
  analysis: Analysis;
  page: number;
  onPage: (page: number) => void;
}

/** The page buttons (shared by the image and text panels). */
export function PageSwitcher({ analysis, page, onPage }: Props) {
  const { t } = useTranslation();
  const n = analysis.pages.length;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      if (e.key === 'PageDown' && page + 1 < n) {
        e.preventDefault();
        onPage(page + 1);
      } else if (e.key === 'PageUp' && page > 0) {
        e.preventDefault();
        onPage(page - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [page, n, onPage]);
  return (
    <div className="page-switcher" role="group" aria-label={t('intake.pages')}>
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)} title={t('shortcut', { label: t('intake.prevPage'), keys: 'Alt+PageUp' })} aria-label={t('intake.prevPage')}>
        <span aria-hidden="true" className="flip">‹</span>
      </button>
      {analysis.pages.map((p) => {
        const low = p.confidence !== null && p.confidence < 70;
        return (
          <button key={p.index} type="button" aria-pressed={p.index === page} className={p.index === page ? 'pill active' : 'pill'} onClick={() => onPage(p.index)}>
            {t('intake.page', { page: p.index + 1 })}{' '}
            <span className={low ? 'conf low' : 'conf'} data-testid={`page-confidence-${p.index}`}>
              {p.confidence === null ? t('intake.textLayer') : t('intake.pageConfidence', { value: Math.round(p.confidence) })}
            </span>
          </button>
        );
      })}
      <button type="button" disabled={page + 1 >= n} onClick={() => onPage(page + 1)} title={t('shortcut', { label: t('intake.nextPage'), keys: 'Alt+PageDown' })} aria-label={t('intake.nextPage')}>
        <span aria-hidden="true" className="flip">›</span>
      </button>
    </div>
  );
}

/** The page image. */
export function PageImage({ analysis, page }: { analysis: Analysis; page: number }) {
  const { t } = useTranslation();
  const [img, setImg] = useState<{ key: string; dataUrl: string } | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const key = `${analysis.sha256}:${page}`;
  useEffect(() => {
    let live = true;
    setError(null);
    void api['intake.pagePreview']({ sha256: analysis.sha256, page, maxWidth: 1200 }).then((r) => {
      if (!live) return;
      if (r.ok) setImg({ key, dataUrl: r.value.dataUrl });
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [analysis.sha256, page, key]);
  if (error) return <ErrorBox error={error} />;
  if (!img || img.key !== key) return <div className="page-image loading" aria-busy="true" />;
  return (
    <figure className="page-image">
      <img src={img.dataUrl} alt={t('intake.pageImage', { page: page + 1, file: analysis.fileName })} data-testid="page-image" />
      <figcaption className="muted">
        <Num value={`${page + 1} / ${analysis.pages.length}`} />
      </figcaption>
    </figure>
  );
}
