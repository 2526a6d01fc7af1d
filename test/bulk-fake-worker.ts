// A worker for the WorkerPool tests: tasks that answer, sleep, hang, crash, exhaust memory
// or use OCR slots, without loading the real pipeline (fast to start).
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../src/pipeline/worker-protocol.ts';
import { YusuanError, type ErrorCode } from '../src/core/errors.ts';

export type FakeTask =
  | { kind: 'echo'; value: string }
  /** Answers with this module's own import.meta.url and whether the thread booted through tsx. */
  | { kind: 'where' }
  | { kind: 'sleep'; ms: number; value: string }
  | { kind: 'hang' }
  | { kind: 'crash' }
  | { kind: 'oom' }
  | { kind: 'fail'; code: ErrorCode; message: string }
  /** `pages` OCR pages of `ms` each, all asked at once; `gauge` counts [now, max] in slots. */
  | { kind: 'ocr'; pages: number; ms: number; gauge: SharedArrayBuffer };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

serveTasks<FakeTask, string>(async (task, ctx) => {
  switch (task.kind) {
    case 'echo':
      return task.value;
    case 'where':
      // the tsx boot passes the source's URL in workerData; a bundle is started bare
      return JSON.stringify({ own: import.meta.url, viaTsx: (workerData as { tsx?: string } | null)?.tsx !== undefined });
    case 'sleep':
      await sleep(task.ms);
      return task.value;
    case 'hang':
      for (;;); // a busy loop: only terminate() ends it
    case 'crash':
      setTimeout(() => {
        throw new Error('boom from a timer');
      });
      await sleep(10_000);
      return 'not reached';
    case 'oom': {
      const keep: unknown[] = [];
      for (;;) keep.push(new Array(1_000_000).fill({ x: keep.length }));
    }
    case 'fail':
      throw new YusuanError(task.code, task.message);
    case 'ocr': {
      const g = new Int32Array(task.gauge);
      await Promise.all(
        Array.from({ length: task.pages }, () =>
          ctx.ocrSlot(async () => {
            const now = Atomics.add(g, 0, 1) + 1;
            for (let max = Atomics.load(g, 1); now > max; max = Atomics.load(g, 1)) Atomics.compareExchange(g, 1, max, now);
            await sleep(task.ms);
            Atomics.sub(g, 0, 1);
            ctx.page(null, 'ocr');
          }),
        ),
      );
      return 'ocr done';
    }
  }
});
