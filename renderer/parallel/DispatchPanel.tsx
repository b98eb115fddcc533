/**
 * The dispatch list of paper copies (Alt+4, "Paper copies"; contract `dispatch.*`): each copy of an
 * outgoing letter that must also go on paper, with its state, who did each step and when. A copy is
 * printed from the registration's archival PDF (the scan with the registry stamp, so it carries the
 * same number), marked printed, handed to whoever carries it, and its delivery recorded with who
 * received it. Steps out of order are refused by the services (`dispatch_refused`).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPATCH_STATES, DISPATCH_TRANSPORTS, type DispatchItem, type DispatchState, type DispatchTransport } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { showDigits } from '../common/digits.ts';
import { useUiSettings } from '../common/settings-context.tsx';

type Filter = 'open' | 'all' | DispatchState;
const FILTERS: Filter[] = ['open', ...DISPATCH_STATES, 'all'];

/** Opens a PDF in a new window, or saves it when no window may open. */
function openPdf(base64: string, fileName: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  if (window.open(url, '_blank', 'noopener') === null) {
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

export function DispatchPanel({ onOpenRecord }: { onOpenRecord: (registryNumber: string, register: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const indic = lang === 'ar' && arabicIndicDigits;
  const [filter, setFilter] = useState<Filter>('open');
  const [items, setItems] = useState<DispatchItem[] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [form, setForm] = useState<{ id: number; kind: 'handOver' | 'delivery' } | null>(null);
  const [carrier, setCarrier] = useState('');
  const [transport, setTransport] = useState<DispatchTransport>('by_hand');
  const [receivedBy, setReceivedBy] = useState('');
  const [note, setNote] = useState('');

  const load = useCallback(async (f: Filter) => {
    const r = await api['dispatch.list']({ state: f, limit: 500 });
    if (r.ok) setItems(r.value.items);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load(filter);
  }, [load, filter]);

  const when = (iso: string | null) => (iso === null ? '' : showDigits(new Date(iso).toLocaleString(lang === 'ar' ? 'ar-KW' : 'en-GB', { timeZone: 'Asia/Kuwait', numberingSystem: 'latn', dateStyle: 'short', timeStyle: 'short' }), indic));

  const run = async (id: number, call: () => Promise<{ ok: true; value: DispatchItem } | { ok: false; error: ErrorValue }>) => {
    setBusy(id);
    const r = await call();
    setBusy(null);
    if (!r.ok) setError(r.error);
    else setForm(null);
    await load(filter);
  };

  const printCopy = async (it: DispatchItem) => {
    setBusy(it.id);
    const r = await api['registry.archivalPdf']({ registryNumber: it.registryNumber, register: 'outgoing' });
    setBusy(null);
    if (r.ok) openPdf(r.value.dataBase64, r.value.fileName);
    else setError(r.error);
  };

  const openForm = (id: number, kind: 'handOver' | 'delivery') => {
    setForm({ id, kind });
    setCarrier('');
    setTransport('by_hand');
    setReceivedBy('');
    setNote('');
  };

  const submitForm = (e: FormEvent) => {
    e.preventDefault();
    if (form === null) return;
    const id = form.id;
    if (form.kind === 'handOver') void run(id, () => api['dispatch.handOver']({ id, carrier, transport }));
    else void run(id, () => api['dispatch.recordDelivery']({ id, receivedBy, ...(note.trim() !== '' ? { note } : {}) }));
  };

  return (
    <section aria-labelledby="paper-copies-heading" data-testid="paper-copies-panel">
      <div className="screen-head">
        <h2 id="paper-copies-heading" tabIndex={-1} data-screen-heading>
          {t('paperCopies.heading')}
        </h2>
        <button type="button" onClick={() => void load(filter)} data-testid="paper-copies-refresh">
          {t('paperCopies.refresh')}
        </button>
      </div>
      <p className="muted">{t('paperCopies.intro')}</p>
      <div className="row" role="group" aria-label={t('paperCopies.filter')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className={filter === f ? 'pill active' : 'pill'} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`paper-copies-filter-${f}`}>
            {t(`paperCopies.states.${f}`)}
          </button>
        ))}
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {items && (
        <>
          <p aria-live="polite" data-testid="paper-copies-count">
            {t('paperCopies.count', { count: items.length })}
          </p>
          <div className="table-wrap">
            <table className="plain-table" data-testid="paper-copies-table">
              <thead>
                <tr>
                  <th scope="col">{t('paperCopies.number')}</th>
                  <th scope="col">{t('paperCopies.subject')}</th>
                  <th scope="col">{t('paperCopies.recipient')}</th>
                  <th scope="col">{t('paperCopies.state')}</th>
                  <th scope="col">{t('paperCopies.history')}</th>
                  <th scope="col">{t('paperCopies.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t('paperCopies.none')}</td>
                  </tr>
                )}
                {items.map((it) => (
                  <tr key={it.id} data-testid="paper-copy-row" data-id={it.id} data-state={it.state}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => onOpenRecord(it.registryNumber, it.register)}>
                        <bdi>{showDigits(it.registryNumber, indic)}</bdi>
                      </button>
                      <br />
                      <DualDate iso={it.registrationDate} compact />
                    </th>
                    <td>
                      <bdi>{it.subject}</bdi>
                    </td>
                    <td>
                      <bdi>{it.recipientName}</bdi> <span className="muted">({it.recipientCode})</span>
                      <br />
                      <span className="badge">{t(`paperCopies.reasons.${it.reason}`)}</span>
                    </td>
                    <td data-testid="paper-copy-state">{t(`paperCopies.states.${it.state}`)}</td>
                    <td>
                      <ul className="steps">
                        <li>{t('paperCopies.created', { who: it.createdBy, at: when(it.createdAt) })}</li>
                        {it.printedAt && <li>{t('paperCopies.printed', { who: it.printedBy, at: when(it.printedAt) })}</li>}
                        {it.handedOverAt && (
                          <li>{t('paperCopies.handedOver', { who: it.handedOverBy, carrier: it.carrier, transport: it.transport ? t(`paperCopies.transports.${it.transport}`) : '', at: when(it.handedOverAt) })}</li>
                        )}
                        {it.deliveredAt && (
                          <li data-testid="paper-copy-delivered">
                            {t('paperCopies.delivered', { who: it.receivedBy, at: when(it.deliveredAt), by: it.deliveryRecordedBy })}
                            {it.note ? ` — ${it.note}` : ''}
                          </li>
                        )}
                      </ul>
                    </td>
                    <td>
                      {form?.id === it.id ? (
                        <form className="inline-form" onSubmit={submitForm} data-testid="paper-copy-form">
                          {form.kind === 'handOver' ? (
                            <>
                              <label>
                                {t('paperCopies.carrier')}
                                <input required value={carrier} onChange={(e) => setCarrier(e.target.value)} placeholder={t('paperCopies.carrierHint')} data-testid="paper-copy-carrier" />
                              </label>
                              <label>
                                {t('paperCopies.transport')}
                                <select value={transport} onChange={(e) => setTransport(e.target.value as DispatchTransport)} data-testid="paper-copy-transport">
                                  {DISPATCH_TRANSPORTS.map((x) => (
                                    <option key={x} value={x}>
                                      {t(`paperCopies.transports.${x}`)}
                                    </option>
                                  ))}
                                </select>
                              </label>
                            </>
                          ) : (
                            <>
                              <label>
                                {t('paperCopies.receivedBy')}
                                <input required value={receivedBy} onChange={(e) => setReceivedBy(e.target.value)} data-testid="paper-copy-received-by" />
                              </label>
                              <label>
                                {t('paperCopies.note')}
                                <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="paper-copy-note" />
                              </label>
                            </>
                          )}
                          <button type="submit" disabled={busy === it.id} data-testid="paper-copy-save">
                            {t('paperCopies.save')}
                          </button>
                          <button type="button" onClick={() => setForm(null)}>
                            {t('paperCopies.cancel')}
                          </button>
                        </form>
                      ) : (
                        <div className="row">
                          {it.state !== 'delivered' && (
                            <button type="button" onClick={() => void printCopy(it)} disabled={busy === it.id} data-testid="paper-copy-pdf">
                              {t('paperCopies.openPdf')}
                            </button>
                          )}
                          {it.state === 'to_print' && (
                            <button type="button" onClick={() => void run(it.id, () => api['dispatch.markPrinted']({ id: it.id }))} disabled={busy === it.id} data-testid="paper-copy-printed">
                              {t('paperCopies.markPrinted')}
                            </button>
                          )}
                          {it.state === 'printed' && (
                            <button type="button" onClick={() => openForm(it.id, 'handOver')} data-testid="paper-copy-hand-over">
                              {t('paperCopies.handOver')}
                            </button>
                          )}
                          {it.state === 'handed_over' && (
                            <button type="button" onClick={() => openForm(it.id, 'delivery')} data-testid="paper-copy-deliver">
                              {t('paperCopies.recordDelivery')}
                            </button>
                          )}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
