/**
 * The text read from one page, with each suggested field's evidence marked and low-confidence words
 * underlined. Each line takes its own direction (`unicode-bidi: plaintext`), so Arabic lines run right
 * to left and Latin lines left to right whatever the UI language. Clicking a mark focuses its field.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evidence, PageAnalysis } from '../../shared/contract/index.ts';
import type { FieldName } from './form.ts';
import { segmentText } from './segments.ts';

interface Props {
  page: PageAnalysis;
  evidence: Partial<Record<FieldName, Evidence>>;
  activeField: FieldName | null;
  onPickField: (field: FieldName) => void;
}

export function OcrText({ page, evidence, activeField, onPickField }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!activeField) return;
    const mark = ref.current?.querySelector<HTMLElement>(`mark[data-field~="${activeField}"]`);
    mark?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeField, page.index]);

  if (page.text.trim() === '') return <p className="muted">{t('intake.noText')}</p>;
  const segments = segmentText(page.text, evidence, page.index, page.lowConfidenceWords);
  return (
    <div ref={ref} className="ocr-text" data-testid="ocr-text" lang="ar" tabIndex={0} role="region" aria-label={t('intake.ocrText')}>
      {segments.map((s) => {
        let node: ReactNode = s.text;
        if (s.lowConfidence !== null) {
          node = (
            <span className="low-conf" title={t('intake.lowConfidenceWord', { value: Math.round(s.lowConfidence) })}>
              {node}
            </span>
          );
        }
        if (s.fields.length > 0) {
          const first = s.fields[0] as FieldName;
          node = (
            <mark
              className={`evidence ev-${first}${activeField && s.fields.includes(activeField) ? ' active' : ''}`}
              data-field={s.fields.join(' ')}
              title={s.fields.map((f) => t(`fields.${f === 'attachmentsCount' ? 'attachments' : f}`)).join('، ')}
              onClick={() => onPickField(first)}
            >
              {node}
            </mark>
          );
        }
        return <span key={s.start}>{node}</span>;
      })}
    </div>
  );
}
