// pdf.js loading: the legacy build (Node 20), CMaps and standard fonts from the local
// pdfjs-dist package (without CMaps Chinese text goes missing in silence), no eval.
// Whoever opens a document closes it: use `withPdf`.

import { createRequire } from 'node:module';
import path from 'node:path';
// First: takes the native built-ins before pdf.js's core-js replaces them (see builtins.ts).
import { restoreBuiltins } from './builtins.ts';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
// The worker runs in this thread in Node (pdf.js's "fake worker"); loaded here rather than at
// the first document, so that its core-js has run before the built-ins are put back. It sets
// globalThis.pdfjsWorker, which pdf.js uses instead of importing the worker again.
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { SameThreadPort, type StreamLimits } from './port.ts';
import { MAX_PAGE_OPERATIONS, MAX_PAGE_TEXT_ITEMS, MAX_SAVE_DEPTH, PageBudget } from './budget.ts';
import { YusuanError } from '../../core/errors.ts';
import { collectDamage, DamageLog } from './damage.ts';
import { pdfFailure } from './errors.ts';

restoreBuiltins();

export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
export type { DamageLog } from './damage.ts';
export type { PageBudget } from './budget.ts';
export { pdfjs };

let assetDirs: { cMapUrl: string; standardFontDataUrl: string } | null = null;

/**
 * Folders of pdfjs-dist's CMaps and standard fonts, as plain file-system paths ending in '/'.
 * Not file:// URLs: pdf.js in Node reads them with fs.readFile, which fails on a URL string
 * ("Unable to load CMap data at: file:///…/GBK-EUC-H.bcmap"), and the text of every font
 * that needs a predefined CMap (non-embedded SimHei with GBK-EUC-H, in renwu-xian) is lost.
 */
function assets(): { cMapUrl: string; standardFontDataUrl: string } {
  if (assetDirs) return assetDirs;
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const dir = (sub: string): string => path.join(pkg, sub) + path.sep;
  assetDirs = { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts') };
  return assetDirs;
}

const PDF_MAGIC = '%PDF-';

/**
 * Check the bytes look like a PDF before handing them to pdf.js, so that the error names
 * the problem ("not a PDF", "empty file") instead of pdf.js's generic message. Returns whether
 * the end-of-file marker is missing (a download cut short), for the message if pdf.js fails.
 */
export function sniffPdf(bytes: Uint8Array): { truncated: boolean } {
  if (bytes.length === 0) throw new YusuanError('E_EMPTY', 'not a PDF: the file is empty', { hint: 'download it again' });
  // The header may be preceded by junk (the spec allows up to 1024 bytes).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  if (!head.includes(PDF_MAGIC)) {
    const start = head.slice(0, 16).replace(/[^\x20-\x7e]/g, '.');
    throw new YusuanError('E_NOT_PDF', `not a PDF: no "%PDF-" header in the first 1024 bytes (starts with "${start}")`, { hint: 'check that the file is what its name says' });
  }
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, bytes.length - 2048), Math.min(bytes.length, 2048)).toString('latin1');
  // Not fatal by itself (pdf.js can rebuild the xref), but named in the error if pdf.js fails.
  return { truncated: !tail.includes('%%EOF') && !tail.includes('startxref') };
}

/** pdf.js leaves out (does not decode or paint) an image of more pixels than this, by default. */
export const PDFJS_MAX_IMAGE_PIXELS = 100_000_000;

export interface OpenOptions {
  /** Abort loading (the document is destroyed). */
  readonly signal?: AbortSignal;
  /**
   * Images of more pixels are left out by pdf.js: not decoded, and missing from the operator
   * list (so not counted by the image-only check). A guard against a huge image exhausting
   * memory; default PDFJS_MAX_IMAGE_PIXELS, the default of `--max-pixels`, which refuses such
   * documents before they get here when their image sizes can be read from the bytes.
   */
  readonly maxImagePixels?: number;
}

