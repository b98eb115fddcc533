/**
 * An outgoing letter (Alt+4): recipients (to, and cc for information) from the directory, the
 * documents (opened with the button or Ctrl+O, or dropped on the window; each is stored and read by
 * `intake.analyse`, which gives its SHA-256; one is marked main), subject, classification, priority,
 * reply-by date and whether a paper copy follows. "Register and send" (`outgoing.send`) registers it
 * in the outgoing register and queues it for the exchange in one step, then opens the record.
 * The half-prepared letter is kept in localStorage (draft.ts) until it is registered.
 */
import { forwardRef, useCallback, useEffect, useId, useImperativeHandle, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agency, Classification, Priority } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useExchangeStatus } from '../exchange/status-context.tsx';
import { parseIsoDateInput } from '../intake/form.ts';
import { readFileAsBase64 } from '../intake/read-file.ts';
import { loadOutgoingDraft, saveOutgoingDraft, type StoredDoc } from './draft.ts';
import { RecipientsField } from './RecipientsField.tsx';

// The contract's lists, restated type-checked so the bundle does not pull in zod.
const CLASSIFICATIONS = ['ordinary', 'confidential', 'secret'] as const satisfies readonly Classification[];
const PRIORITIES = ['normal', 'urgent', 'very_urgent'] as const satisfies readonly Priority[];

export interface OutgoingHandle {
  openFiles(): void;
}

interface Doc {
  key: number;
  fileName: string;
  /** Set once the services stored and read it. */
  stored: StoredDoc | null;
  error: ErrorValue | null;
}

