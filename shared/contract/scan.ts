/**
 * Scanning: scan sources (SANE scanners, driverless eSCL network scanners, a watched "scan to folder"
 * directory), batch jobs that split a stack into letters and register each, their progress and
 * cancellation. A job runs in the services; the UI starts it and polls `scan.status`.
 */
import { z } from 'zod';
import type { ErrorValue } from '../errors.ts';

export const SCAN_SPLIT_MODES = ['none', 'blank', 'separator'] as const;
/** How a scanned stack becomes letters: one letter, split at blank pages, or at separator sheets. */
export type ScanSplitMode = (typeof SCAN_SPLIT_MODES)[number];

/** One letter of a job (a part of a scanned stack, or one file of the watched folder). */
export interface ScanLetter {
  index: number; // 0-based, in stack / arrival order
  fileName: string;
  pages: number; // 0 until known
  pagesRead: number; // pages OCR'd so far
  state: 'waiting' | 'reading' | 'registered' | 'duplicate' | 'failed' | 'cancelled';
  registryNumber: string | null; // for `registered`, and for `duplicate` the existing registration
  register: string | null;
  error: ErrorValue | null; // for `failed`
}

/** A scan job and its progress. */
export interface ScanJob {
  id: string;
  source: 'sane' | 'escl' | 'folder' | 'files';
  label: string; // device name, scanner URL or folder path
  split: ScanSplitMode;
  state: 'scanning' | 'splitting' | 'reading' | 'watching' | 'done' | 'cancelled' | 'failed';
  pagesScanned: number;
  /** Pages to read in all; null while the scanner is still feeding. */
  pagesTotal: number | null;
  pagesRead: number;
  letters: ScanLetter[];
  error: ErrorValue | null; // why the job failed (the scanner), not a letter's error
  startedAt: string; // UTC ISO
  finishedAt: string | null;
}

/** Scanner settings of the desk (admin). */
export interface ScanSettings {
  /** Absolute folder watched for "scan to folder"; null when not used. */
  watchFolder: string | null;
  /** After a watched file is registered (and its bytes are in the desk's store): move it to `registered/`, or leave it. */
  afterRegister: 'move' | 'keep';
  /** How a file in the watched folder (a scanner's multi-page TIFF or PDF) becomes letters: one letter, or split like a stack. */
  watchSplit: ScanSplitMode;
  /** eSCL scanner URLs, e.g. `http://10.0.0.9/eSCL`. */
  esclScanners: string[];
  /** The SANE device used by default, e.g. `epson2:net:10.0.0.5`. */
  saneDevice: string | null;
  resolution: number; // dpi
  split: ScanSplitMode;
}

const device = z.string().min(1).max(200).regex(/^[A-Za-z0-9_][A-Za-z0-9_.:/?=&@%+,~ ()[\]-]*$/);
const url = z.url({ protocol: /^https?$/ }).max(500);
const resolution = z.number().int().min(50).max(1200);

export const scanSettingsSchema = z.object({
  watchFolder: z.string().min(1).max(1000).nullable(),
  afterRegister: z.enum(['move', 'keep']),
  watchSplit: z.enum(SCAN_SPLIT_MODES),
  esclScanners: z.array(url).max(20),
  saneDevice: device.nullable(),
  resolution,
  split: z.enum(SCAN_SPLIT_MODES),
});

export const scanContract = {
  /** SANE devices found (slow: network discovery), the eSCL scanners and the watched folder of the settings. */
  'scan.sources': {
    input: z.object({}),
    output: {} as {
      sane: { available: boolean; devices: Array<{ name: string; vendor: string; model: string; type: string }> };
      escl: string[];
      watchFolder: string | null;
    },
  },
  'scan.settings.get': { input: z.object({}), output: {} as ScanSettings },
  /** Changes scanner settings; the watched folder must be an existing absolute folder. */
  'scan.settings.update': { input: scanSettingsSchema.partial(), output: {} as ScanSettings },
  /** Starts a job: scan a stack (SANE or eSCL) and register each letter, or watch the folder of the settings. */
  'scan.start': {
    input: z.object({
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('sane'), device, resolution: resolution.optional(), mode: z.string().max(40).regex(/^[A-Za-z][A-Za-z0-9 ]*$/).optional(), adf: z.boolean().default(true) }),
        z.object({ kind: z.literal('escl'), url, resolution: resolution.optional(), adf: z.boolean().default(true) }),
        z.object({ kind: z.literal('folder') }),
      ]),
      split: z.enum(SCAN_SPLIT_MODES).default('none'),
    }),
    output: {} as ScanJob,
  },
  'scan.status': { input: z.object({ jobId: z.string().min(1).max(100) }), output: {} as ScanJob },
  /** The jobs of this run, newest first (finished ones too, the last 20). */
  'scan.jobs': { input: z.object({}), output: {} as ScanJob[] },
  /** Cancels a job: the scan stops, OCR in progress is aborted, letters not yet registered are not. */
  'scan.cancel': { input: z.object({ jobId: z.string().min(1).max(100) }), output: {} as ScanJob },
} as const;
