// The worker pool: results, time limits (terminate and replace), crashes, memory limits, and
// OCR slots shared across workers, with a fake worker that starts fast.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WorkerPool } from '../src/pipeline/worker-pool.ts';
import { workerBundle } from '../src/pipeline/worker-bundle.ts';
import { YusuanError } from '../src/core/errors.ts';
import type { FakeTask } from './bulk-fake-worker.ts';

const script = new URL('./bulk-fake-worker.ts', import.meta.url);
let pool: WorkerPool<FakeTask, string> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function make(o: Partial<{ size: number; ocrSlots: number; timeoutMs: number; memoryMb: number; recycleAfter: number }> = {}) {
  pool = new WorkerPool<FakeTask, string>({ script, size: 2, ocrSlots: 2, timeoutMs: 20_000, memoryMb: 256, recycleAfter: 100, ...o });
  return pool;
}

async function rejection(p: Promise<unknown>): Promise<YusuanError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(YusuanError);
    return err as YusuanError;
  }
  throw new Error('expected a rejection');
}

describe('WorkerPool', () => {
  it('runs tasks on its workers, started only when needed', async () => {
    const p = make();
    expect(p.workers).toBe(0);
    const out = await Promise.all(['a', 'b', 'c', 'd'].map((v) => p.run({ kind: 'sleep', ms: 20, value: v }, v)));
    expect(out).toEqual(['a', 'b', 'c', 'd']);
    expect(p.workers).toBe(2);
  });

  it('a task over its time limit gets E_TIMEOUT; its worker is terminated and replaced', async () => {
    const p = make({ size: 1, timeoutMs: 1500 });
    await p.run({ kind: 'echo', value: 'warm' }, 'warm'); // the start-up is not on the clock
    const e = await rejection(p.run({ kind: 'hang' }, 'hang.pdf'));
    expect(e.code).toBe('E_TIMEOUT');
    expect(e.message).toMatch(/^hang\.pdf: not read within the limit of 1\.5 s/);
    expect(await p.run({ kind: 'echo', value: 'after' }, 'after')).toBe('after');
  });

  it('close() returns only when the thread of a timed-out task has ended', async () => {
    // the process exits once close() returns: a thread still being torn down then was a crash
    const p = make({ size: 1, timeoutMs: 300 });
    const e = await rejection(p.run({ kind: 'hang' }, 'hang.pdf'));
    expect(e.code).toBe('E_TIMEOUT');
    await p.close();
    expect(p.stoppingWorkers).toBe(0);
    expect(p.workers).toBe(0);
  });

  it('a worker that crashes or runs out of memory fails only its own task', async () => {
    const p = make({ size: 1, memoryMb: 64 });
    const crash = await rejection(p.run({ kind: 'crash' }, 'crash.pdf'));
    expect(crash.code).toBe('E_INTERNAL');
    expect(crash.message).toMatch(/^crash\.pdf: the worker reading it crashed \(boom from a timer\)/);
    const oom = await rejection(p.run({ kind: 'oom' }, 'bomb.pdf'));
    expect(oom.code).toBe('E_TOO_LARGE');
    expect(oom.message).toMatch(/^bomb\.pdf: needed more than the 64 MB/);
    expect(await p.run({ kind: 'echo', value: 'still here' }, 'x')).toBe('still here');
  });

  it('an error thrown by the task comes back typed, naming the file', async () => {
    const p = make({ size: 1 });
    const e = await rejection(p.run({ kind: 'fail', code: 'E_PDF_ENCRYPTED', message: 'password-protected PDF: cannot be opened without a password' }, 'locked.pdf'));
    expect(e.code).toBe('E_PDF_ENCRYPTED');
    expect(e.message).toBe('locked.pdf: password-protected PDF: cannot be opened without a password');
  });

  it('keeps at most ocrSlots pages in OCR across workers, and waiting for a slot is not on the clock', async () => {
    // 2 workers × 5 pages × 200 ms through 1 slot: 2 s in all, each task busy 1 s of it;
    // a clock that ran while waiting would stop the second task at 1.6 s
    const p = make({ size: 2, ocrSlots: 1, timeoutMs: 1600 });
    await Promise.all([p.run({ kind: 'echo', value: '' }, 'w1'), p.run({ kind: 'echo', value: '' }, 'w2')]);
    const gauge = new SharedArrayBuffer(8);
    const pages: string[] = [];
    const runs = ['a', 'b'].map((l) => p.run({ kind: 'ocr', pages: 5, ms: 200, gauge }, l, { onPage: () => pages.push(l) }));
    expect(await Promise.all(runs)).toEqual(['ocr done', 'ocr done']);
    expect(new Int32Array(gauge)[1]).toBe(1);
    expect(pages).toHaveLength(10);
  });

  it('recycles a worker after recycleAfter tasks', async () => {
    const p = make({ size: 1, recycleAfter: 2 });
    for (const v of ['1', '2', '3']) expect(await p.run({ kind: 'echo', value: v }, v)).toBe(v);
    expect(p.workers).toBe(1);
  });

  it('close() rejects the running task and the queued ones, so that no one waits for ever', async () => {
    const p = make({ size: 1 });
    await p.run({ kind: 'echo', value: '' }, 'warm');
    const running = rejection(p.run({ kind: 'sleep', ms: 5000, value: 'x' }, 'running.pdf'));
    const queued = rejection(p.run({ kind: 'echo', value: 'y' }, 'queued.pdf'));
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    expect((await running).message).toBe('running.pdf: the run was stopped');
    expect((await queued).message).toBe('queued.pdf: the run was stopped');
  });

  it('starts its workers from a bundle built once, where each module keeps its own import.meta.url', async () => {
    const p = make({ size: 1, recycleAfter: 1 });
    const a = JSON.parse(await p.run({ kind: 'where' }, 'a')) as { own: string; viaTsx: boolean };
    const b = JSON.parse(await p.run({ kind: 'where' }, 'b')) as { own: string; viaTsx: boolean };
    expect(a).toEqual({ own: script.href, viaTsx: false });
    expect(b).toEqual(a); // a recycled worker, the same bundle
    const bundle = await workerBundle(script);
    expect(bundle.pathname).toMatch(/node_modules\/\.cache\/yusuan\/bulk-fake-worker-[0-9a-f]{16}\.mjs$/);
    expect(readFileSync(bundle, 'utf8')).not.toContain('import.meta.url');
    expect(await workerBundle(script)).toBe(bundle);
  });

  it('keeps the native Array.prototype.push in a bundled worker that loads pdf.js', async () => {
    // in a bundle, pdf.js (and its core-js) is evaluated before any of our code; the pool's
    // boot takes the natives first, or every push in the worker runs through core-js's
    const p = new WorkerPool<{ kind: 'builtins' }, string>({ script: new URL('./bulk-pdf-worker.ts', import.meta.url), size: 1, ocrSlots: 1, timeoutMs: 60_000, memoryMb: 512, recycleAfter: 100 });
    try {
      expect(JSON.parse(await p.run({ kind: 'builtins' }, 'a'))).toEqual({ push: 'native', restored: true, pdfjs: 'function' });
    } finally {
      await p.close();
    }
  }, 60_000);

  it('boots its workers through tsx when told to (YUSUAN_WORKER_TSX=1)', async () => {
    process.env['YUSUAN_WORKER_TSX'] = '1';
    try {
      const p = make({ size: 1 });
      expect(JSON.parse(await p.run({ kind: 'where' }, 'a'))).toEqual({ own: script.href, viaTsx: true });
    } finally {
      delete process.env['YUSUAN_WORKER_TSX'];
    }
  });

  it('checks its options up front', () => {
    expect(() => make({ size: 0 })).toThrow(/size must be a number above 0, got 0/);
  });
});
