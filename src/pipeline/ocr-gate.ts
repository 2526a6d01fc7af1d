// Inside a document worker: size this thread's OCR engine pool and pass each page it reads
// through the run-wide OCR slots, so that at most --ocr-jobs pages are in OCR at once across
// all workers; and end the engines when a document that used them is done. An engine holds
// 300–400 MB and most documents of a batch need none: kept idle in every worker for the rest
// of the run they would double its memory, while starting one again costs about a second.
// The OCR stage owns its pool (src/extract/ocr/pool.ts, made on first use per thread); it is
// made here first, with the run's size, and its `recognize` is wrapped once per pool.
import type { TaskContext } from './worker-protocol.ts';

const gated = new WeakSet<object>();
let used = false;

/** Engines per worker: the run's OCR slots shared out, at least one. */
export function enginesPerWorker(ocrJobs: number, jobs: number): number {
  return Math.max(1, Math.floor(ocrJobs / jobs));
}

/** Before a PDF is read: make sure this thread's OCR pool exists, with its pages gated. */
export async function gateOcr(engines: number, slot: TaskContext['ocrSlot']): Promise<void> {
  const { sharedPool } = await import('../extract/ocr/pool.ts');
  const pool = sharedPool({ size: engines });
  if (gated.has(pool)) return;
  gated.add(pool);
  const recognize = pool.recognize.bind(pool);
  pool.recognize = (req) => {
    used = true;
    return slot(() => recognize(req));
  };
}

/** After a document: end this thread's OCR engines if it started any. */
export async function releaseOcr(): Promise<void> {
  if (!used) return;
  used = false;
  const { closeSharedPool } = await import('../extract/ocr/pool.ts');
  await closeSharedPool();
}
