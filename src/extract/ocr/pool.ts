// A fixed pool of OCR engine threads (one slot per core by default). Each slot is one thread
// (engine-thread.mjs) holding one tesseract wasm module with both models, chi_sim and eng, in
// one heap, and reads one image at a time. A wasm heap only grows, to the largest image read,
// so a slot costs one heap rather than one per language (tesseract.js starts a module per
// language). A page that takes longer than the time limit ends its thread (tesseract cannot
// cancel a job) and a fresh one takes its place. Threads are replaced after a few hundred
// images, and ended after a while idle. Idle threads do not keep the process alive: they are
// unref'd between jobs.

import os from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { packagedModel } from './tessdata.ts';
export interface OcrPoolOptions {
  /** Number of workers (default: the number of cores). */
  readonly size?: number;
  /** Replace a slot's workers after this many images read (default 500; a page is two to four). */
  readonly recycleAfter?: number;
  /** Time limit for one page, in ms (default 90 s). */
  readonly pageTimeoutMs?: number;
  /** Time limit for starting a worker (loading the models), in ms (default 60 s). */
  readonly initTimeoutMs?: number;
  /**
   * An engine idle this long is ended (default 15 s): a batch of text PDFs with a scan among
   * them does not carry the scan's engines, a few hundred MB each, to its end. The next page
   * to read starts one again (a second or two).
   */
  readonly idleRetireMs?: number;
}

export interface OcrRequest {
  /** A binary PGM (P5) image: tesseract.js decodes it far faster than PNG. */
  readonly pgm: Uint8Array;
  /** Resolution the image was rendered or scanned at, passed as `user_defined_dpi`. */
  readonly dpi: number;
  /** Page segmentation mode: 3 (default) finds the layout; 6 reads one uniform block of lines. */
  readonly psm?: 3 | 4 | 6 | 7 | 11 | 12;
  /**
   * The model: 'chi' (default) is chi_sim, for Chinese with figures; 'eng' is eng, which reads
   * digits better and faster than chi_sim can.
   */
  readonly lang?: OcrLang;
  /** Characters the engine may output (tessedit_char_whitelist); all when absent. */
  readonly whitelist?: string;
  /** Characters the engine may not output (tessedit_char_blacklist). */
  readonly blacklist?: string;
}

export type OcrLang = 'chi' | 'eng';

export interface OcrResponse {
  /** Tesseract's TSV: one row per block, paragraph, line and word, with boxes and confidences. */
  readonly tsv: string;
  /** Mean word confidence as tesseract reports it (0–100). */
  readonly confidence: number;
  readonly ms: number;
}

/** Page segmentation mode 3 (automatic, no OSD) read these tables better than 4 or 6. */
const PSM_AUTO = 3;

/** One core's engine thread, with the job it is reading. */
interface Slot {
  thread: Worker | null;
  starting: Promise<Worker> | null;
  pages: number;
  busy: boolean;
  /** Retires the idle engine when no job comes for a while (its heap is a few hundred MB). */
  idleTimer: NodeJS.Timeout | null;
}

interface Queued {
  req: OcrRequest;
  resolve: (r: OcrResponse) => void;
  reject: (e: Error) => void;
}

interface Reply {
  readonly id: number;
  readonly tsv?: string;
  readonly confidence?: number;
  readonly error?: string;
}

let coreFile: string | null = null;

/**
 * The wasm core with SIMD and the LSTM engine only (what the best_int models need); Node 20
 * has WebAssembly SIMD everywhere.
 */
function corePath(): string {
  if (!coreFile) coreFile = createRequire(import.meta.url).resolve('tesseract.js-core/tesseract-core-simd-lstm.js');
  return coreFile;
}

const ENGINE = new URL('./engine-thread.mjs', import.meta.url);

/** Twice an A4 page at 300 dpi in grey (2480 × 3508 bytes): an engine that read more is replaced. */
export const LARGE_IMAGE_BYTES = 2 * 2480 * 3508;

export class OcrPool {
  readonly size: number;
  private readonly recycleAfter: number;
  private readonly pageTimeoutMs: number;
  private readonly initTimeoutMs: number;
  private readonly idleRetireMs: number;
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private closed = false;
  private nextId = 1;
  /** Pages read and engines started, for reports and the benchmark. */
  readonly stats = { pages: 0, timeouts: 0, failures: 0, workersStarted: 0, idleRetired: 0 };

  constructor(opts: OcrPoolOptions = {}) {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    this.size = Math.max(1, opts.size ?? cores);
    this.recycleAfter = opts.recycleAfter ?? 500;
    this.pageTimeoutMs = opts.pageTimeoutMs ?? 90_000;
    this.initTimeoutMs = opts.initTimeoutMs ?? 60_000;
    this.idleRetireMs = opts.idleRetireMs ?? 15_000;
    this.slots = Array.from({ length: this.size }, () => ({ thread: null, starting: null, pages: 0, busy: false, idleTimer: null }));
  }

