// A fixed pool of tesseract.js workers (one slot per core by default). Each slot holds a
// chi_sim engine and, once asked for, an eng engine, and reads
// one image at a time; a page that takes longer than the time limit kills its worker (tesseract.js
// cannot cancel a job) and a fresh one takes its place. Workers are replaced after a few
// hundred pages, because the wasm heap only grows. Idle workers do not keep the process
// alive: their threads are unref'd between jobs.

import os from 'node:os';
import { createWorker, type Worker as TessWorker } from 'tesseract.js';
import { tessdataDir } from './tessdata.ts';

export interface OcrPoolOptions {
  /** Number of workers (default: the number of cores). */
  readonly size?: number;
  /** Replace a slot's workers after this many images read (default 500; a page is two to four). */
  readonly recycleAfter?: number;
  /** Time limit for one page, in ms (default 90 s). */
  readonly pageTimeoutMs?: number;
  /** Time limit for starting a worker (loading the models), in ms (default 60 s). */
  readonly initTimeoutMs?: number;
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
const PSM_AUTO = '3';

interface Engine {
  worker: TessWorker | null;
  starting: Promise<TessWorker> | null;
}

/** One core's engines: a chi_sim worker and, once asked for, an eng one; one job at a time. */
interface Slot {
  engines: Record<OcrLang, Engine>;
  pages: number;
  busy: boolean;
}

interface Queued {
  req: OcrRequest;
  resolve: (r: OcrResponse) => void;
  reject: (e: Error) => void;
}

/** The node Worker thread inside a tesseract.js worker (not in its typings). */
function threadOf(w: TessWorker): { ref(): void; unref(): void } | null {
  const t = (w as unknown as { worker?: { ref?: () => void; unref?: () => void } }).worker;
  return t && typeof t.ref === 'function' && typeof t.unref === 'function' ? (t as { ref(): void; unref(): void }) : null;
}

export class OcrPool {
  readonly size: number;
  private readonly recycleAfter: number;
  private readonly pageTimeoutMs: number;
  private readonly initTimeoutMs: number;
  private readonly slots: Slot[];
  private readonly queue: Queued[] = [];
  private closed = false;
  /** Pages read and workers started, for reports and the benchmark. */
  readonly stats = { pages: 0, timeouts: 0, failures: 0, workersStarted: 0 };

  constructor(opts: OcrPoolOptions = {}) {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    this.size = Math.max(1, opts.size ?? cores);
    this.recycleAfter = opts.recycleAfter ?? 500;
    this.pageTimeoutMs = opts.pageTimeoutMs ?? 90_000;
    this.initTimeoutMs = opts.initTimeoutMs ?? 60_000;
    this.slots = Array.from({ length: this.size }, () => ({
      engines: { chi: { worker: null, starting: null }, eng: { worker: null, starting: null } },
      pages: 0,
      busy: false,
    }));
  }

