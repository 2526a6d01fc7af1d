// PDF text layer → ExtractedDoc. Per page: text items → runs (minus text drawn outside its
// clip); ruling lines → ruled grids; the remaining runs → lines, minus page furniture;
// unruled tables by text alignment; the rest is running text. Blocks come out top to bottom.
// Then table rows cut by a page break are joined again (page-break.ts).

import type { ExtractedDoc, Page, SourceFile } from '../../core/types.ts';
import { YusuanError } from '../../core/errors.ts';
import { itemsToRuns } from './items.ts';
import { textFromOperatorList, type OpFont } from './op-text.ts';
import { layoutPage } from './layout.ts';
import { withPdf, type DamageLog, type PageBudget, type PDFDocumentProxy, type PDFPageProxy } from './load.ts';
import { pdfCall, PdfReadError } from './errors.ts';
import { checkPageWork } from './budget.ts';
import { joinRowsSplitByPageBreak } from './page-break.ts';
import { markRunningLines } from './furniture.ts';
import { extractRulings } from './rulings.ts';
import { pageInfo } from './page-info.ts';
import { pageNeedsOcr } from '../ocr/trust.ts';

export { layoutPage } from './layout.ts';

export interface ExtractPdfOptions {
  /** Read at most this many pages (default: all). A warning says when pages were left out. */
  readonly maxPages?: number;
  /** A PDF of more pages than maxPages is refused (E_TOO_LARGE) instead of read in part: a batch's rule. */
  readonly refuseOverMaxPages?: boolean;
  /** Abort between pages; the promise rejects with "PDF extraction aborted". */
  readonly signal?: AbortSignal;
  /** pdf.js leaves out images of more pixels (see OpenOptions in load.ts; default 100 million). */
  readonly maxImagePixels?: number;
  /** Told before each page is read (the pool's watchdog counts time per page from it). */
  readonly onPage?: (page: number) => void;
}

/** Fewer non-space characters than this on a page with images or drawings: image-only. */
const IMAGE_ONLY_MAX_CHARS = 20;

/**
 * Extract the text layer of a PDF. Throws a typed error (errors.ts) for input that is not a
 * PDF, is password-protected, truncated or corrupt, or a page over the work limits (budget.ts).
 * A page pdf.js cannot read is left empty, and it and whatever else pdf.js repaired on the
 * way are in the document's `damage`.
 */
export async function extractPdf(file: SourceFile, bytes: Uint8Array, opts: ExtractPdfOptions = {}): Promise<ExtractedDoc> {
  if (opts.maxPages !== undefined && !(Number.isInteger(opts.maxPages) && opts.maxPages > 0)) {
    throw new Error(`extractPdf: maxPages must be a positive integer, got ${String(opts.maxPages)}`);
  }
  if (opts.maxImagePixels !== undefined && !(Number.isInteger(opts.maxImagePixels) && opts.maxImagePixels > 0)) {
    throw new Error(`extractPdf: maxImagePixels must be a positive integer, got ${String(opts.maxImagePixels)}`);
  }
  if (opts.signal?.aborted) throw new YusuanError('E_TIMEOUT', 'PDF extraction aborted', { hint: 'raise --timeout, or read the document alone' });
  return withPdf(
    bytes,
    async (doc, damage, budget) => {
      if (opts.refuseOverMaxPages && opts.maxPages !== undefined && doc.numPages > opts.maxPages) {
        throw new YusuanError('E_TOO_LARGE', `${file.path}: ${doc.numPages} pages is over the limit of ${opts.maxPages} pages per document`, {
          file: file.path,
          hint: 'raise --max-pages if the document is meant to be read whole',
        });
      }
      const meta = await readMeta(doc);
      const warnings: string[] = [];
      const n = Math.min(doc.numPages, opts.maxPages ?? Infinity);
      if (n < doc.numPages) warnings.push(`only the first ${n} of ${doc.numPages} pages were read (maxPages)`);
      const pages: Page[] = [];
      const heights = new Map<number, number>();
      // Pages are asked for ahead of the one being laid out: pdf.js inflates a page's content
      // streams off this thread (zlib), and those waits then overlap our work on earlier pages.
      const ahead: Promise<Fetched>[] = [];
      let asked = 0;
      for (let p = 1; p <= n; p++) {
        if (opts.signal?.aborted) throw new YusuanError('E_TIMEOUT', 'PDF extraction aborted', { hint: 'raise --timeout, or read the document alone' });
        opts.onPage?.(p);
        while (asked < Math.min(n, p + PAGES_AHEAD)) ahead.push(fetchPage(doc, ++asked, budget));
        const fetched = await ahead.shift()!;
        const { page, height } = readPage(fetched, damage, budget);
        pages.push(page);
        if (height) heights.set(p, height);
      }
      const unread = damage.pages.size;
      if (unread === n && n > 0) throw [...pageErrors.get(damage)!.values()][0]!;
      return { file, pages: markRunningLines(joinRowsSplitByPageBreak(pages), heights), warnings, meta, ...(damage.damaged ? { damage: damage.describe() } : {}) };
    },
    { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.maxImagePixels !== undefined ? { maxImagePixels: opts.maxImagePixels } : {}) },
  );
}

/**
 * Pages asked of pdf.js beyond the one being laid out (measured over the real PDFs, paired:
 * one ahead ×0.93 the wall time of none, two ×0.94 of one, four no better than two).
 */
