// Two renderings of the run's events, both for stderr (stdout carries data only):
// NDJSON, one event a line, for cron and CI; and a one-line progress bar for a terminal.
import type { RunEvent } from './events.ts';

export function ndjsonSink(write: (s: string) => void): (e: RunEvent) => void {
  return (e) => write(JSON.stringify({ ...e, at: new Date().toISOString() }) + '\n');
}

export interface ProgressBar {
  readonly onEvent: (e: RunEvent) => void;
  /** Clear the bar line (the summary follows on stdout). */
  readonly close: () => void;
}

export interface TtyLike {
  write(s: string): unknown;
  readonly columns?: number;
}

/** How often the bar is redrawn at most: more only costs terminal bandwidth. */
const REDRAW_MS = 100;

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * A progress bar with documents, pages, OCR pages, failures and an ETA. A failure is
 * printed above the bar when it happens, so that it is not lost when the bar moves on.
 */
export function progressBar(tty: TtyLike, now: () => number = () => performance.now()): ProgressBar {
  let inputs = 0;
  let done = 0;
  let failed = 0;
  let pages = 0;
  let ocr = 0;
  let started = now();
  let last = 0;
  let drawn = false;

  const line = (): string => {
    const width = Math.max(10, Math.min(30, (tty.columns ?? 80) - 70));
    const frac = inputs ? done / inputs : 0;
    const filled = Math.round(frac * width);
    const elapsed = now() - started;
    const eta = done > 0 && done < inputs ? formatDuration((elapsed / done) * (inputs - done)) : done >= inputs && inputs > 0 ? '0s' : '--';
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${inputs} docs · ${pages} pages · ${ocr} OCR · ${failed} failed · ETA ${eta}`;
  };
  const draw = (force = false): void => {
    const t = now();
    if (!force && t - last < REDRAW_MS) return;
    last = t;
    drawn = true;
    tty.write(`\r\x1b[K${line()}`);
  };
  const clear = (): void => {
    if (drawn) tty.write('\r\x1b[K');
    drawn = false;
  };

  return {
    onEvent(e) {
      switch (e.event) {
        case 'run:start':
          inputs = e.inputs;
          started = now();
          draw(true);
          return;
        case 'doc:stored':
        case 'doc:skipped':
          done++;
          pages += e.pages;
          break;
        case 'doc:failed':
          done++;
          failed++;
          pages += e.pages;
          clear();
          tty.write(`FAILED ${e.path}: [${e.code}] ${e.message}\n`);
          draw(true);
          return;
        case 'page:ocr':
          ocr++;
          break;
        case 'run:done':
          clear();
          return;
        case 'doc:start':
          break;
      }
      draw(done === inputs);
    },
    close: clear,
  };
}
