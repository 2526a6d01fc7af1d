// OCR for PDF pages whose text layer cannot be trusted, and the one entry point the pipeline
// calls: `ocrUntrustedPages` takes an extracted document, checks every page, reads the
// failing ones from their pictures and puts the OCR'd pages in their place.
//
// Page images are taken on this thread, one page at a time, while the worker pool reads the
// pages taken before; at most pool size + 1 page images are held at once. A page that is only
// a scan gives its own image (decoded by pdf.js for the operator list anyway); any other page
// is rendered. Once every page is read, the words of the whole document are corrected
// (correct.ts: known vocabularies, the document's own names and years).

import { YusuanError } from '../../core/errors.ts';
import type { ExtractedDoc, Page, SourceFile } from '../../core/types.ts';
import type { PDFDocumentProxy } from '../pdf/load.ts';
import { ocrPageImage, type OcrPage } from './page.ts';
import { sharedPool, type OcrPool } from './pool.ts';
import { embeddedScan, ocrDpi, placedImages, renderGray, withRenderablePdf } from './render.ts';
import { pageNeedsOcr, type PdfPageInfo } from './trust.ts';
import { pageInfo } from '../pdf/page-info.ts';
import { repairOcrPage, type OcrFinding } from './repair.ts';
import { correctOcrDocument } from './correct.ts';

export { pageNeedsOcr } from './trust.ts';
export type { PdfPageInfo, TrustVerdict } from './trust.ts';
export type { OcrPage, OcrInfo } from './page.ts';
export type { OcrFinding } from './repair.ts';
export { ocrFindings } from './findings.ts';
export { correctOcrDocument } from './correct.ts';
export { closeSharedPool as closeOcr } from './pool.ts';

export interface OcrOptions {
  /** The worker pool (default: the process-wide one, sized to the cores). */
  readonly pool?: OcrPool;
  /** Render vector pages at this resolution (default 300: tesseract reads 200 dpi far worse). */
  readonly dpi?: number;
  readonly signal?: AbortSignal;
  /** Skip the checks over grids (accounting identities, confusions): for measuring raw OCR. */
  readonly noRepair?: boolean;
  /** Skip the corrections over the whole document (correct.ts): for measuring raw OCR. */
  readonly noCorrect?: boolean;
  /** Told as each page's OCR is done (pages finish out of order): for progress reports. */
  readonly onPage?: (page: number) => void;
}

/** Below this resolution a scan is read as it is, and the page says so. */
const LOW_DPI = 200;

/** What the PDF says about a page's images and fonts, for the trust check's second look. */
async function inspectPage(doc: PDFDocumentProxy, n: number): Promise<PdfPageInfo> {
  const page = await doc.getPage(n);
  try {
    const vp = page.getViewport({ scale: 1 });
    const ops = await page.getOperatorList();
    return pageInfo(page, ops, vp.transform as number[], vp.width, vp.height);
  } finally {
    page.cleanup();
  }
}

/**
 * Render and OCR the given pages (1-based) of a PDF. Every requested page comes back, in the
 * requested order, with method 'ocr'; a page that could not be read carries a warning.
 */
export async function ocrPages(file: SourceFile, bytes: Uint8Array, pages: readonly number[], opts: OcrOptions = {}): Promise<OcrPage[]> {
  void file;
  if (pages.length === 0) return [];
  const pool = opts.pool ?? sharedPool();
  return withRenderablePdf(bytes, (doc) => ocrOpenDoc(doc, pages, pool, opts));
}

