// PDF text layer → ExtractedDoc. Per page: text items → runs (minus text drawn outside its
// clip); ruling lines → ruled grids; the remaining runs → lines, minus page furniture;
// unruled tables by text alignment; the rest is running text. Blocks come out top to bottom.
// Then table rows cut by a page break are joined again (page-break.ts).

import type { ExtractedDoc, Page, SourceFile } from '../../core/types.ts';
import { itemsToRuns, type RawTextItem } from './items.ts';
import { layoutPage } from './layout.ts';
import { withPdf, type PDFDocumentProxy, type PDFPageProxy } from './load.ts';
import { joinRowsSplitByPageBreak } from './page-break.ts';
import { markRunningLines } from './furniture.ts';
import { extractRulings } from './rulings.ts';
import { pageInfo } from './page-info.ts';
import { pageNeedsOcr } from '../ocr/trust.ts';

export { layoutPage } from './layout.ts';

export interface ExtractPdfOptions {
  /** Read at most this many pages (default: all). A warning says when pages were left out. */
  readonly maxPages?: number;
  /** Abort between pages; the promise rejects with "PDF extraction aborted". */
  readonly signal?: AbortSignal;
  /** pdf.js leaves out images of more pixels (see OpenOptions in load.ts; default 100 million). */
  readonly maxImagePixels?: number;
}

/** Fewer non-space characters than this on a page with images or drawings: image-only. */
const IMAGE_ONLY_MAX_CHARS = 20;

/**
 * Extract the text layer of a PDF. Throws an Error naming the problem for input that is not
 * a PDF, is password-protected, truncated or corrupt.
 */
export async function extractPdf(file: SourceFile, bytes: Uint8Array, opts: ExtractPdfOptions = {}): Promise<ExtractedDoc> {
  if (opts.maxPages !== undefined && !(Number.isInteger(opts.maxPages) && opts.maxPages > 0)) {
    throw new Error(`extractPdf: maxPages must be a positive integer, got ${String(opts.maxPages)}`);
  }
  if (opts.maxImagePixels !== undefined && !(Number.isInteger(opts.maxImagePixels) && opts.maxImagePixels > 0)) {
    throw new Error(`extractPdf: maxImagePixels must be a positive integer, got ${String(opts.maxImagePixels)}`);
  }
  if (opts.signal?.aborted) throw new Error('PDF extraction aborted');
  return withPdf(
    bytes,
    async (doc) => {
      const meta = await readMeta(doc);
      const warnings: string[] = [];
      const n = Math.min(doc.numPages, opts.maxPages ?? Infinity);
      if (n < doc.numPages) warnings.push(`only the first ${n} of ${doc.numPages} pages were read (maxPages)`);
      const pages: Page[] = [];
      const heights = new Map<number, number>();
      for (let p = 1; p <= n; p++) {
        if (opts.signal?.aborted) throw new Error('PDF extraction aborted');
        const page = await doc.getPage(p);
        try {
          heights.set(p, page.getViewport({ scale: 1 }).height);
          pages.push(await extractPage(page, p));
        } catch (err) {
          // One bad page does not sink the document: it is reported and left empty.
          const msg = err instanceof Error ? err.message : String(err);
          warnings.push(`page ${p}: could not be read (${msg})`);
          pages.push({ number: p, method: 'text', blocks: [], warnings: [`unreadable page: ${msg}`] });
        } finally {
          page.cleanup();
        }
      }
      return { file, pages: markRunningLines(joinRowsSplitByPageBreak(pages), heights), warnings, meta };
    },
    { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.maxImagePixels !== undefined ? { maxImagePixels: opts.maxImagePixels } : {}) },
  );
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

export async function extractPage(page: PDFPageProxy, number: number): Promise<Page> {
  const viewport = page.getViewport({ scale: 1 });
  const W = viewport.width;
  const H = viewport.height;
  const vt = viewport.transform as number[];
  const [tc, ops] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  const items = (tc.items as unknown[]).filter((i): i is RawTextItem => typeof (i as RawTextItem).str === 'string');
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

  const out: Page = { number, method: 'text', blocks: layoutPage(runs, rul, W, H, number), ...(warnings.length ? { warnings } : {}) };
  // A page whose text leaves the trust check in doubt keeps what the operator list says of its
  // images and fonts, for the check's second look (ocr/trust.ts) without opening the PDF again.
  return pageNeedsOcr(out).suspect ? { ...out, pdf: pageInfo(page, ops, vt, W, H) } : out;
}