const PAGES_AHEAD = 2;

/** Why each unread page failed, per document: when every page failed, the first is the document's error. */
const pageErrors = new WeakMap<DamageLog, Map<number, PdfReadError>>();

/** A page and its operator list as pdf.js hands them over, or why it could not. */
type Fetched = { readonly p: number; readonly page?: PDFPageProxy; readonly ops?: OperatorList; readonly err?: unknown };
type OperatorList = Awaited<ReturnType<PDFPageProxy['getOperatorList']>>;

/** Never rejects (it may be waited for only after the page before it is laid out). */
async function fetchPage(doc: PDFDocumentProxy, p: number, budget: PageBudget): Promise<Fetched> {
  let page: PDFPageProxy;
  try {
    page = await pdfCall({ stage: 'getPage', page: p }, () => doc.getPage(p));
  } catch (err) {
    return { p, err };
  }
  try {
    const call = pdfCall({ stage: 'getOperatorList', page: p }, () => page.getOperatorList());
    return { p, page, ops: await Promise.race([call, budget.stopped]) };
  } catch (err) {
    return { p, page, err };
  }
}

/**
 * One page, and its height (for running headers). A page pdf.js cannot read does not sink the
 * document: it is left empty and recorded as damage. Our own errors (a bug) and the work
 * limits are not caught here.
 */
function readPage(f: Fetched, damage: DamageLog, budget: PageBudget): { page: Page; height?: number } {
  const { p, page } = f;
  if (!page) return { page: unreadable(budget.error(p) ?? f.err, p, damage) };
  try {
    if (!f.ops) throw f.err;
    const height = page.getViewport({ scale: 1 }).height;
    return { page: buildPage(page, f.ops, p), height };
  } catch (err) {
    // a page over the limits tore the document down: what pdf.js rejects with then is not damage
    return { page: unreadable(budget.error(p) ?? err, p, damage) };
  } finally {
    page.cleanup();
  }
}

function unreadable(err: unknown, p: number, damage: DamageLog): Page {
  if (!(err instanceof PdfReadError) || err.code !== 'E_PDF_CORRUPT') throw err;
  damage.pages.set(p, err.message);
  let errs = pageErrors.get(damage);
  if (!errs) pageErrors.set(damage, (errs = new Map()));
  errs.set(p, err);
  return { number: p, method: 'text', blocks: [], warnings: [`unreadable page: ${err.message}`] };
}

async function readMeta(doc: PDFDocumentProxy): Promise<Record<string, string>> {
  const meta: Record<string, string> = { pages: String(doc.numPages) };
  const m = await doc.getMetadata().catch((err: unknown) => {
    meta['metadataError'] = err instanceof Error ? err.message : String(err);
    return null;
  });
  const info = (m?.info ?? {}) as Record<string, unknown>;
  const put = (key: string, v: unknown): void => {
    if (typeof v === 'string' && v.trim()) meta[key] = v.trim();
  };
  put('producer', info['Producer']);
  put('creator', info['Creator']);
  put('title', info['Title']);
  put('pdfVersion', info['PDFFormatVersion']);
  put('creationDate', info['CreationDate']);
  return meta;
}

/** A page's blocks from its operator list: text items (op-text.ts), rulings, then layout. */
function buildPage(page: PDFPageProxy, ops: OperatorList, number: number): Page {
  const viewport = page.getViewport({ scale: 1 });
  const W = viewport.width;
  const H = viewport.height;
  const vt = viewport.transform as number[];
  // One parse of the page: its text items are built from the operator list, as
  // getTextContent would build them, instead of pdf.js reading the content streams again.
  const fonts = page.commonObjs as unknown as { has(id: string): boolean; get(id: string): unknown };
  const items = textFromOperatorList(ops, (id) => (fonts.has(id) ? (fonts.get(id) as OpFont) : null), page.view);
  // before any of our own work on them, whose cost grows with their number
  checkPageWork(number, items.length, ops.fnArray.length);
  const runs = itemsToRuns(items, vt);
  const rul = extractRulings(ops, vt, W, H);
  const warnings: string[] = [];

  const chars = runs.reduce((s, r) => s + r.text.replace(/\s/g, '').length, 0);
  if (chars < IMAGE_ONLY_MAX_CHARS && (rul.images > 0 || rul.paintedPaths > 50)) {
    return { number, method: 'text', blocks: [], warnings: ['image-only page'] };
  }
  if (chars === 0) warnings.push('blank page');
  const bad = runs.reduce((s, r) => s + (r.text.match(/[\ufffd\ue000-\uf8ff\u0000-\u0008]/gu)?.length ?? 0), 0);
  if (chars > 0 && bad / chars > 0.1) warnings.push(`garbled text: ${Math.round((bad / chars) * 100)}% of characters unmapped`);

  const layout = layoutPage(runs, rul, W, H, number);
  warnings.push(...layout.warnings);
  const out: Page = { number, method: 'text', blocks: layout.blocks, ...(warnings.length ? { warnings } : {}) };
  // A page whose text leaves the trust check in doubt keeps what the operator list says of its
  // images and fonts, for the check's second look (ocr/trust.ts) without opening the PDF again.
  return pageNeedsOcr(out).suspect ? { ...out, pdf: pageInfo(page, ops, vt, W, H) } : out;
}
