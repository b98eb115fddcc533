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
  // The page is shown turned as it was read: a re-read with another rotation fetches it again.
  const rotation = analysis.pages[page]?.rotation ?? 0;
  const key = `${analysis.sha256}:${page}:${rotation}`;
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
  }, [analysis.sha256, page, key, rotation]);
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

type LanguageChoice = '' | 'ara' | 'eng' | 'ara+eng';
type SegmentationChoice = '' | 'single_block' | 'auto';
type RotationChoice = '' | '0' | '90' | '180' | '270';

/**
 * "Re-run OCR" for the page shown: the clerk may choose the languages, the page segmentation and the
 * rotation (each left on "automatic" is chosen as on the first reading); `intake.rerunOcr` reads the page
 * again and returns the updated analysis, handed to `onAnalysis`. Errors are shown translated.
 */
export function RerunOcr({ analysis, page, onAnalysis }: { analysis: Analysis; page: number; onAnalysis: (a: Analysis) => void }) {
  const { t } = useTranslation();
  const [languages, setLanguages] = useState<LanguageChoice>('');
  const [segmentation, setSegmentation] = useState<SegmentationChoice>('');
  const [rotation, setRotation] = useState<RotationChoice>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const current = analysis.pages[page];
  useEffect(() => setError(null), [analysis.sha256, page]);
  if (!current) return null;
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await api['intake.rerunOcr']({
      sha256: analysis.sha256,
      page,
      ...(languages ? { languages } : {}),
      ...(segmentation ? { segmentation } : {}),
      ...(rotation ? { rotation: Number(rotation) as 0 | 90 | 180 | 270 } : {}),
    });
    setBusy(false);
    if (r.ok) onAnalysis(r.value);
    else setError(r.error);
  };
  return (
    <fieldset className="rerun-ocr" data-testid="rerun-ocr" disabled={busy}>
      <legend>{t('intake.rerun.heading', { page: page + 1 })}</legend>
      <div className="row">
        <label>
          {t('intake.rerun.languages')}{' '}
          <select value={languages} onChange={(e) => setLanguages(e.target.value as LanguageChoice)} data-testid="rerun-languages">
            <option value="">{t('intake.rerun.automatic')}</option>
            <option value="ara">{t('intake.rerun.ara')}</option>
            <option value="eng">{t('intake.rerun.eng')}</option>
            <option value="ara+eng">{t('intake.rerun.both')}</option>
          </select>
        </label>
        <label>
          {t('intake.rerun.segmentation')}{' '}
          <select value={segmentation} onChange={(e) => setSegmentation(e.target.value as SegmentationChoice)} data-testid="rerun-segmentation">
            <option value="">{t('intake.rerun.automatic')}</option>
            <option value="single_block">{t('intake.rerun.singleBlock')}</option>
            <option value="auto">{t('intake.rerun.columns')}</option>
          </select>
        </label>
        <label>
          {t('intake.rerun.rotation')}{' '}
          <select value={rotation} onChange={(e) => setRotation(e.target.value as RotationChoice)} data-testid="rerun-rotation">
            <option value="">{t('intake.rerun.automatic')}</option>
            {(['0', '90', '180', '270'] as const).map((d) => (
              <option key={d} value={d}>
                {t('intake.rerun.degrees', { value: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void run()} data-testid="rerun-button" aria-busy={busy}>
          {busy ? t('intake.rerun.running') : t('intake.rerun.button')}
        </button>
      </div>
      {current.source === 'ocr' && current.languages && (
        <p className="muted" data-testid="rerun-last">
          {t('intake.rerun.lastRead', {
            languages: t(`intake.rerun.${current.languages === 'ara+eng' ? 'both' : current.languages === 'eng' ? 'eng' : 'ara'}`),
            segmentation: current.segmentation === 'auto' ? t('intake.rerun.columns') : t('intake.rerun.singleBlock'),
            rotation: current.rotation,
          })}
        </p>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </fieldset>
  );
}
