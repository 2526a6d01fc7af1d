// A pool of worker threads for the CPU-heavy stage (PDF parsing, rendering, OCR). The main
// thread keeps the database (one writer); a worker gets one task at a time. A worker that
// runs over its time is terminated and a fresh one takes its place; one that crashes or runs
// out of memory fails only its own task. Workers are recycled after `recycleAfter` tasks so
// that a slow leak in a library cannot grow with the batch.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import PQueue from 'p-queue';
import { YusuanError } from '../core/errors.ts';
import type { PageMethod } from '../core/types.ts';
import { toYusuanError } from './classify-error.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';
import { workerBundle } from './worker-bundle.ts';
import { TAKE_NATIVES } from '../extract/pdf/builtins.ts';

export interface PoolOptions {
  /**
   * The worker module. A .ts module is bundled once per process (worker-bundle.ts) and the
   * bundle started; when that fails, or YUSUAN_WORKER_TSX=1, tsx is registered in each worker.
   */
  readonly script: URL;
  readonly size: number;
  readonly ocrSlots: number;
  readonly timeoutMs: number;
  /**
   * Time a task may go without starting a new page (its `progress`) before its worker is
   * stopped and the document fails with E_TOO_LARGE: what makes pdf.js loop on one page runs
   * on the worker's thread and can only be stopped from outside it. Default: no such limit.
   */
  readonly pageTimeoutMs?: number;
  readonly memoryMb: number;
  readonly recycleAfter: number;
}

export interface RunHooks {
  /** The task was handed to a worker (the wait for a free worker is over). */
  readonly onStart?: () => void;
  readonly onPage?: (page: number | null, method: PageMethod) => void;
}

interface Busy {
  readonly id: number;
  readonly label: string;
  readonly resolve: (r: unknown) => void;
  readonly reject: (e: YusuanError) => void;
  readonly hooks: RunHooks;
  /** The time limit runs only while the task can progress: not while it waits for OCR slots. */
  timer: NodeJS.Timeout | undefined;
  remainingMs: number;
  since: number;
  /** OCR slots asked for and not yet granted. */
  waiting: number;
  /** The limit per page: restarted at each page, stopped with the other clock. */
  stall: NodeJS.Timeout | undefined;
  /** The page the task last said it was starting (null before the first). */
  page: number | null;
}

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  tasks: number;
  busy: Busy | undefined;
  /** OCR slots this worker holds, by its own slot number → release. */
  readonly ocrHeld: Map<number, () => void>;
}

/** The ESM entry of tsx's register API, resolved from this package (any working directory). */
export function tsxApiUrl(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return resolve('tsx/esm/api');
    } catch {
      // fall through: some loaders (vitest) do not implement import.meta.resolve
    }
  }
  const req = createRequire(import.meta.url);
  const pkgJson = req.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgJson), pkg.exports['./esm/api']!.import.default)).href;
}

/**
 * Evaluated as the worker's entry: registers tsx in the worker, then imports the module.
 * (`execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20.)
 * Source maps, which tsx turns on, are turned off again: with them every worker parses
 * pdf.js's 2.4 MB map, ~75 MB and 0.3 s each. Errors cross as messages, not stacks.
 */
