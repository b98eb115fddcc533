/**
 * Driverless network scanners: a client of eSCL ("AirScan", Mopria/Apple), the HTTP protocol most
 * network scanners of the last decade speak without a driver.
 *
 *   GET  {base}/ScannerCapabilities        → XML: model, platen/feeder, resolutions, colour modes, formats
 *   GET  {base}/ScannerStatus              → XML: pwg:State (Idle, Processing, Stopped), scan:AdfState
 *   POST {base}/ScanJobs  (ScanSettings)   → 201 Created, Location: {job}
 *   GET  {job}/NextDocument                → 200 one page (or document); 404 when the job has no more;
 *                                            503 while the scanner is still busy (retry)
 *   DELETE {job}                           → cancels the job
 *
 * XML is read and written with fast-xml-parser (namespace prefixes dropped when reading). The base
 * URL must be http(s) without credentials; a job location must stay on the scanner's origin.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { AppError } from '../../../shared/errors.ts';
import { abortError, type ScanPage, type ScanRunOptions, type ScanSource } from './source.ts';

const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03';
const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm';
/** Per HTTP request (ms); a page of a slow feeder arrives well within this. */
const REQUEST_TIMEOUT_MS = 60_000;
/** How long to wait while the scanner answers 503 "busy" before giving up on a job (ms). */
const BUSY_WAIT_MS = 120_000;
/** Most pages one job may deliver. */
const MAX_JOB_PAGES = 1000;
/** Most bytes of one page. */
const MAX_PAGE_BYTES = 100 * 1024 * 1024;

/** What a scanner says it can do (the parts we use). */
export interface EsclCapabilities {
  version: string | null;
  makeAndModel: string | null;
  platen: boolean;
  adf: boolean;
  /** Resolutions (dpi) offered, ascending. */
  resolutions: number[];
  /** e.g. `RGB24`, `Grayscale8`, `BlackAndWhite1`. */
  colorModes: string[];
  /** e.g. `image/jpeg`, `image/png`, `application/pdf`. */
  documentFormats: string[];
}

/** The scanner's state. */
export interface EsclStatus {
  /** `Idle`, `Processing`, `Testing`, `Stopped`, `Down`. */
  state: string;
  /** e.g. `ScannerAdfLoaded`, `ScannerAdfEmpty`, `ScannerAdfJam`; null without a feeder. */
  adfState: string | null;
}

/** One scan's settings. */
export interface EsclScanSettings {
  source: 'Platen' | 'Feeder';
  resolution: number;
  colorMode: string;
  documentFormat: string;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: () => false });
const builder = new XMLBuilder({ ignoreAttributes: false, format: false, suppressEmptyNode: true });

/**
 * Checks a scanner URL a clerk or admin typed: http(s), a host, no credentials, no query or fragment.
 * @returns the base without a trailing slash, e.g. `http://10.0.0.9/eSCL`.
 * @throws AppError('validation').
 */
export function esclBaseUrl(input: string): string {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    throw new AppError('validation', 'not a URL', { field: 'url' });
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '' || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') {
    throw new AppError('validation', 'a scanner URL is http(s)://host[:port]/path, without credentials or query', { field: 'url' });
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}
function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
}

