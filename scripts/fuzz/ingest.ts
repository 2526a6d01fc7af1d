// Ingest a folder through the real command (`yusuan ingest … --json`, a child process), and
// watch it: each input's outcome and time from the run report, the process's resident memory
// when each input ended (from /proc), and the peak over the whole run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './sources.ts';

export interface InputOutcome {
  readonly path: string;
  readonly status: 'stored' | 'failed' | 'skipped';
  readonly code?: string;
  readonly message?: string;
  readonly ms: number;
  /** Pages read by OCR (seconds each: the time limit allows for them, summary.ts). */
  readonly ocrPages: number;
  /** Resident memory of the ingest process when this input's outcome arrived, in MB. */
  readonly rssMb?: number;
}

export interface IngestResult {
  readonly exitCode: number | null;
  readonly outcomes: ReadonlyMap<string, InputOutcome>;
  /** Peak resident memory of the ingest process (its own maxRSS and what /proc showed). */
  readonly peakRssMb: number;
  readonly ms: number;
  /** The end of stderr, for a run that broke. */
  readonly stderrTail: string;
}

export interface IngestOptions {
  readonly jobs: number;
  readonly timeoutSeconds: number;
  readonly pageTimeoutSeconds?: number;
  /** Told as each input ends (path, status, code). */
  readonly onOutcome?: (o: InputOutcome, done: number) => void;
}

function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined; // the process has ended, or /proc is not there
  }
}

export function ingestFolder(dir: string, db: string, opts: IngestOptions): Promise<IngestResult> {
  const t0 = performance.now();
  const args = [join(ROOT, 'bin/yusuan.mjs'), 'ingest', dir, '--db', db, '--json', '--jobs', String(opts.jobs), '--timeout', String(opts.timeoutSeconds), ...(opts.pageTimeoutSeconds !== undefined ? ['--page-timeout', String(opts.pageTimeoutSeconds)] : [])];
  // glibc gives each thread that allocates its own malloc arena and keeps every arena's peak:
  // over a batch of worker threads (replaced as they go) the process's memory creeps up by
  // hundreds of MB with no leak anywhere. Two arenas, as the README advises for bulk runs.
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2' };
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  const pid = child.pid!;
  const outcomes = new Map<string, InputOutcome>();
  const rssAt = new Map<string, number>();
  let peak = 0;
  let stdout = '';
  let stderrTail = '';
  let partial = '';
  const sample = (): number | undefined => {
    const hwm = procMb(pid, 'VmHWM');
    if (hwm !== undefined) peak = Math.max(peak, hwm);
    return procMb(pid, 'VmRSS');
  };
  const timer = setInterval(sample, 250);
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    const s = d.toString();
    stderrTail = (stderrTail + s).slice(-20_000);
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (typeof e['event'] !== 'string' || !/^doc:(stored|failed|skipped)$/.test(e['event'])) continue;
      const path = String(e['path']);
      const rss = sample();
      if (rss !== undefined) rssAt.set(path, rss);
      const o: InputOutcome = {
        path,
        status: e['event'].slice(4) as InputOutcome['status'],
        ...(typeof e['code'] === 'string' ? { code: e['code'] } : {}),
        ...(typeof e['message'] === 'string' ? { message: e['message'] } : {}),
        ms: Number(e['ms'] ?? 0),
        ocrPages: Number(e['ocrPages'] ?? 0),
        ...(rss !== undefined ? { rssMb: rss } : {}),
      };
      outcomes.set(path, o);
      opts.onOutcome?.(o, outcomes.size);
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(timer);
      // the run report is the record: the events only fill in memory per input
      try {
        const report = JSON.parse(stdout) as { maxRssMb?: number; outcomes?: Array<{ path: string; status: InputOutcome['status']; errorCode?: string; message?: string; durationMs: number; ocrPages?: number }> };
        peak = Math.max(peak, report.maxRssMb ?? 0);
        for (const x of report.outcomes ?? []) {
          const rss = rssAt.get(x.path);
          outcomes.set(x.path, { path: x.path, status: x.status, ...(x.errorCode ? { code: x.errorCode } : {}), ...(x.message ? { message: x.message } : {}), ms: Math.round(x.durationMs), ocrPages: x.ocrPages ?? 0, ...(rss !== undefined ? { rssMb: rss } : {}) });
        }
      } catch {
        // no report: the run broke; what the events said is all there is
      }
      resolve({ exitCode: code, outcomes, peakRssMb: peak, ms: performance.now() - t0, stderrTail });
    });
  });
}
