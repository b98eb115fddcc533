/**
 * Intake of incoming paper letters: open (button, Ctrl+O) or drop files; each file is read (progress,
 * Cancel), analysed by the services (`intake.analyse`), shown as page image + OCR text + suggested
 * fields, and registered with Enter. The registry number is then shown prominently and the next file
 * opens. A half-filled form is kept in localStorage (draft.ts) and restored on the next start.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, Analysis, RegistrationDetail, RegistrationSummary } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { clearDraft, loadDraft, saveDraft } from './draft.ts';
import { FieldsForm } from './FieldsForm.tsx';
import { evidenceOf, formFromAnalysis, refreshFormSuggestions, toRegisterInput, type FieldName, type IntakeForm } from './form.ts';
import { OcrText } from './OcrText.tsx';
import { PageImage, PageSwitcher, RerunOcr } from './PagePanel.tsx';
import { ScanPanel } from './ScanPanel.tsx';
import { readFileAsBase64 } from './read-file.ts';
import { StampActions } from '../record/StampActions.tsx';
import { AttachedBanner, RegistrationMatch } from './RegistrationMatch.tsx';
import { TwinLinkedBanner, TwinMatch } from './TwinMatch.tsx';

export interface IntakeHandle {
  /** Opens the file chooser (Ctrl+O). */
  openFiles(): void;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string; loaded: number; total: number }
  | { kind: 'analysing'; fileName: string; startedAt: number }
  | { kind: 'ready'; analysis: Analysis; form: IntakeForm; restored: boolean }
  | { kind: 'failed'; fileName: string; error: ErrorValue }
  | { kind: 'cancelled'; fileName: string };