/** Parses `ScannerCapabilities` XML. @throws AppError('scanner_failed') when it is not one. */
export function parseCapabilities(xml: string): EsclCapabilities {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    throw new AppError('scanner_failed', `the scanner's capabilities are not XML: ${(err as Error).message}`);
  }
  const caps = doc['ScannerCapabilities'] as Record<string, unknown> | undefined;
  if (caps === undefined || typeof caps !== 'object') throw new AppError('scanner_failed', 'the scanner sent no ScannerCapabilities');
  const resolutions = new Set<number>();
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const inputs: Array<[string, Record<string, unknown> | undefined]> = [
    ['Platen', (caps['Platen'] as Record<string, unknown> | undefined)?.['PlatenInputCaps'] as Record<string, unknown> | undefined],
    ['Adf', (caps['Adf'] as Record<string, unknown> | undefined)?.['AdfSimplexInputCaps'] as Record<string, unknown> | undefined],
  ];
  for (const [, input] of inputs) {
    if (!input) continue;
    const profiles = list((input['SettingProfiles'] as Record<string, unknown> | undefined)?.['SettingProfile']);
    for (const p of profiles as Array<Record<string, unknown>>) {
      for (const m of list((p['ColorModes'] as Record<string, unknown> | undefined)?.['ColorMode'])) if (text(m)) colorModes.add(text(m)!);
      const df = p['DocumentFormats'] as Record<string, unknown> | undefined;
      for (const f of [...list(df?.['DocumentFormat']), ...list(df?.['DocumentFormatExt'])]) if (text(f)) formats.add(text(f)!);
      const res = (p['SupportedResolutions'] as Record<string, unknown> | undefined)?.['DiscreteResolutions'] as Record<string, unknown> | undefined;
      for (const r of list(res?.['DiscreteResolution']) as Array<Record<string, unknown>>) {
        const x = Number(text(r['XResolution']));
        if (Number.isInteger(x) && x > 0) resolutions.add(x);
      }
    }
  }
  return {
    version: text(caps['Version']),
    makeAndModel: text(caps['MakeAndModel']),
    platen: inputs[0]![1] !== undefined,
    adf: inputs[1]![1] !== undefined,
    resolutions: [...resolutions].sort((a, b) => a - b),
    colorModes: [...colorModes],
    documentFormats: [...formats],
  };
}

/** Parses `ScannerStatus` XML. */
export function parseStatus(xml: string): EsclStatus {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const st = doc['ScannerStatus'] as Record<string, unknown> | undefined;
  if (st === undefined || typeof st !== 'object') throw new AppError('scanner_failed', 'the scanner sent no ScannerStatus');
  return { state: text(st['State']) ?? 'Unknown', adfState: text(st['AdfState']) };
}

/** The ScanSettings XML for a job (whole page: A4 at 300ths of an inch, the scanner clips to its glass). */
export function scanSettingsXml(s: EsclScanSettings, version = '2.63'): string {
  const body = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'scan:ScanSettings': {
      '@_xmlns:scan': NS_SCAN,
      '@_xmlns:pwg': NS_PWG,
      'pwg:Version': version,
      'scan:Intent': 'Document',
      'pwg:ScanRegions': {
        'pwg:ScanRegion': {
          'pwg:Height': 3508,
          'pwg:ContentRegionUnits': 'escl:ThreeHundredthsOfInches',
          'pwg:Width': 2480,
          'pwg:XOffset': 0,
          'pwg:YOffset': 0,
        },
      },
      'pwg:InputSource': s.source,
      'scan:ColorMode': s.colorMode,
      'scan:XResolution': s.resolution,
      'scan:YResolution': s.resolution,
      'pwg:DocumentFormat': s.documentFormat,
      'scan:DocumentFormatExt': s.documentFormat,
    },
  };
  return builder.build(body) as string;
}

/** Picks settings the scanner supports, closest to what was asked. */
export function chooseSettings(caps: EsclCapabilities, want: { adf?: boolean; resolution?: number; colorMode?: string }): EsclScanSettings {
  const source = want.adf === true && caps.adf ? 'Feeder' : caps.platen ? 'Platen' : 'Feeder';
  const target = want.resolution ?? 300;
  const resolution = caps.resolutions.length === 0 ? target : caps.resolutions.reduce((best, r) => (Math.abs(r - target) < Math.abs(best - target) ? r : best));
  const colorMode = want.colorMode !== undefined && caps.colorModes.includes(want.colorMode) ? want.colorMode : (['Grayscale8', 'RGB24', 'BlackAndWhite1'].find((m) => caps.colorModes.includes(m)) ?? caps.colorModes[0] ?? 'Grayscale8');
  const documentFormat = ['image/png', 'image/jpeg', 'image/tiff', 'application/pdf'].find((f) => caps.documentFormats.includes(f)) ?? 'image/jpeg';
  return { source, resolution, colorMode, documentFormat };
}

