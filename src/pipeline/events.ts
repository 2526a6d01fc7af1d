// Progress events of a batch run. They are data: the CLI writes them as NDJSON on stderr
// (cron, CI) or folds them into a progress bar on a terminal; tests read them.
import type { ErrorCode } from '../core/errors.ts';

export type RunEvent =
  | { readonly event: 'run:start'; readonly run: number; readonly inputs: number; readonly jobs: number; readonly ocrJobs: number }
  | { readonly event: 'doc:start'; readonly run: number; readonly path: string }
  | {
      readonly event: 'doc:stored' | 'doc:skipped';
      readonly run: number;
      readonly path: string;
      readonly sha256?: string;
      readonly message?: string;
      readonly ms: number;
      readonly pages: number;
      readonly ocrPages: number;
      readonly facts?: number;
      readonly findings?: number;
    }
  | {
      readonly event: 'doc:failed';
      readonly run: number;
      readonly path: string;
      readonly sha256?: string;
      readonly code: ErrorCode;
      readonly message: string;
      readonly hint?: string;
      readonly ms: number;
      readonly pages: number;
      readonly ocrPages: number;
    }
  | { readonly event: 'page:ocr'; readonly run: number; readonly path: string; readonly page: number | null }
  | ({ readonly event: 'run:done'; readonly run: number; readonly ms: number; readonly maxRssMb: number } & RunTotals);

/** How a run ended and what became of its inputs: in its last event and in its report. */
export interface RunTotals {
  /** 'interrupted' when the run was stopped (signal) before every input had an outcome. */
  readonly status: 'done' | 'interrupted';
  readonly inputs: number;
  readonly stored: number;
  readonly failed: number;
  readonly skipped: number;
  readonly pages: number;
  readonly ocrPages: number;
}

export type RunEventName = RunEvent['event'];
