// The options of a batch run: typed, each with its default, checked once up front so that a
// wrong value stops the run before any document is touched, with a message that says what
// was expected and what was got (the CLI passes its flags through here unchanged).
import { availableParallelism } from 'node:os';
import { YusuanError } from '../core/errors.ts';
import type { RunEvent } from './events.ts';
import type { IdentityTable } from '../core/identity-table.ts';

export interface IngestOptions {
  /** Redo documents whose sha256 is already stored. Default false: they are skipped. */
  readonly force?: boolean;
  /** Worker threads reading documents at once (`--jobs`). Default: the number of cores. */
  readonly jobs?: number;
  /**
   * Pages in OCR at once across all workers (`--ocr-jobs`). Default: the number of cores.
   * A document's time limit does not run while it waits for an OCR slot.
   */
  readonly ocrJobs?: number;
  /** A document with more pages fails with E_TOO_LARGE (`--max-pages`). Default 2000. */
  readonly maxPages?: number;
  /** A PDF with an image of more pixels fails with E_TOO_LARGE (`--max-pixels`). Default 100 million. */
  readonly maxImagePixels?: number;
  /** Seconds a worker may spend on one document before it is terminated (`--timeout`). Default 600. */
  readonly timeoutSeconds?: number;
  /**
   * Seconds a document may spend on one page (or opening, or between pages) before its worker
   * is stopped and it fails with E_TOO_LARGE (`--page-timeout`). Default 20.
   */
  readonly pageTimeoutSeconds?: number;
  /** Heap limit of each worker in MB; a document that needs more fails with E_TOO_LARGE. Default 768:
   * the busiest clean document of the corpus peaks near 260 MB, but a heap kept close to its limit
   * is collected far more often (bulk ingest at 384: ×1.12 the wall time, the same peak RSS). */
  readonly workerMemoryMb?: number;
  /** A worker is replaced by a fresh one after this many documents (leaks stay bounded). Default 200. */
  readonly recycleAfter?: number;
  /**
   * What a crawl already knows of its files (`--identity FILE`): unit, year and stage by
   * sha256 or file name. It wins over the content; a file it marks as not a disclosure fails
   * with E_NOT_DISCLOSURE without being read.
   */
  readonly identities?: IdentityTable;
  /** Stop starting documents; the run is recorded as interrupted. */
  readonly signal?: AbortSignal;
  /** Progress events (NDJSON on stderr or a progress bar in the CLI). */
  readonly onEvent?: (event: RunEvent) => void;
}

export interface ResolvedIngestOptions {
  readonly force: boolean;
  readonly jobs: number;
  readonly ocrJobs: number;
  readonly maxPages: number;
  readonly maxImagePixels: number;
  readonly timeoutMs: number;
  readonly pageTimeoutMs: number;
  readonly workerMemoryMb: number;
  readonly recycleAfter: number;
  readonly identities: IdentityTable | undefined;
  readonly signal: AbortSignal | undefined;
  readonly onEvent: (event: RunEvent) => void;
}

export const DEFAULT_MAX_PAGES = 2000;
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_PAGE_TIMEOUT_SECONDS = 20;
export const DEFAULT_WORKER_MEMORY_MB = 768;
export const DEFAULT_RECYCLE_AFTER = 200;
const MAX_JOBS = 64;

export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

export function defaultOcrJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

function wholeNumber(name: string, flag: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new YusuanError('E_USAGE', `${name} (${flag}) expects a whole number from ${min} to ${max}, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

function positive(name: string, flag: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
    throw new YusuanError('E_USAGE', `${name} (${flag}) expects a number above 0 and at most ${max}, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

/** Check every option and fill in the defaults. Throws E_USAGE on the first wrong value. */
export function resolveIngestOptions(o: IngestOptions = {}): ResolvedIngestOptions {
  if (o.force !== undefined && typeof o.force !== 'boolean') throw new YusuanError('E_USAGE', `force expects true or false, got ${JSON.stringify(o.force)}`);
  const jobs = o.jobs === undefined ? defaultJobs() : wholeNumber('jobs', '--jobs', o.jobs, 1, MAX_JOBS);
  const ocrJobs = o.ocrJobs === undefined ? defaultOcrJobs() : wholeNumber('ocrJobs', '--ocr-jobs', o.ocrJobs, 1, MAX_JOBS);
  return {
    force: o.force ?? false,
    jobs,
    ocrJobs,
    maxPages: o.maxPages === undefined ? DEFAULT_MAX_PAGES : wholeNumber('maxPages', '--max-pages', o.maxPages, 1, 1_000_000),
    maxImagePixels:
      o.maxImagePixels === undefined ? DEFAULT_MAX_IMAGE_PIXELS : wholeNumber('maxImagePixels', '--max-pixels', o.maxImagePixels, 1, Number.MAX_SAFE_INTEGER),
    timeoutMs: (o.timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS : positive('timeoutSeconds', '--timeout', o.timeoutSeconds, 86_400)) * 1000,
    pageTimeoutMs: (o.pageTimeoutSeconds === undefined ? DEFAULT_PAGE_TIMEOUT_SECONDS : positive('pageTimeoutSeconds', '--page-timeout', o.pageTimeoutSeconds, 86_400)) * 1000,
    workerMemoryMb: o.workerMemoryMb === undefined ? DEFAULT_WORKER_MEMORY_MB : wholeNumber('workerMemoryMb', '--worker-memory', o.workerMemoryMb, 64, 65_536),
    recycleAfter: o.recycleAfter === undefined ? DEFAULT_RECYCLE_AFTER : wholeNumber('recycleAfter', 'recycleAfter', o.recycleAfter, 1, 1_000_000),
    identities: o.identities,
    signal: o.signal,
    onEvent: o.onEvent ?? (() => {}),
  };
}