/** An eSCL scanner at `baseUrl` (e.g. `http://10.0.0.9/eSCL`). */
export interface EsclClient {
  readonly base: string;
  capabilities(signal?: AbortSignal): Promise<EsclCapabilities>;
  status(signal?: AbortSignal): Promise<EsclStatus>;
  /**
   * Runs one job: POST the settings, fetch NextDocument until 404, DELETE the job if aborted.
   * @throws AppError('scanner_unreachable' | 'scanner_failed'); an `AbortError` when aborted.
   */
  scan(settings: EsclScanSettings, ro?: ScanRunOptions): Promise<ScanPage[]>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Creates a client. @throws AppError('validation') for a bad URL. */
export function esclClient(url: string): EsclClient {
  const base = esclBaseUrl(url);
  const origin = new URL(base).origin;

  async function request(method: string, target: string, signal: AbortSignal | undefined, body?: string): Promise<Response> {
    if (signal?.aborted) throw abortError();
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    try {
      return await fetch(target, {
        method,
        redirect: 'error',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'text/xml; charset=utf-8' } }),
      });
    } catch (err) {
      if (signal?.aborted) throw abortError();
      throw new AppError('scanner_unreachable', `the scanner at ${base} did not answer: ${(err as Error).message}`, { url: base });
    }
  }

  async function getXml(name: string, signal?: AbortSignal): Promise<string> {
    const res = await request('GET', `${base}/${name}`, signal);
    if (!res.ok) throw new AppError('scanner_failed', `the scanner answered ${res.status} to ${name}`, { url: base, status: res.status });
    return res.text();
  }

  return {
    base,
    async capabilities(signal) {
      return parseCapabilities(await getXml('ScannerCapabilities', signal));
    },
    async status(signal) {
      return parseStatus(await getXml('ScannerStatus', signal));
    },
    async scan(settings, ro = {}) {
      const { signal } = ro;
      const created = await request('POST', `${base}/ScanJobs`, signal, scanSettingsXml(settings));
      if (created.status === 503) throw new AppError('scanner_failed', 'the scanner is busy', { url: base, status: 503 });
      if (created.status !== 201) throw new AppError('scanner_failed', `the scanner refused the job (${created.status})`, { url: base, status: created.status });
      const location = created.headers.get('location');
      if (!location) throw new AppError('scanner_failed', 'the scanner gave no job location', { url: base });
      const job = new URL(location, `${base}/`);
      if (job.origin !== origin) throw new AppError('scanner_failed', 'the scanner gave a job on another host', { url: base });
      const jobUrl = job.href.replace(/\/+$/, '');
      const pages: ScanPage[] = [];
      try {
        let busySince: number | null = null;
        while (pages.length < MAX_JOB_PAGES) {
          const res = await request('GET', `${jobUrl}/NextDocument`, signal);
          if (res.status === 404) break;
          if (res.status === 503) {
            await res.body?.cancel();
            busySince ??= Date.now();
            if (Date.now() - busySince > BUSY_WAIT_MS) throw new AppError('scanner_failed', 'the scanner stayed busy', { url: base });
            await sleep(500, signal);
            continue;
          }
          busySince = null;
          if (res.status === 409 && pages.length > 0) break; // some scanners: the job is done
          if (!res.ok) throw new AppError('scanner_failed', `the scanner answered ${res.status} for a page`, { url: base, status: res.status });
          const bytes = new Uint8Array(await res.arrayBuffer());
          if (bytes.byteLength === 0 || bytes.byteLength > MAX_PAGE_BYTES) throw new AppError('scanner_failed', `the scanner sent a page of ${bytes.byteLength} bytes`, { url: base });
          const page = { index: pages.length, bytes };
          pages.push(page);
          ro.onPage?.(page);
        }
      } catch (err) {
        // Tell the scanner to stop; it may already have finished.
        await fetch(jobUrl, { method: 'DELETE', redirect: 'error', signal: AbortSignal.timeout(5000) }).catch(() => undefined);
        throw err;
      }
      if (pages.length === 0) throw new AppError('scanner_failed', 'the scanner delivered no page (is the feeder empty?)', { url: base });
      return pages;
    },
  };
}

/** An eSCL scanner as a {@link ScanSource}: reads its capabilities, then runs one job. */
export function esclSource(url: string, want: { adf?: boolean; resolution?: number; colorMode?: string } = {}): ScanSource {
  const client = esclClient(url);
  return {
    kind: 'escl',
    label: client.base,
    async scan(ro: ScanRunOptions = {}) {
      const caps = await client.capabilities(ro.signal);
      return client.scan(chooseSettings(caps, want), ro);
    },
  };
}