  /** Read one page image. Rejects on a time-out or an engine error; the pool carries on. */
  recognize(req: OcrRequest): Promise<OcrResponse> {
    if (this.closed) return Promise.reject(new Error('OCR pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminate every worker; pending jobs are rejected. */
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
      void this.run(slot, job);
    }
  }

  private async run(slot: Slot, job: Queued): Promise<void> {
    const t0 = performance.now();
    try {
      const worker = await this.ensure(slot, job.req.lang ?? 'chi');
      const thread = threadOf(worker);
      thread?.ref();
      try {
        const res = await this.withTimeout(worker, job.req);
        this.stats.pages++;
        job.resolve({ ...res, ms: performance.now() - t0 });
      } finally {
        thread?.unref();
      }
      slot.pages++;
      if (slot.pages >= this.recycleAfter) await this.retire(slot);
    } catch (err) {
      this.stats.failures++;
      // A worker that failed or timed out may be in any state: start afresh.
      await this.retire(slot);
      job.reject(err instanceof Error ? err : new Error(String(err)));
    } finally {
      slot.busy = false;
      if (!this.closed) this.dispatch();
    }
  }

  private async withTimeout(worker: TessWorker, req: OcrRequest): Promise<Omit<OcrResponse, 'ms'>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stats.timeouts++;
        reject(new Error(`OCR time limit of ${Math.round(this.pageTimeoutMs / 1000)} s exceeded`));
      }, this.pageTimeoutMs);
    });
    try {
      const work = (async () => {
        await worker.setParameters({
          user_defined_dpi: String(Math.round(req.dpi)),
          tessedit_pageseg_mode: String(req.psm ?? PSM_AUTO),
          tessedit_char_whitelist: req.whitelist ?? '',
          tessedit_char_blacklist: req.blacklist ?? '',
        } as never);
        // Buffer, not Uint8Array: tesseract.js's node image loader only passes Buffers through.
        const img = Buffer.from(req.pgm.buffer, req.pgm.byteOffset, req.pgm.byteLength);
        const r = await worker.recognize(img, {}, { text: false, tsv: true } as never);
        const data = r.data as unknown as { tsv?: string | null; confidence?: number };
        return { tsv: data.tsv ?? '', confidence: data.confidence ?? 0 };
      })();
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The slot's worker for `lang`, started (models loaded, parameters set) when it has none. */
  private ensure(slot: Slot, lang: OcrLang): Promise<TessWorker> {
    const e = slot.engines[lang];
    if (e.worker) return Promise.resolve(e.worker);
    if (!e.starting) {
      e.starting = this.start(lang).then(
        (w) => {
          e.worker = w;
          e.starting = null;
          return w;
        },
        (err: unknown) => {
          e.starting = null;
          throw err;
        },
      );
    }
    return e.starting;
  }

  private async start(lang: OcrLang): Promise<TessWorker> {
    const langPath = tessdataDir();
    let initError: ((e: Error) => void) | null = null;
    const failed = new Promise<never>((_, reject) => {
      initError = reject;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`OCR engine did not start within ${Math.round(this.initTimeoutMs / 1000)} s`)), this.initTimeoutMs);
    });
    this.stats.workersStarted++;
    const creating = createWorker(
      lang === 'chi' ? 'chi_sim' : 'eng',
      1, // OEM 1: LSTM only, the models in best_int
      {
        langPath,
        // Never write ./chi_sim.traineddata into the working directory, nor read one from there.
        cacheMethod: 'none',
        gzip: true,
        // Without a handler, a rejected job throws inside the worker's message listener and
        // takes the whole process down; with one, only the job's promise rejects.
        errorHandler: (e: unknown) => initError?.(new Error(`OCR engine: ${String(e)}`)),
      },
      // chi_sim alone, not chi_sim+eng: eng as a sub-language makes tesseract read each doubtful
      // word twice over (half as slow again on prose) and reads the figures of prose no better;
      // the figures that matter most (table cells, a cover's year) are read by eng on its own.
      {},
    );
    try {
      const w = await Promise.race([creating, failed, timeout]);
      initError = null;
      await w.setParameters({
        tessedit_pageseg_mode: PSM_AUTO,
        // Keep the gaps between words as spaces; cells are rebuilt from boxes anyway.
        preserve_interword_spaces: '1',
        // Tesseract retries every low-confidence line upside down (white on black); printed
        // budget tables have no inverted text, and the retry costs time.
        tessedit_do_invert: '0',
      } as never);
      threadOf(w)?.unref();
      return w;
    } catch (err) {
      // A worker that never came up is still a thread: end it.
      creating.then((w) => w.terminate()).catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async retire(slot: Slot): Promise<void> {
    slot.pages = 0;
    await Promise.all(
      Object.values(slot.engines).map(async (e) => {
        const w = e.worker;
        e.worker = null;
        if (w) await w.terminate().catch(() => undefined);
      }),
    );
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