  /** Read one page image. Rejects on a time-out or an engine error; the pool carries on. */
  recognize(req: OcrRequest): Promise<OcrResponse> {
    if (this.closed) return Promise.reject(new Error('OCR pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminate every engine; pending jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('OCR pool is closed'));
    await Promise.all(this.slots.map((s) => this.retire(s)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = true;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      void this.run(slot, job);
    }
  }

  private async run(slot: Slot, job: Queued): Promise<void> {
    const t0 = performance.now();
    try {
      const thread = await this.ensure(slot);
      thread.ref();
      let res: Omit<OcrResponse, 'ms'>;
      try {
        res = await this.ask(thread, this.pageTimeoutMs, (id) => ({
          id,
          lang: job.req.lang ?? 'chi',
          pgm: job.req.pgm,
          dpi: job.req.dpi,
          psm: job.req.psm ?? PSM_AUTO,
          whitelist: job.req.whitelist ?? '',
          blacklist: job.req.blacklist ?? '',
        }));
      } finally {
        thread.unref();
      }
      this.stats.pages++;
      job.resolve({ ...res, ms: performance.now() - t0 });
      slot.pages++;
      // a wasm heap only grows: after an image well past a page's size (a long sheet, an image
      // declared a million pixels wide) the engine keeps that heap for good, so it is replaced
      if (slot.pages >= this.recycleAfter || job.req.pgm.byteLength > LARGE_IMAGE_BYTES) await this.retire(slot);
    } catch (err) {
      this.stats.failures++;
      // An engine that failed or timed out may be in any state: start afresh.
      await this.retire(slot);
      job.reject(err instanceof Error ? err : new Error(String(err)));
    } finally {
      slot.busy = false;
      if (!this.closed) this.dispatch();
      if (!slot.busy && slot.thread && !this.closed) this.retireWhenIdle(slot);
    }
  }

  private retireWhenIdle(slot: Slot): void {
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.busy) {
        this.stats.idleRetired++;
        void this.retire(slot);
      }
    }, this.idleRetireMs);
    slot.idleTimer.unref();
  }

  /** Send one message to a thread and wait for its reply, its death or the time limit. */
  private ask(thread: Worker, limitMs: number, msg: (id: number) => Record<string, unknown>): Promise<Omit<OcrResponse, 'ms'>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
      };
      const onMessage = (m: Reply): void => {
        if (m.id !== id) return;
        done();
        if (m.error !== undefined) reject(new Error(`OCR engine: ${m.error}`));
        else resolve({ tsv: m.tsv ?? '', confidence: m.confidence ?? 0 });
      };
      const onError = (e: Error): void => {
        done();
        reject(new Error(`OCR engine: ${e.message}`));
      };
      const onExit = (code: number): void => {
        done();
        reject(new Error(`OCR engine stopped (exit code ${code})`));
      };
      const timer = setTimeout(() => {
        done();
        this.stats.timeouts++;
        reject(new Error(`OCR time limit of ${Math.round(limitMs / 1000)} s exceeded`));
      }, limitMs);
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage(msg(id));
    });
  }

  /** The slot's engine thread, started (core compiled, chi_sim loaded) when it has none. */
  private ensure(slot: Slot): Promise<Worker> {
    if (slot.thread) return Promise.resolve(slot.thread);
    if (!slot.starting) {
      slot.starting = this.start().then(
        (w) => {
          slot.thread = w;
          slot.starting = null;
          return w;
        },
        (err: unknown) => {
          slot.starting = null;
          throw err;
        },
      );
    }
    return slot.starting;
  }

  private async start(): Promise<Worker> {
    this.stats.workersStarted++;
    const models = { chi_sim: packagedModel('chi_sim'), eng: packagedModel('eng') };
    const w = new Worker(ENGINE, { workerData: { corePath: corePath(), models } });
    // An engine's own failure must never take the process down: errors are the job's.
    w.on('error', () => undefined);
    try {
      // chi_sim is loaded at once (every page needs it); eng on its first job.
      await this.ask(w, this.initTimeoutMs, (id) => ({ id, type: 'warm', langs: ['chi'] }));
    } catch (err) {
      await w.terminate().catch(() => undefined);
      throw err instanceof Error && /time limit/.test(err.message) ? new Error(`OCR engine did not start within ${Math.round(this.initTimeoutMs / 1000)} s`) : err;
    }
    w.unref();
    return w;
  }

  private async retire(slot: Slot): Promise<void> {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.pages = 0;
    const w = slot.thread;
    slot.thread = null;
    if (w) await w.terminate().catch(() => undefined);
  }
}

let shared: OcrPool | null = null;

/** The process-wide pool, made on first use. */
export function sharedPool(opts?: OcrPoolOptions): OcrPool {
  if (!shared) shared = new OcrPool(opts);
  return shared;
}

/** Close the process-wide pool (tests, benchmarks, the end of a CLI run). */
export async function closeSharedPool(): Promise<void> {
  const p = shared;
  shared = null;
  if (p) await p.close();
}
