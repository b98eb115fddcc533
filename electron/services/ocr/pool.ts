/**
 * A pool of tesseract.js workers (WebAssembly in worker threads), offline, sized to the machine.
 *
 * - Size: `max(1, min(availableParallelism, 4))`, lowered so that ~150 MB per worker fits in half the free
 *   memory (pitfalls.md: 100–150 MB per worker).
 * - Workers are created lazily on first use and recycled after {@link RECYCLE_AFTER_JOBS} jobs, because the
 *   wasm heap never shrinks.
 * - One extra legacy-engine worker with the `osd` model answers orientation/script detection.
 * - Language data comes from the npm packages via {@link prepareLanguageData} (`cacheMethod: 'none'`).
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import type Tesseract from 'tesseract.js';
import { AppError } from '../../../shared/errors.ts';
import { defaultWorkerPath, prepareLanguageData } from './tessdata.ts';
import { assembleText, type AssembledText, type TessBlock } from './text.ts';

const require = createRequire(import.meta.url);
const tesseract = require('tesseract.js') as typeof Tesseract;

/** Jobs a worker runs before it is replaced (its wasm heap only grows). */
export const RECYCLE_AFTER_JOBS = 24;
const WORKER_BYTES = 150 * 1024 * 1024;

/** Page-segmentation modes we use: tesseract PSM 6 and PSM 3. */
export type Segmentation = 'single_block' | 'auto';

/** tesseract's binarisation (`thresholding_method`): global Otsu (0, its default) or local Sauvola (2). */
export type Thresholding = 'otsu' | 'sauvola';

/** The orientation tesseract's OSD sees: `degrees` is the clockwise rotation that makes the page upright. */
export interface OrientationGuess {
  degrees: 0 | 90 | 180 | 270;
  confidence: number;
  script: string | null;
  scriptConfidence: number;
}

/** One OCR pass over one image. */
export interface OcrText extends AssembledText {
  segmentation: Segmentation;
  languages: string;
}

export interface RecogniseOptions {
  segmentation: Segmentation;
  /** tesseract language string, default the pool's (`ara+eng`). */
  languages?: string;
  /** Resolution of the image (dpi), default 300; tells tesseract the text size to expect. */
  dpi?: number;
  /** Binarisation inside tesseract, default `otsu`. */
  thresholding?: Thresholding;
  signal?: AbortSignal;
}

/** A pool of OCR workers. All methods are safe to call concurrently. */
export interface OcrPool {
  /** Maximum number of recognition workers. */
  readonly size: number;
  /** The default language string, e.g. `ara+eng`. */
  readonly languages: string;
  /**
   * Recognises an encoded image (PNG/JPEG/TIFF bytes, already upright).
   * @throws AppError('ocr_failed') when the engine fails; an `AbortError` when `signal` aborts first.
   */
  recognise(image: Uint8Array, opts: RecogniseOptions): Promise<OcrText>;
  /**
   * Recognises an image holding one line of text (tesseract PSM 7), e.g. a crop of a letter-head line.
   * @param opts languages (default the pool's), resolution (dpi, default 300), abort signal.
   * @throws as {@link OcrPool.recognise}.
   */
  recogniseLine(image: Uint8Array, opts: Omit<RecogniseOptions, 'segmentation'>): Promise<AssembledText>;
  /** Orientation and script of an encoded image; null when OSD finds too little text. */
  detectOrientation(image: Uint8Array): Promise<OrientationGuess | null>;
  /** Counters for logs and tests: recognition workers started so far, recognitions run. */
  stats(): { workersStarted: number; recognitions: number; workersAlive: number };
  /** Terminates every worker; later calls fail. */
  close(): Promise<void>;
}

