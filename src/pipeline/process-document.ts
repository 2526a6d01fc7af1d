// One file → one disclosure: extract, segment, identify, interpret, validate.
import type { Disclosure, ExtractedDoc, SourceFile } from '../core/types.ts';
import { YusuanError } from '../core/errors.ts';
import { extractTextDump } from '../extract/text-dump.ts';
import { segment } from '../segment/segment.ts';
import { detectIdentity } from '../segment/identity.ts';
import { interpretDocument } from '../interpret/index.ts';
import { validateDisclosure } from '../validate/index.ts';
import { ocrFindings } from '../extract/ocr/findings.ts';
import { damageFindings } from '../extract/pdf/damage-finding.ts';
import { pageNeedsOcr } from '../extract/ocr/trust.ts';

export interface ProcessOptions {
  readonly maxPages?: number;
  /** pdf.js decodes no image larger than this (pixels); the batch's --max-pixels. */
  readonly maxImagePixels?: number;
  readonly signal?: AbortSignal;
  /** Told as each page read by OCR is done, for progress (OCR pages take seconds each). */
  readonly onOcrPage?: (page: number) => void;
  /** Told before each PDF page is read (the worker pool's time limit per page runs from it). */
  readonly onPage?: (page: number) => void;
}

export async function extractDocument(file: SourceFile, bytes: Uint8Array, opts: ProcessOptions = {}): Promise<ExtractedDoc> {
  switch (file.kind) {
    case 'text':
      return extractTextDump(file, bytes);
    case 'pdf': {
      const { extractPdf } = await import('../extract/pdf/index.ts');
      const doc = await extractPdf(file, bytes, {
        ...(opts.maxPages ? { maxPages: opts.maxPages } : {}),
        ...(opts.maxImagePixels ? { maxImagePixels: opts.maxImagePixels } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onPage ? { onPage: opts.onPage } : {}),
      });
      // Pages whose text layer fails the trust check (scans, unmapped fonts) are read by OCR,
      // unless the file is damaged: its facts are flagged (pdf-damaged) for dashboards to
      // leave out, and OCR of pages pdf.js could not read right costs seconds each for nothing.
      if (doc.damage?.length) return skipOcr(doc);
      const { ocrUntrustedPages } = await import('../extract/ocr/index.ts');
      return ocrUntrustedPages(doc, bytes, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onOcrPage ? { onPage: opts.onOcrPage } : {}) });
    }
    case 'html': return (await import('../extract/html/index.ts')).extractHtml(file, bytes, { ...(opts.maxPages ? { maxPages: opts.maxPages } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    default:
      throw new YusuanError('E_UNSUPPORTED', `${file.name}: ${file.kind} input is not supported yet`, { file: file.path });
  }
}

function skipOcr(doc: ExtractedDoc): ExtractedDoc {
  const n = doc.pages.filter((p) => pageNeedsOcr(p, p.pdf).needs).length;
  return n ? { ...doc, damage: [...doc.damage!, `${n} page${n > 1 ? 's' : ''} that would need OCR left as read (the file is damaged)`] } : doc;
}

/** Interpret an extracted document (several extracted parts of one disclosure may be passed). */
export function interpretExtracted(doc: ExtractedDoc): Disclosure {
  const seg = segment(doc);
  const identity = detectIdentity(seg);
  if (!identity.unit || !identity.year) {
    const text = seg.prose.length + seg.tables.length;
    if (text === 0) throw new YusuanError('E_NO_CONTENT', `${doc.file.name}: no text or tables were found`, { file: doc.file.path, hint: 'an image-only document needs OCR' });
  }
  const disclosure = validateDisclosure(interpretDocument(seg, doc.file, identity), seg);
  // what OCR corrected or could not read with confidence is reported with the page and box,
  // and a file read despite damage says so
  const more = [...ocrFindings(doc), ...damageFindings(doc)];
  return more.length ? { ...disclosure, findings: [...disclosure.findings, ...more] } : disclosure;
}

export async function processDocument(file: SourceFile, bytes: Uint8Array, opts: ProcessOptions = {}): Promise<{ doc: ExtractedDoc; disclosure: Disclosure }> {
  const doc = await extractDocument(file, bytes, opts);
  return { doc, disclosure: interpretExtracted(doc) };
}
