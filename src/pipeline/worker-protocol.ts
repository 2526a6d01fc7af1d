// Messages between the main thread and a worker thread, and the worker's side of them.
// A worker takes one task at a time and answers with `done` (the handler's result, plain
// data) or `failed` (an ErrorInfo). OCR slots are lent by the main thread so that at most
// --ocr-jobs pages are in OCR at once across all workers.
import { parentPort } from 'node:worker_threads';
import type { PageMethod } from '../core/types.ts';
import { classifyError, type ErrorInfo } from './classify-error.ts';

export type ToWorker<T> = { readonly type: 'task'; readonly id: number; readonly task: T; readonly label: string } | { readonly type: 'ocr:granted'; readonly slot: number };

export type FromWorker<R> =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly result: R; readonly memoryMb?: number }
  | { readonly type: 'failed'; readonly id: number; readonly error: ErrorInfo; readonly memoryMb?: number }
  | { readonly type: 'page'; readonly id: number; readonly page: number | null; readonly method: PageMethod }
  /** The task is starting a new page: the pool's time limit per page starts again. */
  | { readonly type: 'progress'; readonly id: number; readonly page: number }
  | { readonly type: 'ocr:acquire'; readonly slot: number }
  | { readonly type: 'ocr:release'; readonly slot: number };

/** What a task handler may use besides its task. */
export interface TaskContext {
  /**
   * Run `fn` (the OCR of one page) while holding one of the run's OCR slots. ocr-gate.ts
   * wraps the OCR engine's `recognize` in it; rendering and text pages need no slot.
   */
  readonly ocrSlot: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Report a page as read (the main thread emits `page:ocr` for OCR pages). */
  readonly page: (page: number | null, method: PageMethod) => void;
  /** Report that the task starts reading page `page` (the pool's time limit per page). */
  readonly progress: (page: number) => void;
}

/** What this thread holds after a task: its heap (garbage included) and memory outside it. */
function heldMb(): number {
  const m = process.memoryUsage();
  return Math.round((m.heapTotal + m.external) / 1024 / 1024);
}

/**
 * Serve tasks in this worker thread with `handler`, one at a time (the pool never sends a
 * second task before the first is answered). `label` (the file) names the task in errors.
 * Call once, at the top level of a worker module.
 */
export function serveTasks<T, R>(handler: (task: T, ctx: TaskContext, label: string) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks: not running in a worker thread');
  let nextSlot = 0;
  const granted = new Map<number, () => void>();
  const post = (m: FromWorker<R>): void => port.postMessage(m);

  // one lender for the worker's life: slots are counted by the main thread, not per task
  const ocrSlot: TaskContext['ocrSlot'] = async (fn) => {
    const slot = nextSlot++;
    await new Promise<void>((res) => {
      granted.set(slot, res);
      post({ type: 'ocr:acquire', slot });
    });
    try {
      return await fn();
    } finally {
      post({ type: 'ocr:release', slot });
    }
  };

  port.on('message', (m: ToWorker<T>) => {
    if (m.type === 'ocr:granted') {
      granted.get(m.slot)?.();
      granted.delete(m.slot);
      return;
    }
    const { id, task, label } = m;
    const ctx: TaskContext = { ocrSlot, page: (page, method) => post({ type: 'page', id, page, method }), progress: (page) => post({ type: 'progress', id, page }) };
    handler(task, ctx, label).then(
      (result) => post({ type: 'done', id, result, memoryMb: heldMb() }),
      (err: unknown) => post({ type: 'failed', id, error: classifyError(err, label), memoryMb: heldMb() }),
    );
  });
  post({ type: 'ready' });
}