export interface OcrPoolOptions {
  /** Number of recognition workers (default from CPUs and memory). */
  size?: number;
  /** Default languages, default `ara+eng`. */
  languages?: string;
  /** Folder for the language data copies (default under `os.tmpdir()`). */
  langDir?: string;
  /** tesseract.js worker script (absolute; a packaged app points outside the asar). */
  workerPath?: string;
  /** Recognitions per worker before it is replaced (default {@link RECYCLE_AFTER_JOBS}). */
  recycleAfterJobs?: number;
}

/** Default pool size: CPUs (≤ 4), limited by free memory at ~150 MB per worker; at least 1. */
export function defaultPoolSize(): number {
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const byMemory = Math.floor((os.freemem() * 0.5) / WORKER_BYTES);
  return Math.max(1, Math.min(cpus, 4, byMemory));
}

interface Slot {
  worker: Promise<Tesseract.Worker>;
  languages: string;
  jobs: number;
}

function abortError(): Error {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * Creates a lazily started worker pool (no worker runs until the first job).
 * @param opts see {@link OcrPoolOptions}.
 */
export function createOcrPool(opts: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
  const languages = opts.languages ?? 'ara+eng';
  const workerPath = opts.workerPath ?? defaultWorkerPath();
  const recycleAfter = Math.max(1, opts.recycleAfterJobs ?? RECYCLE_AFTER_JOBS);
  let langPath: string | null = null;
  let workersStarted = 0;
  let recognitions = 0;
  let closed = false;
  const idle: Slot[] = [];
  const all = new Set<Slot>();
  const waiting: ((slot: Slot | null) => void)[] = [];
  let osd: Promise<Tesseract.Worker> | null = null;
  let osdJobs = 0;
  let osdQueue: Promise<unknown> = Promise.resolve();

  const workerOptions = (): Partial<Tesseract.WorkerOptions> => {
    langPath ??= prepareLanguageData(opts.langDir);
    return { langPath, cacheMethod: 'none', gzip: true, workerPath, logger: () => undefined, errorHandler: () => undefined };
  };

  /** A new worker slot; with `after`, the worker starts only once `after` settles (a predecessor's exit). */
  const newSlot = (langs: string, after?: Promise<unknown>): Slot => {
    const start = () => tesseract.createWorker(langs, 1, workerOptions());
    const slot: Slot = { worker: after ? after.then(start, start) : start(), languages: langs, jobs: 0 };
    workersStarted += 1;
    all.add(slot);
    return slot;
  };

  /** An idle worker, preferring one that already has `langs` loaded (re-initialising costs ~1 s). */
  const acquire = (langs: string): Promise<Slot> => {
    if (closed) return Promise.reject(new AppError('ocr_failed', 'The OCR pool is closed'));
    const match = idle.findIndex((s) => s.languages === langs);
    if (match >= 0) return Promise.resolve(idle.splice(match, 1)[0]!);
    if (all.size < size) return Promise.resolve(newSlot(langs));
    const any = idle.pop();
    if (any) return Promise.resolve(any);
    return new Promise((resolve, reject) => {
      waiting.push((s) => (s ? resolve(s) : reject(new AppError('ocr_failed', 'The OCR pool is closed'))));
    });
  };

  const release = (slot: Slot): void => {
    let next = slot;
    if (slot.jobs >= recycleAfter) {
      all.delete(slot);
      const exited = slot.worker.then((w) => w.terminate()).catch(() => undefined);
      if (closed) return;
      // The replacement starts after the old worker has exited, so the two wasm heaps never coexist
      // (bench/ocr: peak memory of a page batch, docs/ocr-quality.md).
      next = newSlot(slot.languages, exited);
    }
    const waiter = waiting.shift();
    if (waiter) waiter(next);
    else idle.push(next);
  };

  const discard = (slot: Slot): void => {
    all.delete(slot);
    void slot.worker.then((w) => w.terminate()).catch(() => undefined);
    const waiter = waiting.shift();
    if (waiter && !closed) waiter(newSlot(languages));
  };

  /** One recognition on an idle worker with tesseract page-segmentation mode `psm`. */
  const runJob = async (image: Uint8Array, psm: '3' | '6' | '7', ropts: Omit<RecogniseOptions, 'segmentation'>): Promise<AssembledText> => {
    if (ropts.signal?.aborted) throw abortError();
    const langs = ropts.languages ?? languages;
    let slot = await acquire(langs);
    if (ropts.signal?.aborted) {
      release(slot);
      throw abortError();
    }
    if (slot.languages !== langs) {
      // Another language set: a fresh worker rather than `reinitialize`, whose wasm heap keeps what the
      // earlier models used (measured: RSS crept 582 → 756 MiB over four language switches).
      all.delete(slot);
      const exited = slot.worker.then((w) => w.terminate()).catch(() => undefined);
      slot = newSlot(langs, exited);
    }
    try {
      const worker = await slot.worker;
      await worker.setParameters({
        tessedit_pageseg_mode: psm as Tesseract.PSM,
        preserve_interword_spaces: '0',
        debug_file: '/dev/null', // tesseract's diagnostics would otherwise go to our stdout
        user_defined_dpi: ropts.dpi ? String(Math.round(ropts.dpi)) : '',
        thresholding_method: ropts.thresholding === 'sauvola' ? '2' : '0',
      } as Partial<Tesseract.WorkerParams>);
      slot.jobs += 1;
      recognitions += 1;
      const res = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: false, blocks: true });
      const assembled = assembleText(res.data.blocks as unknown as TessBlock[] | null);
      release(slot);
      return assembled;
    } catch (err) {
      discard(slot); // a worker that failed mid-job is not trusted again
      if (err instanceof AppError) throw err;
      throw new AppError('ocr_failed', `OCR failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return {
    size,
    languages,
    async recognise(image, ropts) {
      const assembled = await runJob(image, ropts.segmentation === 'auto' ? '3' : '6', ropts);
      return { ...assembled, segmentation: ropts.segmentation, languages: ropts.languages ?? languages };
    },
    recogniseLine(image, ropts) {
      return runJob(image, '7', ropts);
    },
    async detectOrientation(image) {
      if (closed) throw new AppError('ocr_failed', 'The OCR pool is closed');
      // Recycled like the recognition workers (the legacy engine's heap only grows too): the old worker
      // ends after the detections queued on it, the new one serves the later ones.
      if (osd !== null && osdJobs >= recycleAfter) {
        const old = osd;
        osd = null;
        osdJobs = 0;
        osdQueue = osdQueue.then(() => old.then((w) => w.terminate())).catch(() => undefined);
      }
      osdJobs += 1;
      osd ??= tesseract
        .createWorker('osd', 0, { ...workerOptions(), legacyCore: true, legacyLang: true })
        .then(async (w) => {
          await w.setParameters({ debug_file: '/dev/null' });
          return w;
        });
      const current = osd;
      const run = osdQueue.then(async () => {
        const worker = await current;
        try {
          const res = await worker.detect(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
          const d = res.data;
          if (d.orientation_degrees === null || d.orientation_confidence === null) return null;
          const deg = (((d.orientation_degrees % 360) + 360) % 360) as 0 | 90 | 180 | 270;
          return {
            degrees: deg,
            confidence: d.orientation_confidence,
            script: d.script,
            scriptConfidence: d.script_confidence ?? 0,
          } satisfies OrientationGuess;
        } catch {
          // OSD fails on images with too few characters; that is "unknown", not an error.
          return null;
        }
      });
      osdQueue = run.catch(() => undefined);
      return run;
    },
    stats() {
      return { workersStarted, recognitions, workersAlive: all.size };
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w(null);
      const workers = [...all].map((s) => s.worker);
      all.clear();
      idle.length = 0;
      if (osd) workers.push(osd);
      osd = null;
      await Promise.all(workers.map((w) => w.then((x) => x.terminate()).catch(() => undefined)));
    },
  };
}