async function ocrOpenDoc(doc: PDFDocumentProxy, pages: readonly number[], pool: OcrPool, opts: OcrOptions): Promise<OcrPage[]> {
  const results: Promise<OcrPage>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  for (const n of pages) {
    if (opts.signal?.aborted) throw new YusuanError('E_TIMEOUT', 'OCR aborted', { hint: 'raise --timeout, or read the document alone' });
    while (inFlight.size > pool.size) await Promise.race(inFlight);
    let job: Promise<OcrPage>;
    try {
      if (!Number.isInteger(n) || n < 1 || n > doc.numPages) throw new Error(`no page ${n} in a document of ${doc.numPages}`);
      const page = await doc.getPage(n);
      try {
        const vp = page.getViewport({ scale: 1 });
        const ops = await page.getOperatorList();
        const { dpi, native, assumed } = ocrDpi(placedImages(ops, vp.transform as number[]), vp.width, vp.height, opts.dpi ?? 300);
        const warnings = native !== null && native < LOW_DPI ? [`low scan resolution: ${native} dpi`] : [];
        if (assumed) warnings.push(`page of ${Math.round(Math.max(vp.width, vp.height) / 72)} inches (the scan's resolution is misdeclared): read as A4 at ${dpi} dpi`);
        // A page that is only a scan is read from its own image; anything else is rendered.
        const scan = await embeddedScan(page, ops, vp.transform as number[], vp.width, vp.height);
        const image = scan && (Math.abs(scan.dpi - dpi) <= 2 || assumed) ? scan.image : await renderGray(doc, page, dpi);
        job = ocrPageImage({ number: n, image, dpi, warnings }, pool).then((p) => (opts.noRepair ? p : repairOcrPage(p)));
      } finally {
        page.cleanup();
      }
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      job = Promise.resolve({ number: n, method: 'ocr', blocks: [], warnings: [`page could not be rendered: ${msg}`] });
    }
    if (opts.onPage) {
      const report = opts.onPage;
      job = job.then((p) => {
        report(n);
        return p;
      });
    }
    results.push(job);
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  return Promise.all(results);
}

/**
 * The pipeline's hook: check every page of an extracted PDF and replace the pages that fail
 * with their OCR. Pages that pass are returned untouched; when none fails the PDF is not
 * opened again. Each OCR'd page says why it was read by OCR in its warnings, and the document
 * lists the pages in its warnings, so that no page is left empty in silence.
 */
export async function ocrUntrustedPages(doc: ExtractedDoc, bytes: Uint8Array, opts: OcrOptions = {}): Promise<ExtractedDoc> {
  if (doc.file.kind !== 'pdf') return doc;
  // A suspect page's images and fonts were recorded by the extractor (page.pdf); only a page
  // without them is inspected here, which means opening the PDF again.
  const verdicts = doc.pages.map((p) => pageNeedsOcr(p, p.pdf));
  const suspects = doc.pages.filter((p, i) => !verdicts[i]!.needs && verdicts[i]!.suspect && p.number !== null);
  if (!verdicts.some((v) => v.needs) && suspects.length === 0) return doc;
  return withRenderablePdf(bytes, async (pdf) => {
    for (const p of suspects) {
      const i = doc.pages.indexOf(p);
      try {
        verdicts[i] = pageNeedsOcr(p, await inspectPage(pdf, p.number!));
      } catch {
        // A page pdf.js cannot inspect keeps its first verdict.
      }
    }
    const todo = doc.pages.map((p, i) => ({ p, v: verdicts[i]! })).filter((x) => x.v.needs && x.p.number !== null);
    if (todo.length === 0) return doc;
    const pool = opts.pool ?? sharedPool();
    const ocred = await ocrOpenDoc(
      pdf,
      todo.map((x) => x.p.number!),
      pool,
      opts,
    );
    const byNumber = new Map<number, { page: OcrPage; reason: string }>();
    todo.forEach((x, k) => byNumber.set(x.p.number!, { page: ocred[k]!, reason: x.v.reason }));
    const warnings = [...doc.warnings];
    const pages: Page[] = doc.pages.map((p) => {
      const hit = p.number !== null ? byNumber.get(p.number) : undefined;
      if (!hit) return p;
      const pw = [`read by OCR: ${hit.reason}`, ...(hit.page.warnings ?? [])];
      warnings.push(`page ${p.number}: ${pw.join('; ')}`);
      return { ...hit.page, warnings: pw };
    });
    const out: ExtractedDoc = { ...doc, pages, warnings, meta: { ...doc.meta, ocrPages: String(todo.length) } };
    return opts.noCorrect ? out : correctOcrDocument(out);
  });
}