/**
 * Open a PDF from bytes, run `fn`, and destroy the document whatever happens.
 * The bytes are copied: pdf.js transfers (detaches) the buffer it is given.
 */
export async function withPdf<T>(bytes: Uint8Array, fn: (doc: PDFDocumentProxy, damage: DamageLog, budget: PageBudget) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const { truncated } = sniffPdf(bytes);
  const damage = new DamageLog();
  const stopCollecting = collectDamage(damage);
  const { cMapUrl, standardFontDataUrl } = assets();
  const budget = new PageBudget();
  // a page over the work limits is stopped as its streams arrive: the document is torn down,
  // its pending calls reject, and the reader throws budget.error() (index.ts)
  const own = sameThreadWorker({ maxOperations: MAX_PAGE_OPERATIONS, maxTextItems: MAX_PAGE_TEXT_ITEMS, maxSaveDepth: MAX_SAVE_DEPTH, onExceeded: (what) => {
    budget.stop(what);
    void task.destroy();
  } });
  const worker = own?.worker;
  const task = pdfjs.getDocument({
    ...(worker ? { worker } : {}),
    data: new Uint8Array(bytes),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    useSystemFonts: false,
    // Fonts are never drawn from this document (OCR renders from its own, ocr/render.ts). With
    // disableFontFace pdf.js would turn every glyph shown into a path for the operator list
    // and post each one to this side; without it, it posts the font once and this side would
    // install it as a FontFace, which `skipFontInstall` turns into a no-op.
    disableFontFace: false,
    maxImageSize: opts.maxImagePixels ?? PDFJS_MAX_IMAGE_PIXELS,
    stopAtErrors: false,
    // warnings are how pdf.js says what it repaired: damage.ts takes them into the log
    verbosity: pdfjs.VerbosityLevel.WARNINGS,
  });
  const onAbort = (): void => void task.destroy();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    opts.signal?.removeEventListener('abort', onAbort);
    // The load already failed; a failure to tear down on top of it would hide the real error.
    await task.destroy().catch((e: unknown) => void e);
    own?.close();
    stopCollecting();
    throw pdfFailure(err, { stage: 'open', truncated, aborted: opts.signal?.aborted ?? false });
  }
  skipFontInstall(doc);
  try {
    return await fn(doc, damage, budget);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    try {
      await task.destroy();
    } finally {
      own?.close();
      stopCollecting();
    }
  }
}

/**
 * pdf.js's worker on this thread behind a SameThreadPort (port.ts), one per document; null
 * when the worker module does not offer `initializeFromPort` (pdf.js then sets up its own
 * fake worker, which is slower, not different).
 */
function sameThreadWorker(limits: StreamLimits): { worker: InstanceType<typeof pdfjs.PDFWorker>; close: () => void } | null {
  const handler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: { initializeFromPort?: (port: unknown) => void } } }).pdfjsWorker?.WorkerMessageHandler;
  if (typeof handler?.initializeFromPort !== 'function') return null;
  const port = new SameThreadPort(limits);
  handler.initializeFromPort(port);
  // pdf.js's typings say `port?: null`; at run time it takes any object with postMessage and
  // add/removeEventListener (a Worker, a MessagePort, its own LoopbackPort).
  const worker = new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: pdfjs.VerbosityLevel.WARNINGS });
  return {
    worker,
    close: () => {
      worker.destroy();
      port.terminate();
    },
  };
}

/**
 * Make the document's font loader accept fonts without installing them: there is no FontFace
 * or DOM in Node, and a font that fails to install makes pdf.js fall back to glyph paths
 * (FontFallback), the work `disableFontFace: false` is meant to spare. Reaches into pdf.js
 * internals (`_transport.fontLoader`, pdfjs-dist 5.6); when they are not there the fallback
 * happens and only speed is lost (test/extract-pdf-load.test.ts checks that they are).
 */
export function skipFontInstall(doc: PDFDocumentProxy): boolean {
  const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (!loader || typeof loader.bind !== 'function') return false;
  loader.bind = (): Promise<void> => Promise.resolve();
  return true;
}
