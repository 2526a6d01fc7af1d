// What pdf.js got past while reading a document: the warnings it gives as it repairs (a
// cross-reference table rebuilt by indexing every object, a stream that would not inflate,
// a command skipped for want of arguments …), pages that could not be read, and failures of
// its own background work (promises it leaves unhandled). A document read despite these is
// stored with a finding that says so (pdf-damaged), so that a dashboard can leave it out.
//
// pdf.js reports warnings only through `console.warn('Warning: …')` at verbosity 1 or more;
// while a document is open (load.ts) those lines are taken into its log instead of printed.

/** Warnings of pdf.js that clean published documents give too: not damage. */
const BENIGN = [/^TT: /];

/** Distinct warnings kept per document (a damaged file can give thousands). */
const MAX_KINDS = 200;

export class DamageLog {
  /** Warning (digits folded, so repeats count as one kind) → how many times. */
  readonly warnings = new Map<string, number>();
  /** Pages that could not be read, with why. */
  readonly pages = new Map<number, string>();
  /** Other damage in words (a background failure of pdf.js, pages missing from the page tree). */
  readonly notes: string[] = [];

  warn(message: string): void {
    if (BENIGN.some((re) => re.test(message))) return;
    const kind = message.replace(/\d+/g, 'N').slice(0, 160);
    const n = this.warnings.get(kind);
    if (n !== undefined) this.warnings.set(kind, n + 1);
    else if (this.warnings.size < MAX_KINDS) this.warnings.set(kind, 1);
  }

  note(words: string): void {
    if (this.notes.length < MAX_KINDS && !this.notes.includes(words)) this.notes.push(words);
  }

  get damaged(): boolean {
    return this.warnings.size > 0 || this.pages.size > 0 || this.notes.length > 0;
  }

  /** The damage in a few lines of plain words, most frequent warnings first. */
  describe(): string[] {
    const out: string[] = [];
    if (this.pages.size) {
      const list = [...this.pages.keys()].sort((a, b) => a - b);
      out.push(`${list.length} page${list.length > 1 ? 's' : ''} could not be read (${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}): ${[...this.pages.values()][0]}`);
    }
    out.push(...this.notes.slice(0, 5));
    const top = [...this.warnings.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
    if (top.length) out.push(`pdf.js repaired or skipped: ${top.map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join('; ')}`);
    return out;
  }
}

let active: DamageLog | null = null;
let installed = false;

/** Route pdf.js's warnings into `log` until the returned function is called. */
export function collectDamage(log: DamageLog): () => void {
  install();
  const before = active;
  active = log;
  return () => {
    active = before;
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]): void => {
    const first = args[0];
    if (active && typeof first === 'string' && first.startsWith('Warning: ')) active.warn(first.slice('Warning: '.length));
    else warn(...args);
  };
}

/** Whether an error was raised inside pdf.js: its stack's first frame is in pdfjs-dist. */
export function raisedInPdfJs(err: unknown): boolean {
  const stack = err instanceof Error ? err.stack : undefined;
  const frame = stack?.split('\n').find((l) => /^\s+at /.test(l));
  return frame !== undefined && /[\\/]pdfjs-dist[\\/]/.test(frame);
}

/**
 * A rejection nobody handled: taken as damage of the document being read when pdf.js raised
 * it (pdf.js 5.6 prefetches page-tree kids and leaves a failed prefetch unhandled). Returns
 * false for anything else, which the caller must treat as a bug.
 */
export function noteUnhandledRejection(reason: unknown): boolean {
  if (!raisedInPdfJs(reason)) return false;
  const e = reason as Error;
  active?.note(`pdf.js failed in the background: ${e.name}: ${e.message}`.slice(0, 300));
  return true;
}