interface Props {
  active: boolean;
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

const draft = loadOutgoingDraft();
let nextKey = Math.max(0, ...(draft?.docs.map((d) => d.key) ?? [])) + 1;

export const OutgoingScreen = forwardRef<OutgoingHandle, Props>(function OutgoingScreen({ active, onOpenRecord }, ref) {
  const { t } = useTranslation();
  const uid = useId();
  const id = (f: string) => `${uid}-${f}`;
  const { status, refresh } = useExchangeStatus();
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [to, setTo] = useState<string[]>(draft?.to ?? []);
  const [cc, setCc] = useState<string[]>(draft?.cc ?? []);
  const [docs, setDocs] = useState<Doc[]>(() => draft?.docs.map((d) => ({ ...d, error: null })) ?? []);
  const [mainKey, setMainKey] = useState<number | null>(draft?.mainKey ?? null);
  const [subject, setSubject] = useState(draft?.subject ?? '');
  const [classification, setClassification] = useState<Classification>(draft?.classification ?? 'ordinary');
  const [priority, setPriority] = useState<Priority>(draft?.priority ?? 'normal');
  const [replyBy, setReplyBy] = useState(draft?.replyBy ?? '');
  const [paperFollows, setPaperFollows] = useState(draft?.paperFollows ?? false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  // Keep the half-prepared letter safe.
  useEffect(() => {
    const kept = docs.flatMap((d) => (d.stored ? [{ key: d.key, fileName: d.fileName, stored: d.stored }] : []));
    saveOutgoingDraft({ to, cc, docs: kept, mainKey, subject, classification, priority, replyBy, paperFollows });
  }, [to, cc, docs, mainKey, subject, classification, priority, replyBy, paperFollows]);

  useImperativeHandle(ref, () => ({ openFiles: () => fileInput.current?.click() }), []);

  useEffect(() => {
    void api['directory.list']({}).then((r) => {
      if (r.ok) setAgencies(r.value);
    });
  }, []);

  // Files are read one after another (the OCR runs one page at a time anyway).
  const addFiles = useCallback((files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = nextKey++;
      setDocs((d) => [...d, { key, fileName: file.name, stored: null, error: null }]);
      setMainKey((m) => m ?? key);
      queue.current = queue.current.then(async () => {
        let update: Partial<Doc>;
        try {
          const base64 = await readFileAsBase64(file, () => undefined, new AbortController().signal);
          const r = await api['intake.analyse']({ fileName: file.name, dataBase64: base64 });
          update = r.ok
            ? { stored: { sha256: r.value.sha256, pageCount: r.value.pages.length, byteLength: r.value.byteLength, alreadyRegistered: r.value.alreadyRegistered } }
            : { error: r.error };
          if (r.ok) {
            const suggested = r.value.suggestions.subject?.value;
            if (suggested) setSubject((s) => (s.trim() === '' ? suggested : s));
          }
        } catch (err) {
          update = { error: { kind: 'corrupt_file', message: String(err) } };
        }
        setDocs((d) => d.map((x) => (x.key === key ? { ...x, ...update } : x)));
      });
    }
  }, []);

  const removeDoc = (key: number) => {
    const rest = docs.filter((d) => d.key !== key);
    setDocs(rest);
    if (mainKey === key) setMainKey(rest[0]?.key ?? null);
  };

  // Files dropped anywhere on the window while this screen is shown.
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
      addFiles(e.dataTransfer.files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [active, addFiles]);

  const parsedReplyBy = parseIsoDateInput(replyBy);
  const ready = docs.filter((d) => d.stored !== null);
  const reading = docs.some((d) => d.stored === null && d.error === null);
  const main = docs.find((d) => d.key === mainKey) ?? null;
  const problems = {
    to: to.length === 0,
    docs: !main || main.stored === null,
    subject: subject.trim() === '',
    replyBy: parsedReplyBy === null,
  };
  const invalid = Object.values(problems).some(Boolean);

  const reset = () => {
    setTo([]);
    setCc([]);
    setDocs([]);
    setMainKey(null);
    setSubject('');
    setClassification('ordinary');
    setPriority('normal');
    setReplyBy('');
    setPaperFollows(false);
    setTried(false);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || reading || invalid || !main?.stored) return;
    setBusy(true);
    setError(null);
    const documents = ready.flatMap((d) => (d.stored ? [{ sha256: d.stored.sha256, main: d.key === main.key }] : []));
    // One file opened twice is one document.
    const unique = documents.filter((d, i) => documents.findIndex((x) => x.sha256 === d.sha256) === i);
    const r = await api['outgoing.send']({
      documents: unique,
      to,
      cc,
      subject: subject.trim(),
      classification,
      priority,
      replyBy: parsedReplyBy === '' ? null : parsedReplyBy,
      paperFollows,
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    reset();
    void refresh();
    onOpenRecord(r.value.registration.registryNumber, r.value.registration.register);
  };

  const ownAgency = status?.agency ? [status.agency] : [];

  return (
    <section className="outgoing" aria-labelledby="outgoing-heading" data-testid="outgoing-screen">
      <div className="screen-head">
        <h2 id="outgoing-heading" tabIndex={-1} data-screen-heading>
          {t('outgoing.heading')}
        </h2>
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {t('intake.dropActive')}
        </div>
      )}
      <form className="fields outgoing-grid" onSubmit={(e) => void submit(e)} noValidate data-testid="outgoing-form">
        <div className="panel">
          <RecipientsField
            label={t('outgoing.to')}
            required
            agencies={agencies}
            codes={to}
            exclude={[...cc, ...ownAgency]}
            invalid={tried && problems.to}
            errorText={t('outgoing.recipientsRequired')}
            onChange={setTo}
            testId="outgoing-to"
          />
          <RecipientsField label={t('outgoing.cc')} agencies={agencies} codes={cc} exclude={[...to, ...ownAgency]} onChange={setCc} testId="outgoing-cc" />
          <div className="field">
            <label htmlFor={id('subject')}>
              {t('outgoing.subject')} <span className="req">*</span>
            </label>
            <textarea
              id={id('subject')}
              rows={3}
              required
              maxLength={1000}
              value={subject}
              aria-invalid={tried && problems.subject}
              onChange={(e) => setSubject(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              title={t('shortcut', { label: t('outgoing.send'), keys: 'Ctrl+Enter' })}
              data-testid="outgoing-subject"
            />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={id('class')}>{t('fields.classification')}</label>
              <select id={id('class')} value={classification} onChange={(e) => setClassification(e.target.value as Classification)}>
                {CLASSIFICATIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`classification.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('prio')}>{t('fields.priority')}</label>
              <select id={id('prio')} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('reply')}>{t('outgoing.replyBy')}</label>
              <input
                id={id('reply')}
                type="text"
                dir="ltr"
                inputMode="numeric"
                placeholder="YYYY-MM-DD"
                value={replyBy}
                aria-invalid={parsedReplyBy === null}
                aria-describedby={id('reply-hint')}
                onChange={(e) => setReplyBy(e.target.value)}
              />
              <small id={id('reply-hint')} className="hint">
                {parsedReplyBy === null ? (
                  <span className="error-inline">{t('fields.dateInvalid')}</span>
                ) : parsedReplyBy ? (
                  <DualDate iso={parsedReplyBy} />
                ) : (
                  t('outgoing.replyByHint')
                )}
              </small>
            </div>
          </div>
          <label className="check">
            <input type="checkbox" checked={paperFollows} onChange={(e) => setPaperFollows(e.target.checked)} />
            {t('outgoing.paperFollows')}
          </label>
        </div>

        <div className="panel">
          <fieldset className="plain-fieldset" aria-describedby={tried && problems.docs ? id('docs-err') : undefined}>
            <legend>
              {t('outgoing.documents')} <span className="req">*</span>
            </legend>
            {docs.length === 0 ? (
              <p className="drop-hint small-drop">{t('outgoing.dropHere')}</p>
            ) : (
              <ul className="plain doc-list" data-testid="outgoing-documents">
                {docs.map((d) => (
                  <li key={d.key} className="doc-item" data-testid="outgoing-document">
                    <label className="check">
                      <input
                        type="radio"
                        name={id('main')}
                        checked={mainKey === d.key}
                        disabled={d.error !== null}
                        onChange={() => setMainKey(d.key)}
                        aria-label={t('outgoing.mainOf', { file: d.fileName })}
                      />
                      <bdi>{d.fileName}</bdi>
                    </label>
                    {mainKey === d.key && <span className="chip">{t('outgoing.main')}</span>}
                    {d.stored === null && d.error === null && (
                      <span className="muted" role="status">
                        {t('outgoing.reading', { file: d.fileName })}
                      </span>
                    )}
                    {d.stored && (
                      <span className="muted small">
                        {t('intake.pages_count', { count: d.stored.pageCount })} · <Num value={`${Math.max(1, Math.ceil(d.stored.byteLength / 1024))} KB`} />
                      </span>
                    )}
                    {d.stored?.alreadyRegistered && (
                      <span className="chip warn">
                        {t('outgoing.alreadyRegistered', { number: '' })}
                        <Num value={d.stored.alreadyRegistered.registryNumber} />
                      </span>
                    )}
                    <button type="button" className="link" onClick={() => removeDoc(d.key)} aria-label={t('outgoing.removeDocument', { file: d.fileName })}>
                      ×
                    </button>
                    {d.error && <ErrorBox error={d.error} />}
                  </li>
                ))}
              </ul>
            )}
            <label className="button secondary" title={t('shortcut', { label: t('outgoing.openFiles'), keys: 'Ctrl+O' })}>
              {t('outgoing.openFiles')}
              <input
                ref={fileInput}
                type="file"
                className="visually-hidden"
                aria-label={t('outgoing.fileInput')}
                multiple
                accept=".png,.jpg,.jpeg,.tif,.tiff,.webp,.pdf,image/*,application/pdf"
                data-testid="outgoing-file-input"
                onChange={(e) => {
                  if (e.target.files) addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
            </label>
            {tried && problems.docs && (
              <p id={id('docs-err')} className="error-inline">
                {t('outgoing.documentsRequired')}
              </p>
            )}
          </fieldset>
          {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
          <div className="actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || reading}
              title={t('shortcut', { label: t('outgoing.send'), keys: 'Ctrl+Enter' })}
              data-testid="outgoing-send"
            >
              {busy ? t('outgoing.sending') : t('outgoing.send')}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
});

