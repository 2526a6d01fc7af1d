// Helpers for the bulk-run tests: the CLI as a child process with its NDJSON events, and a
// batch of distinct small documents made from the seeds and page extracts.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/yusuan.mjs');

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly events: Array<Record<string, unknown>>;
  /** Resolves when an event matching `pred` has arrived (or rejects when the run ends first). */
  waitFor(pred: (e: Record<string, unknown>) => boolean): Promise<void>;
  readonly exit: Promise<Exit>;
}

/** Run `yusuan <args>`; `prefix` is a command to run it under (e.g. setpriv …). */
export function runCli(args: readonly string[], opts: SpawnOptions & { prefix?: readonly string[] } = {}): CliRun {
  const { prefix = [], ...spawnOpts } = opts;
  const argv = [...prefix, process.execPath, BIN, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (e: Record<string, unknown>) => boolean; resolve: () => void; reject: (e: Error) => void }> = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  // decoded as streams: a character split between two chunks must not become two U+FFFD
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    const s = d.toString();
    stderr += s;
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      events.push(e);
      for (const w of waiters.filter((w) => w.pred(e))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const exit = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the run ended (code ${code}, signal ${signal}) before the awaited event\n${stderr.slice(-2000)}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    events,
    exit,
    waitFor: (pred) =>
      events.some(pred) ? Promise.resolve() : new Promise<void>((resolve, reject) => waiters.push({ pred, resolve, reject })),
  };
}

/** A tiny seeded random generator (mulberry32), so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BatchFamily {
  readonly name: string;
  /** One file of the family, for the expected facts. */
  readonly first: string;
  readonly files: readonly string[];
}

/**
 * Distinct documents from a few small sources: each copy differs only after the content
 * (trailing newlines for a text dump, a comment after %%EOF for a PDF), so every copy has its
 * own sha256 and exactly the facts of its source.
 */
export function makeBatch(dir: string, perSource: { text: number; pdf: number }): BatchFamily[] {
  mkdirSync(dir, { recursive: true });
  const sources = [
    { name: 'fujian', from: join(ROOT, 'samples/seed/fujian-12345-2026-budget.txt'), n: perSource.text, ext: 'txt' },
    { name: 'haikou', from: join(ROOT, 'samples/seed/haikou-12345-2026-budget.txt'), n: perSource.text, ext: 'txt' },
    { name: 'gbc', from: join(ROOT, 'samples/pdf/gbc-unit-budget-p8-10.pdf'), n: perSource.pdf, ext: 'pdf' },
  ];
  return sources.map((s) => {
    const bytes = readFileSync(s.from);
    const files: string[] = [];
    for (let i = 0; i < s.n; i++) {
      const file = join(dir, `${s.name}-${String(i).padStart(3, '0')}.${s.ext}`);
      if (i === 0) copyFileSync(s.from, file);
      else writeFileSync(file, Buffer.concat([bytes, Buffer.from(s.ext === 'pdf' ? `\n% copy ${i}\n` : '\n'.repeat(i), 'latin1')]));
      files.push(file);
    }
    return { name: s.name, first: files[0]!, files };
  });
}

/** The rows of a fixture folder's MANIFEST.tsv (file, sha256, the outcome expected), its header left out. */
export function fixtureManifest(dir: string): Array<{ file: string; sha256: string; expect: string }> {
  return readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [file, sha256, expect] = l.split('\t');
      return { file: file!, sha256: sha256!, expect: expect! };
    });
}