interface Props {
  active: boolean;
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

export const IntakeScreen = forwardRef<IntakeHandle, Props>(function IntakeScreen({ active, onOpenRecord }, ref) {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>(() => {
    const d = loadDraft();
    return d ? { kind: 'ready', analysis: d.analysis, form: d.form, restored: true } : { kind: 'idle' };
  });
  const [queueCount, setQueueCount] = useState(0);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [lastRegistered, setLastRegistered] = useState<RegistrationSummary | null>(null);
  // The registration the last file was attached to as a continuation (RegistrationMatch).
  const [lastAttached, setLastAttached] = useState<RegistrationDetail | null>(null);
  // The registration the last file was linked to as its twin (TwinMatch).
  const [lastLinked, setLastLinked] = useState<RegistrationSummary | null>(null);
  const [registerError, setRegisterError] = useState<ErrorValue | null>(null);
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState(0);
  const [activeField, setActiveField] = useState<FieldName | null>(null);
  const [dragging, setDragging] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const queue = useRef<File[]>([]);
  const abort = useRef<AbortController | null>(null);
  const generation = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useImperativeHandle(ref, () => ({ openFiles: () => fileInput.current?.click() }), []);

  useEffect(() => {
    void api['directory.list']({}).then((r) => {
      if (r.ok) setAgencies(r.value);
    });
  }, []);

  // Keep the half-filled form safe.
  useEffect(() => {
    if (phase.kind === 'ready') saveDraft(phase.analysis, phase.form);
  }, [phase]);

  // A ticking clock while the services read the text.
  useEffect(() => {
    if (phase.kind !== 'analysing') return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [phase.kind]);

  const processNext = useCallback(async () => {
    const file = queue.current.shift();
    setQueueCount(queue.current.length);
    if (!file) {
      setPhase({ kind: 'idle' });
      return;
    }
    const gen = ++generation.current;
    const controller = new AbortController();
    abort.current = controller;
    setRegisterError(null);
    setPage(0);
    setActiveField(null);
    setPhase({ kind: 'reading', fileName: file.name, loaded: 0, total: file.size });
    let base64: string;
    try {
      base64 = await readFileAsBase64(
        file,
        (loaded, total) => {
          if (gen === generation.current) setPhase({ kind: 'reading', fileName: file.name, loaded, total });
        },
        controller.signal,
      );
    } catch (err) {
      if (gen !== generation.current) return;
      setPhase({ kind: 'failed', fileName: file.name, error: { kind: 'corrupt_file', message: String(err) } });
      return;
    }
    if (gen !== generation.current) return;
    setNow(Date.now());
    setPhase({ kind: 'analysing', fileName: file.name, startedAt: Date.now() });
    const r = await api['intake.analyse']({ fileName: file.name, dataBase64: base64 });
    if (gen !== generation.current) return; // cancelled meanwhile
    if (!r.ok) {
      setPhase({ kind: 'failed', fileName: file.name, error: r.error });
      return;
    }
    const firstEvidencePage = r.value.suggestions.counterpart?.evidence?.page ?? 0;
    setPage(firstEvidencePage);
    setPhase({ kind: 'ready', analysis: r.value, form: formFromAnalysis(r.value), restored: false });
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[role="combobox"]')?.focus());
  }, []);

  const enqueue = useCallback(
    (files: FileList | File[]) => {
      const list = Array.from(files).filter((f) => f.size >= 0);
      if (list.length === 0) return;
      queue.current.push(...list);
      setQueueCount(queue.current.length);
      const busyNow = phase.kind === 'reading' || phase.kind === 'analysing' || phase.kind === 'ready';
      if (!busyNow) void processNext();
    },
    [phase.kind, processNext],
  );

  const cancel = () => {
    abort.current?.abort();
    generation.current++;
    const name = phase.kind === 'reading' || phase.kind === 'analysing' ? phase.fileName : '';
    queue.current = [];
    setQueueCount(0);
    setPhase({ kind: 'cancelled', fileName: name });
  };

  const discard = () => {
    clearDraft();
    void processNext();
  };

  const register = async () => {
    if (phase.kind !== 'ready' || busy) return;
    setBusy(true);
    setRegisterError(null);
    const r = await api['registry.register'](toRegisterInput(phase.analysis, phase.form));
    setBusy(false);
    if (!r.ok) {
      setRegisterError(r.error);
      return;
    }
    if (r.value.registration) {
      setLastAttached(null);
      setLastLinked(null);
      setLastRegistered(r.value.registration);
      clearDraft();
      await processNext();
      requestAnimationFrame(() => headingRef.current?.focus());
    }
  };

  // Files dropped anywhere on the window, while this screen is shown.
  useEffect(() => {
    if (!active) return undefined;
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        setDragging(true);
      }
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setDragging(false);
      enqueue(e.dataTransfer.files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [active, enqueue]);

  const focusField = (field: FieldName | null) => {
    setActiveField(field);
    if (field && phase.kind === 'ready') {
      const ev = evidenceOf(phase.analysis)[field];
      if (ev && ev.page !== page) setPage(ev.page);
    }
  };
  const pickFieldFromText = (field: FieldName) => {
    const selector: Record<FieldName, string> = {
      counterpart: 'input[role="combobox"]',
      referenceNumber: 'input[id$="-refno"]',
      referenceDate: 'input[id$="-refdate"]',
      subject: 'textarea',
      attachmentsCount: 'input[type="number"]',
    };
    formRef.current?.querySelector<HTMLElement>(selector[field])?.focus();
  };

  const busyReading = phase.kind === 'reading' || phase.kind === 'analysing';
  // Esc cancels the reading in progress.
  const cancelRef = useRef(cancel);
  cancelRef.current = cancel;
  useEffect(() => {
    if (!busyReading || !active) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busyReading, active]);

  return (
    <section className="intake" aria-labelledby="intake-heading" data-testid="intake-screen">
      <div className="screen-head">
        <h2 id="intake-heading" tabIndex={-1} ref={headingRef} data-screen-heading>
          {t('intake.heading')}
        </h2>
        <div className="row">
          <label className="button" title={t('shortcut', { label: t('intake.openFiles'), keys: 'Ctrl+O' })}>
            {t('intake.openFiles')}
            <input
              ref={fileInput}
              type="file"
              className="visually-hidden"
              aria-label={t('intake.fileInput')}
              multiple
              accept=".png,.jpg,.jpeg,.tif,.tiff,.webp,.pdf,image/*,application/pdf"
              data-testid="file-input"
              onChange={(e) => {
                if (e.target.files) enqueue(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          {queueCount > 0 && (
            <span className="chip" role="status">
              {t('intake.queue', { count: queueCount })}
            </span>
          )}
        </div>
      </div>

      <ScanPanel onOpenRecord={onOpenRecord} />

      {lastRegistered && (
        <div className="registered-banner" role="status" aria-live="polite" data-testid="registered-banner">
          <span>{t('intake.registeredAs')}</span>
          <Num value={lastRegistered.registryNumber} className="registry-number" />
          <span className="muted">{t('intake.registeredDetail', { counterpart: lastRegistered.counterpartName, subject: lastRegistered.subject })}</span>
          <button type="button" className="link" onClick={() => onOpenRecord(lastRegistered.registryNumber, lastRegistered.register)}>
            {t('intake.openRecord', { number: lastRegistered.registryNumber })}
          </button>
          <StampActions registryNumber={lastRegistered.registryNumber} register={lastRegistered.register} />
        </div>
      )}

      {lastAttached && <AttachedBanner record={lastAttached} onOpenRecord={onOpenRecord} />}
      {lastLinked && <TwinLinkedBanner registration={lastLinked} onOpenRecord={onOpenRecord} />}

      {dragging && <div className="drop-overlay" aria-hidden="true">{t('intake.dropActive')}</div>}

      {busyReading && (
        <div className="progress-box" role="status" aria-live="polite" data-testid="intake-progress">
          {phase.kind === 'reading' ? (
            <>
              <p>{t('intake.reading', { file: phase.fileName, percent: phase.total ? Math.round((100 * phase.loaded) / phase.total) : 0 })}</p>
              <progress max={phase.total || 1} value={phase.loaded} aria-label={phase.fileName} />
            </>
          ) : (
            <>
              <p>{t('intake.analysing', { file: phase.fileName, seconds: Math.max(0, Math.round((now - phase.startedAt) / 1000)) })}</p>
              <progress aria-label={phase.fileName} />
            </>
          )}
          <button type="button" onClick={cancel} title={t('shortcut', { label: t('intake.cancel'), keys: 'Esc' })}>
            {t('intake.cancel')}
          </button>
        </div>
      )}

      {phase.kind === 'failed' && (
        <div className="failed">
          <p>
            <bdi>{phase.fileName}</bdi>
          </p>
          <ErrorBox error={phase.error} onDismiss={() => void processNext()} />
        </div>
      )}
      {phase.kind === 'cancelled' && <p className="notice">{t('intake.cancelled', { file: phase.fileName })}</p>}
      {phase.kind === 'idle' && !lastRegistered && <p className="notice drop-hint">{t('intake.dropHere')}</p>}

      {phase.kind === 'ready' && (
        <>
          {phase.restored && (
            <p className="notice" role="status">
              {t('intake.draftRestored', { file: phase.analysis.fileName })}
            </p>
          )}
          <p className="muted file-info" data-testid="file-info">
            <bdi>{phase.analysis.fileName}</bdi> · {t('intake.pages_count', { count: phase.analysis.pages.length })}
            {phase.analysis.meanConfidence !== null && <> · {t('intake.meanConfidence', { value: Math.round(phase.analysis.meanConfidence) })}</>}
            {' '}
            <button type="button" className="link" onClick={discard}>
              {t('intake.discard')}
            </button>
          </p>
          {phase.analysis.matchesRegistration && (
            <RegistrationMatch
              analysis={phase.analysis}
              match={phase.analysis.matchesRegistration}
              onOpenRecord={onOpenRecord}
              onAttached={(record) => {
                setLastRegistered(null);
                setLastAttached(record);
                clearDraft();
                void processNext();
              }}
            />
          )}
          {!phase.analysis.matchesRegistration && !phase.analysis.alreadyRegistered && (
            <TwinMatch
              key={phase.analysis.sha256}
              analysis={phase.analysis}
              {...(phase.form?.channel ? { channel: phase.form.channel } : {})}
              {...(phase.form?.transport ? { transport: phase.form.transport } : {})}
              onOpenRecord={onOpenRecord}
              onLinked={(registration) => {
                setLastRegistered(null);
                setLastAttached(null);
                setLastLinked(registration);
                clearDraft();
                void processNext();
              }}
            />
          )}
          <div className="intake-grid" lang={i18n.language}>
            <div className="panel fields-panel">
              <FieldsForm
                ref={formRef}
                analysis={phase.analysis}
                form={phase.form}
                agencies={agencies}
                busy={busy}
                onChange={(form) => setPhase({ ...phase, form })}
                onFocusField={focusField}
                onSubmit={() => void register()}
                onOpenRecord={(n, reg) => onOpenRecord(n, reg)}
              />
              {registerError && <ErrorBox error={registerError} onDismiss={() => setRegisterError(null)} />}
            </div>
            <div className="panel text-panel">
              <h3>{t('intake.ocrText')}</h3>
              <PageSwitcher analysis={phase.analysis} page={page} onPage={setPage} />
              {phase.analysis.pages[page] && (
                <OcrText page={phase.analysis.pages[page]} evidence={evidenceOf(phase.analysis)} activeField={activeField} onPickField={pickFieldFromText} />
              )}
              <p className="legend muted">
                <mark className="evidence">{t('intake.legendEvidence')}</mark> <span className="low-conf">{t('intake.legendLow')}</span>
              </p>
              <RerunOcr
                analysis={phase.analysis}
                page={page}
                onAnalysis={(updated) =>
                  setPhase((p) => (p.kind === 'ready' && p.analysis.sha256 === updated.sha256 ? { ...p, analysis: updated, form: refreshFormSuggestions(p.analysis, updated, p.form) } : p))
                }
              />
            </div>
            <div className="panel image-panel">
              <PageImage analysis={phase.analysis} page={page} />
            </div>
          </div>
        </>
      )}
    </section>
  );
});
