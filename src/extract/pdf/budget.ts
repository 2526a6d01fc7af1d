// Work limits per page. A damaged or hostile page can hand back millions of drawing operations
// or text runs (a content stream repeated, a compression bomb of operators); our layout,
// ruling and grid steps grow faster than linearly with them. Clean disclosures stay far below:
// their busiest pages hold some 37,000 operations and 3,700 text runs. Over a limit the
// document fails at once, typed, rather than run into the document's time limit.
// Operations are counted as pdf.js hands the page over (port.ts: the document is torn down the
// moment a page's stream passes a limit); text runs, built from the operations (op-text.ts),
// are counted on the whole page before any of our layout work. What pdf.js
// spends on a page that hands over nothing is bounded by the pool's time limit per page
// (worker-pool.ts).
import { YusuanError } from '../../core/errors.ts';

export const MAX_PAGE_OPERATIONS = 300_000;
export const MAX_PAGE_TEXT_ITEMS = 100_000;
/** Unbalanced saves: pdf.js spends time in the square of the depth (port.ts); clean pages reach 7. */
export const MAX_SAVE_DEPTH = 2_000;

/** Set when a page's streams went over the limits while arriving (the document is then torn down). */
export class PageBudget {
  exceeded: string | null = null;
  #reject: ((e: unknown) => void) | undefined;
  /**
   * Rejects when the budget is exceeded: raced against the page's calls into pdf.js, which a
   * torn-down document leaves pending for ever.
   */
  readonly stopped: Promise<never> = new Promise<never>((_, reject) => (this.#reject = reject));

  constructor() {
    this.stopped.catch(() => undefined); // observed by whoever races it; none may
  }

  /** The page's streams went over a limit (`what`, in words). */
  stop(what: string): void {
    if (this.exceeded !== null) return;
    this.exceeded = what;
    this.#reject?.(new Error(`work limit: ${what}`));
  }

  /** The typed error for page `page`, when the budget was exceeded. */
  error(page: number): YusuanError | null {
    return this.exceeded === null ? null : tooMuch(page, this.exceeded);
  }
}

function tooMuch(page: number, what: string): YusuanError {
  return new YusuanError('E_TOO_LARGE', `page ${page} holds ${what}: the file is damaged or built to exhaust a reader`, { hint: 'check the file; a genuine page this heavy needs to be read alone' });
}

export function checkPageWork(page: number, textItems: number, operations: number): void {
  const over =
    operations > MAX_PAGE_OPERATIONS ? `${operations} drawing operations (the limit is ${MAX_PAGE_OPERATIONS})`
    : textItems > MAX_PAGE_TEXT_ITEMS ? `${textItems} text runs (the limit is ${MAX_PAGE_TEXT_ITEMS})`
    : null;
  if (over) throw tooMuch(page, over);
}
