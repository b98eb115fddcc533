/**
 * The Scan panel of the intake screen: choose a source (a SANE scanner, an eSCL network scanner, or
 * the watched scan folder from the settings), how the stack becomes letters, start; progress (pages
 * scanned, pages read of the total, per letter) while the services work, Cancel; then the letters with
 * their registry numbers or translated errors. The job runs in the services; this panel polls
 * `scan.status`, so it survives the panel being closed and reopened.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanJob, ScanSettings, ScanSplitMode } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import '../styles/scan.css';

type SourceKind = 'sane' | 'escl' | 'folder';
const POLL_MS = 700;
const RESOLUTIONS = [150, 200, 300, 400, 600];

interface Props {
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

export function ScanPanel({ onOpenRecord }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [settings, setSettings] = useState<ScanSettings | null>(null);
  const [kind, setKind] = useState<SourceKind>('sane');
  const [device, setDevice] = useState('');
  const [devices, setDevices] = useState<string[] | null>(null);
  const [saneMissing, setSaneMissing] = useState(false);
  const [finding, setFinding] = useState(false);
  const [url, setUrl] = useState('');
  const [adf, setAdf] = useState(true);
  const [resolution, setResolution] = useState(300);
  const [split, setSplit] = useState<ScanSplitMode>('none');
  const [job, setJob] = useState<ScanJob | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const timer = useRef<number | null>(null);

  const poll = useCallback((id: string) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(async () => {
      const r = await api['scan.status']({ jobId: id });
      if (!r.ok) return setError(r.error);
      setJob(r.value);
      if (r.value.finishedAt === null) poll(id);
    }, POLL_MS);
  }, []);

  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);

  // On opening: the settings, and a job still running (e.g. the folder watcher) to follow.
  useEffect(() => {
    if (!open) return;
    void api['scan.settings.get']({}).then((r) => {
      if (!r.ok) return;
      setSettings(r.value);
      setSplit(r.value.split);
      setResolution(r.value.resolution);
      if (r.value.saneDevice) setDevice((d) => d || r.value.saneDevice!);
      if (r.value.esclScanners[0]) setUrl((u) => u || r.value.esclScanners[0]!);
    });
    void api['scan.jobs']({}).then((r) => {
      if (!r.ok || r.value.length === 0) return;
      const running = r.value.find((j) => j.finishedAt === null) ?? r.value[0]!;
      setJob(running);
      if (running.finishedAt === null) poll(running.id);
    });
  }, [open, poll]);

  const findDevices = async () => {
    setFinding(true);
    const r = await api['scan.sources']({});
    setFinding(false);
    if (!r.ok) return setError(r.error);
    setSaneMissing(!r.value.sane.available);
    setDevices(r.value.sane.devices.map((d) => d.name));
    if (!device && r.value.sane.devices[0]) setDevice(r.value.sane.devices[0].name);
  };

  const start = async () => {
    setError(null);
    const source =
      kind === 'sane' ? { kind, device: device.trim(), adf, resolution } : kind === 'escl' ? { kind, url: url.trim(), adf, resolution } : { kind };
    const r = await api['scan.start']({ source, split });
    if (!r.ok) return setError(r.error);
    setJob(r.value);
    poll(r.value.id);
  };

  const cancel = async () => {
    if (!job) return;
    const r = await api['scan.cancel']({ jobId: job.id });
    if (r.ok) setJob(r.value);
    else setError(r.error);
  };

  const running = job !== null && job.finishedAt === null;

  return (
    <section className="panel scan-panel" aria-labelledby="scan-heading" data-testid="scan-panel">
      <h3 id="scan-heading">
        <button type="button" className="link" aria-expanded={open} aria-controls="scan-body" onClick={() => setOpen(!open)}>
          {open ? t('scan.hide') : t('scan.show')}
        </button>
      </h3>
      {open && (
        <div id="scan-body">
          <form
            className="scan-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!running) void start();
            }}
          >
            <fieldset disabled={running}>
              <legend>{t('scan.sourceLabel')}</legend>
              {(['sane', 'escl', 'folder'] as const).map((k) => (
                <label key={k} className="radio">
                  <input type="radio" name="scan-source" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`scan.source.${k}`)}
                </label>
              ))}
            </fieldset>
            {kind === 'sane' && (
              <div className="row">
                <label>
                  {t('scan.device')}{' '}
                  <input list="scan-devices" value={device} onChange={(e) => setDevice(e.target.value)} dir="ltr" required disabled={running} data-testid="scan-device" />
                </label>
                <datalist id="scan-devices">{devices?.map((d) => <option key={d} value={d} />)}</datalist>
                <button type="button" onClick={() => void findDevices()} disabled={finding || running}>
                  {finding ? t('scan.finding') : t('scan.findDevices')}
                </button>
                {saneMissing && <span className="muted">{t('scan.saneMissing')}</span>}
                {devices !== null && devices.length === 0 && !saneMissing && <span className="muted">{t('scan.noDevices')}</span>}
              </div>
            )}
            {kind === 'escl' && (
              <label>
                {t('scan.url')}{' '}
                <input list="scan-escl" type="url" value={url} onChange={(e) => setUrl(e.target.value)} dir="ltr" placeholder="http://10.0.0.9/eSCL" required disabled={running} />
                <datalist id="scan-escl">{settings?.esclScanners.map((u) => <option key={u} value={u} />)}</datalist>
              </label>
            )}
            {kind === 'folder' && (
              <p>
                {t('scan.folderPath')}: {settings?.watchFolder ? <bdi dir="ltr">{settings.watchFolder}</bdi> : <span className="muted">{t('scan.noFolder')}</span>}
              </p>
            )}
            {kind !== 'folder' && (
              <div className="row">
                <label>
                  <input type="checkbox" checked={adf} onChange={(e) => setAdf(e.target.checked)} disabled={running} /> {t('scan.adf')}
                </label>
                <label>
                  {t('scan.resolution')}{' '}
                  <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))} disabled={running}>
                    {RESOLUTIONS.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('scan.split')}{' '}
                  <select value={split} onChange={(e) => setSplit(e.target.value as ScanSplitMode)} disabled={running} data-testid="scan-split">
                    {(['none', 'blank', 'separator'] as const).map((m) => (
                      <option key={m} value={m}>
                        {t(`scan.splitMode.${m}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            )}
            {split === 'separator' && kind !== 'folder' && <p className="muted">{t('scan.separatorHint')}</p>}
            <div className="row">
              {!running && (
                <button type="submit" className="primary" disabled={kind === 'folder' && !settings?.watchFolder} data-testid="scan-start">
                  {kind === 'folder' ? t('scan.startWatching') : t('scan.start')}
                </button>
              )}
              {running && (
                <button type="button" onClick={() => void cancel()} data-testid="scan-cancel">
                  {job.source === 'folder' ? t('scan.stop') : t('scan.cancel')}
                </button>
              )}
            </div>
          </form>
          {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
          {job && <JobView job={job} onOpenRecord={onOpenRecord} />}
          <ScanSettingsForm settings={settings} onSaved={setSettings} />
        </div>
      )}
    </section>
  );
}

function JobView({ job, onOpenRecord }: { job: ScanJob; onOpenRecord: Props['onOpenRecord'] }) {
  const { t } = useTranslation();
  return (
    <div className="scan-job" data-testid="scan-job" data-state={job.state}>
      <div className="progress-box" role="status" aria-live="polite">
        <p>
          <strong>{t(`scan.state.${job.state}`)}</strong> ·{' '}
          {job.pagesTotal === null ? t('scan.progressUnknown', { scanned: job.pagesScanned }) : t('scan.progress', { scanned: job.pagesScanned, read: job.pagesRead, total: job.pagesTotal })}
        </p>
        {job.finishedAt === null && job.source !== 'folder' && <progress max={job.pagesTotal ?? undefined} value={job.pagesTotal === null ? undefined : job.pagesRead} aria-label={t('scan.heading')} />}
      </div>
      {job.error && <ErrorBox error={job.error} />}
      {job.finishedAt !== null && job.letters.length === 0 && !job.error && <p className="muted">{t('scan.noLetters')}</p>}
      {job.letters.length > 0 && (
        <table className="scan-letters" data-testid="scan-letters">
          <caption className="visually-hidden">{t('scan.results')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('scan.columns.file')}</th>
              <th scope="col">{t('scan.columns.pages')}</th>
              <th scope="col">{t('scan.columns.state')}</th>
              <th scope="col">{t('scan.columns.number')}</th>
            </tr>
          </thead>
          <tbody>
            {job.letters.map((l) => (
              <tr key={`${l.index}-${l.fileName}`} data-state={l.state}>
                <td>
                  <bdi dir="ltr">{l.fileName}</bdi>
                </td>
                <td>
                  <Num value={l.state === 'reading' ? `${l.pagesRead}/${l.pages}` : l.pages} />
                </td>
                <td>{l.state === 'failed' && l.error ? <ErrorBox error={l.error} /> : t(`scan.letterState.${l.state}`)}</td>
                <td>
                  {l.registryNumber && (
                    <button type="button" className="link" onClick={() => onOpenRecord(l.registryNumber!, l.register)}>
                      <Num value={l.registryNumber} className="registry-number" />
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ScanSettingsForm({ settings, onSaved }: { settings: ScanSettings | null; onSaved: (s: ScanSettings) => void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const [after, setAfter] = useState<'move' | 'keep'>('move');
  const [watchSplit, setWatchSplit] = useState<ScanSplitMode>('none');
  const [escl, setEscl] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  useEffect(() => {
    if (!settings) return;
    setFolder(settings.watchFolder ?? '');
    setAfter(settings.afterRegister);
    setWatchSplit(settings.watchSplit);
    setEscl(settings.esclScanners.join('\n'));
  }, [settings]);
  const save = async () => {
    setSaved(false);
    setError(null);
    const r = await api['scan.settings.update']({
      watchFolder: folder.trim() === '' ? null : folder.trim(),
      afterRegister: after,
      watchSplit,
      esclScanners: escl.split('\n').map((s) => s.trim()).filter((s) => s !== ''),
    });
    if (!r.ok) return setError(r.error);
    onSaved(r.value);
    setSaved(true);
  };
  return (
    <details className="scan-settings">
      <summary>{t('scan.settings')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('scan.folderPath')} <input value={folder} onChange={(e) => setFolder(e.target.value)} dir="ltr" data-testid="scan-folder-setting" />
        </label>
        <fieldset>
          <legend>{t('scan.afterRegister')}</legend>
          {(['move', 'keep'] as const).map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="scan-after" value={m} checked={after === m} onChange={() => setAfter(m)} /> {t(`scan.afterRegisterMode.${m}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('scan.watchSplit')}{' '}
          <select value={watchSplit} onChange={(e) => setWatchSplit(e.target.value as ScanSplitMode)} data-testid="scan-watch-split">
            {(['none', 'blank', 'separator'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`scan.watchSplitMode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scan.esclList')}
          <textarea value={escl} onChange={(e) => setEscl(e.target.value)} dir="ltr" rows={2} />
        </label>
        <button type="submit">{t('scan.saveSettings')}</button>
        {saved && <span role="status"> {t('scan.saved')}</span>}
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      </form>
    </details>
  );
}
