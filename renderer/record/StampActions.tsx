/**
 * The registry stamp's actions for one registration: print the stamp label (62 × 29 mm PDF, opened in
 * a new window where the viewer prints it), save the label, and open the archival PDF (scan, text
 * layer, stamp). Where a new window is not allowed (the desktop app), the PDF is saved instead.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Direction } from '../../shared/contract/registry.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

interface Props {
  registryNumber: string;
  register: string | null;
}

function asDirection(register: string | null): Direction | null {
  return register === 'incoming' || register === 'outgoing' || register === 'internal' ? register : null;
}

function pdfUrl(base64: string): string {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** Opens a PDF in a new window, or saves it when no window may open; the URL is revoked later. */
function handOver(base64: string, fileName: string, mode: 'open' | 'save'): void {
  const url = pdfUrl(base64);
  const opened = mode === 'open' ? window.open(url, '_blank', 'noopener') : null;
  if (opened === null) {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName.replace(/[\\/]/g, '_');
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  }
  window.setTimeout(() => URL.revokeObjectURL(url), 120_000);
}

export function StampActions({ registryNumber, register }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'label' | 'archival' | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);

  async function label(mode: 'open' | 'save') {
    setBusy('label');
    setError(null);
    const r = await api['registry.label']({ registryNumber, register: asDirection(register) });
    setBusy(null);
    if (r.ok) handOver(r.value.dataBase64, r.value.fileName, mode);
    else setError(r.error);
  }

  async function archival() {
    setBusy('archival');
    setError(null);
    const r = await api['registry.archivalPdf']({ registryNumber, register: asDirection(register) });
    setBusy(null);
    if (r.ok) handOver(r.value.dataBase64, r.value.fileName, 'open');
    else setError(r.error);
  }

  return (
    <div className="stamp-actions" role="group" aria-label={t('stamp.actions')} data-testid="stamp-actions">
      <button type="button" onClick={() => void label('open')} disabled={busy !== null} data-testid="print-label">
        {t('stamp.printLabel')}
      </button>
      <button type="button" onClick={() => void label('save')} disabled={busy !== null} data-testid="save-label">
        {t('stamp.saveLabel')}
      </button>
      <button type="button" onClick={() => void archival()} disabled={busy !== null} data-testid="archival-pdf">
        {busy === 'archival' ? t('stamp.building') : t('stamp.archivalPdf')}
      </button>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