export const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((m) => { m.register(); process.setSourceMapsEnabled(false); return import(workerData.script); });`;

/**
 * Starts a bundled worker module. The natives core-js replaces are taken first (builtins.ts):
 * in a bundle the imports of packages, pdf.js among them, are evaluated before any of its own
 * code, so the module that takes them would run too late, and every push in the worker would
 * go through core-js's (twice the CPU per document, measured).
 */
export const BUNDLE_BOOT = `${TAKE_NATIVES}
import(require('node:worker_threads').workerData.bundle);`;

/**
 * A worker that holds more than this share of its heap limit, or more than RECYCLE_HELD_MB,
 * after a task is replaced. The heap limit leaves V8 room to collect lazily (a heap kept near
 * its limit is collected far more often); what a worker keeps between documents stays bounded.
 */
const RECYCLE_HELD_SHARE = 0.5;
const RECYCLE_HELD_MB = 192;

/** A worker that has not loaded its modules after this long is taken for broken. */
const STARTUP_MS = 120_000;

export class WorkerPool<T, R> {
  private readonly opts: PoolOptions;
  private readonly queue: PQueue;
  private readonly ocr: PQueue;
  private readonly idle: Slot[] = [];
  private readonly slots = new Set<Slot>();
  /** Workers being terminated: close() waits for them, so the process never exits mid-teardown. */
  private readonly stopping = new Set<Promise<number>>();
  private readonly tsx = tsxApiUrl();
  /** Decided at the first spawn: the bundled entry, or null for tsx. */
  private bundle: Promise<URL | null> | undefined;
  private nextId = 1;
  private closed = false;

  constructor(opts: PoolOptions) {
    for (const k of ['size', 'ocrSlots', 'timeoutMs', 'memoryMb', 'recycleAfter', ...(opts.pageTimeoutMs !== undefined ? (['pageTimeoutMs'] as const) : [])] as const) {
      const v = opts[k] ?? NaN;
      if (!(Number.isFinite(v) && v > 0)) throw new YusuanError('E_USAGE', `WorkerPool: ${k} must be a number above 0, got ${String(opts[k])}`);
    }
    this.opts = opts;
    this.queue = new PQueue({ concurrency: opts.size });
    this.ocr = new PQueue({ concurrency: opts.ocrSlots });
  }

  /** Workers alive now (started lazily, so a batch of skipped files starts none). */
  get workers(): number {
    return this.slots.size;
  }

  /** Workers taken out of the pool whose threads have not ended yet. */
  get stoppingWorkers(): number {
    return this.stopping.size;
  }

  /**
   * Run one task on the next free worker. Resolves with the worker's result; rejects with a
   * YusuanError for a task the worker failed (its own code), ran out of time (E_TIMEOUT), ran
   * out of memory (E_TOO_LARGE) or crashed on (E_INTERNAL).
   */
  run(task: T, label: string, hooks: RunHooks = {}): Promise<R> {
    if (this.closed) return Promise.reject(new YusuanError('E_INTERNAL', `${label}: the worker pool is closed`));
    return this.queue.add(() => this.exec(task, label, hooks));
  }

  /** Terminate every worker; tasks running now reject, and so do queued ones, unstarted. */
  async close(): Promise<void> {
    // queued tasks are not cleared but left to reject in exec: a cleared task's promise
    // would never settle, and whoever awaits it would wait for ever
    this.closed = true;
    await Promise.all([...this.slots].map((s) => this.drop(s, new YusuanError('E_INTERNAL', `${s.busy?.label ?? 'worker'}: the run was stopped`))));
    await Promise.all([...this.stopping]);
  }

  private async exec(task: T, label: string, hooks: RunHooks): Promise<R> {
    if (this.closed) throw new YusuanError('E_INTERNAL', `${label}: the run was stopped`);
    let slot = this.idle.pop();
    if (!slot) {
      const entry = await this.entry();
      if (this.closed) throw new YusuanError('E_INTERNAL', `${label}: the run was stopped`);
      slot = this.spawn(entry);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        slot.ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not ready after ${STARTUP_MS / 1000} s`)), STARTUP_MS);
        }),
      ]);
    } catch (err) {
      await this.drop(slot);
      throw new YusuanError('E_INTERNAL', `${label}: a worker thread could not start (${(err as Error).message})`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
    // closed while this worker was starting: it is gone, and the task must not wait on it
    if (this.closed || !this.slots.has(slot)) throw new YusuanError('E_INTERNAL', `${label}: the run was stopped`);
    return new Promise<R>((resolve, reject) => {
      const id = this.nextId++;
      slot.busy = { id, label, resolve: resolve as (r: unknown) => void, reject, hooks, timer: undefined, remainingMs: this.opts.timeoutMs, since: 0, waiting: 0, stall: undefined, page: null };
      this.armTimer(slot);
      this.armStall(slot);
      hooks.onStart?.();
      slot.worker.postMessage({ type: 'task', id, task, label } satisfies ToWorker<T>);
    });
  }

  private armTimer(slot: Slot): void {
    const busy = slot.busy;
    if (!busy || busy.timer) return;
    busy.since = performance.now();
    busy.timer = setTimeout(() => {
      const s = Number((this.opts.timeoutMs / 1000).toFixed(3));
      void this.drop(slot, new YusuanError('E_TIMEOUT', `${busy.label}: not read within the limit of ${s} s; its worker was stopped`, { file: busy.label, hint: 'raise --timeout, or read the document alone' }));
    }, Math.max(0, busy.remainingMs));
  }

  /** (Re)start the limit per page, unless the task is waiting for an OCR slot. */
  private armStall(slot: Slot): void {
    const busy = slot.busy;
    const ms = this.opts.pageTimeoutMs;
    if (!busy || ms === undefined) return;
    if (busy.stall) clearTimeout(busy.stall);
    busy.stall = undefined;
    if (busy.waiting > 0 && slot.ocrHeld.size === 0) return;
    busy.stall = setTimeout(() => {
      const s = Number((ms / 1000).toFixed(3));
      const where = busy.page === null ? 'opening it' : `page ${busy.page}`;
      void this.drop(
        slot,
        new YusuanError('E_TOO_LARGE', `${busy.label}: ${where} took more than the limit of ${s} s per page (the file is damaged or built to exhaust a reader); its worker was stopped`, {
          file: busy.label,
          hint: 'raise --page-timeout if the file is trusted',
        }),
      );
    }, ms);
  }

  /** Stop the clock while the task waits for an OCR slot and holds none; restart it after. */
  private updateTimer(slot: Slot): void {
    const busy = slot.busy;
    if (!busy) return;
    const blocked = busy.waiting > 0 && slot.ocrHeld.size === 0;
    if (blocked && busy.timer) {
      clearTimeout(busy.timer);
      busy.timer = undefined;
      busy.remainingMs -= performance.now() - busy.since;
    } else if (!blocked) this.armTimer(slot);
    this.armStall(slot);
  }

  /** The prebuilt worker module, or null to boot the TypeScript source through tsx. */
  private entry(): Promise<URL | null> {
    if (this.bundle) return this.bundle;
    const script = this.opts.script;
    this.bundle =
      !script.pathname.endsWith('.ts') || process.env['YUSUAN_WORKER_TSX'] === '1'
        ? Promise.resolve(null)
        : workerBundle(script).catch((err: unknown) => {
            process.emitWarning(`worker threads run through tsx (slower, more memory): the worker bundle could not be built (${(err as Error).message})`);
            return null;
          });
    return this.bundle;
  }

  private spawn(bundle: URL | null): Slot {
    const common = {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
      // stdout carries the run's data: whatever a library prints goes to stderr instead
      stdout: true,
    } as const;
    const worker = bundle
      ? new Worker(BUNDLE_BOOT, { ...common, eval: true, workerData: { bundle: bundle.href } })
      : new Worker(BOOT, { ...common, eval: true, workerData: { tsx: this.tsx, script: this.opts.script.href } });
    worker.stdout.pipe(process.stderr, { end: false });
    let ready!: { resolve: () => void; reject: (e: Error) => void };
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => (ready = { resolve, reject })),
      tasks: 0,
      busy: undefined,
      ocrHeld: new Map(),
    };
    slot.ready.catch(() => {}); // observed in exec; a worker that dies idle must not crash the run
    this.slots.add(slot);
    worker.on('message', (m: FromWorker<R>) => this.onMessage(slot, m, ready.resolve));
    worker.on('error', (err: Error & { code?: string }) => {
      ready.reject(err);
      const label = slot.busy?.label ?? 'worker';
      const e =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new YusuanError('E_TOO_LARGE', `${label}: needed more than the ${this.opts.memoryMb} MB of memory a worker may use`, { file: label, hint: 'raise --worker-memory if the file is trusted' })
          : new YusuanError('E_INTERNAL', `${label}: the worker reading it crashed (${err.message})`, { file: label, cause: err, hint: 'this is a bug in yusuan or a library: please report it with the file' });
      void this.drop(slot, e);
    });
    worker.on('exit', (code) => {
      ready.reject(new Error(`exited with code ${code}`));
      if (this.slots.has(slot)) void this.drop(slot, new YusuanError('E_INTERNAL', `${slot.busy?.label ?? 'worker'}: the worker reading it exited (code ${code})`));
    });
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker<R>, ready: () => void): void {
    switch (m.type) {
      case 'ready':
        ready();
        return;
      case 'page':
        if (slot.busy?.id === m.id) {
          this.armStall(slot);
          slot.busy.hooks.onPage?.(m.page, m.method);
        }
        return;
      case 'progress':
        if (slot.busy?.id === m.id) {
          slot.busy.page = m.page;
          this.armStall(slot);
        }
        return;
      case 'ocr:acquire': {
        const asker = slot.busy;
        if (asker) asker.waiting++;
        this.updateTimer(slot);
        void this.ocr.add(
          () =>
            new Promise<void>((release) => {
              if (asker) asker.waiting--;
              if (!this.slots.has(slot)) return release();
              slot.ocrHeld.set(m.slot, release);
              this.updateTimer(slot);
              slot.worker.postMessage({ type: 'ocr:granted', slot: m.slot } satisfies ToWorker<T>);
            }),
        );
        return;
      }
      case 'ocr:release':
        slot.ocrHeld.get(m.slot)?.();
        slot.ocrHeld.delete(m.slot);
        this.updateTimer(slot);
        return;
      case 'done':
      case 'failed': {
        const busy = slot.busy;
        if (!busy || busy.id !== m.id) return;
        if (busy.timer) clearTimeout(busy.timer);
        if (busy.stall) clearTimeout(busy.stall);
        slot.busy = undefined;
        slot.tasks++;
        // a worker left holding much memory (a huge or hostile document) is replaced now: a
        // V8 heap, once grown, is not given back while its thread lives
        const bloated = m.memoryMb !== undefined && m.memoryMb > Math.min(this.opts.memoryMb * RECYCLE_HELD_SHARE, RECYCLE_HELD_MB);
        if (this.closed || slot.tasks >= this.opts.recycleAfter || bloated) void this.drop(slot);
        else this.idle.push(slot);
        if (m.type === 'done') busy.resolve(m.result);
        else busy.reject(toYusuanError(m.error, busy.label));
      }
    }
  }

  /** Take a worker out of the pool: fail its task with `err`, free its OCR slots, terminate it. */
  private async drop(slot: Slot, err?: YusuanError): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const k = this.idle.indexOf(slot);
    if (k >= 0) this.idle.splice(k, 1);
    for (const release of slot.ocrHeld.values()) release();
    slot.ocrHeld.clear();
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      if (busy.timer) clearTimeout(busy.timer);
      if (busy.stall) clearTimeout(busy.stall);
      busy.reject(err ?? new YusuanError('E_INTERNAL', `${busy.label}: its worker was stopped`));
    }
    const stopped = slot.worker.terminate();
    this.stopping.add(stopped);
    try {
      await stopped;
    } finally {
      this.stopping.delete(stopped);
    }
  }
}
