// One file → one disclosure: extract, segment, identify, interpret, validate.
import type { Disclosure, ExtractedDoc, Finding, SourceFile } from '../core/types.ts';
import type { KnownIdentity } from '../core/identity-table.ts';
import { sourceFor } from '../core/source.ts';
import { settleIdentity } from '../segment/settle-identity.ts';
import { buildCoverage } from './coverage.ts';
import { aboutOf } from '../core/finding-about.ts';
import { YusuanError } from '../core/errors.ts';
import { extractTextDump } from '../extract/text-dump.ts';
import { segment, type SegmentedDoc } from '../segment/segment.ts';
import { detectIdentity } from '../segment/identity.ts';
import { interpretDocument } from '../interpret/index.ts';
import { validateDisclosure } from '../validate/index.ts';
import { ocrFindings } from '../extract/ocr/findings.ts';
import { damageFindings } from '../extract/pdf/damage-finding.ts';
import { pageNeedsOcr } from '../extract/ocr/trust.ts';

export interface ProcessOptions {
  readonly maxPages?: number;
  /** A PDF over maxPages fails E_TOO_LARGE instead of being read in part (the batch's rule). */
  readonly refuseOverMaxPages?: boolean;
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
        ...(opts.refuseOverMaxPages ? { refuseOverMaxPages: true } : {}),
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
export interface InterpretOptions {
  readonly known?: KnownIdentity;
  /** Fail with E_NOT_DISCLOSURE when the document states no budget figure (the batch does). */
  readonly requireBudgetContent?: boolean;
}

export function interpretExtracted(doc: ExtractedDoc, opts: InterpretOptions = {}): Disclosure {
  const seg = segment(doc);
  const reading = detectIdentity(seg, doc.meta['title'] ? { metadataTitle: doc.meta['title'] } : {});
  const settled = settleIdentity(reading, doc.file, opts.known);
  const identity = settled.identity;
  if (!identity.unit || !identity.year) {
    const text = seg.prose.length + seg.tables.length;
    if (text === 0) throw new YusuanError('E_NO_CONTENT', `${doc.file.name}: no text or tables were found`, { file: doc.file.path, hint: 'an image-only document needs OCR' });
  }
  const interpreted = interpretDocument(seg, doc.file, identity);
  // a portal page, a notice or an empty template names no budget figure at all
  if (opts.requireBudgetContent && !hasBudgetContent(seg, interpreted)) {
    throw new YusuanError('E_NOT_DISCLOSURE', `${doc.file.name}: no budget table or budget figure was found; this is not a budget or final-account disclosure`, {
      file: doc.file.path,
      hint: 'a portal page, a list of links or a notice is not a disclosure: fetch the disclosure it points to',
    });
  }
  // how the identity was settled is a finding where it is uncertain (I01–I03), at the cover
  const where = seg.cover[0] ?? seg.prose[0]?.line;
  const identityFindings: Finding[] = settled.notes.map((n) => ({
    code: n.code,
    severity: 'warning',
    message: n.message,
    keys: n.code === 'Y04' ? [] : ['unit.name'],
    sources: (n.lines ?? (where ? [where] : [])).map((l) => sourceFor(doc.file, l, 'prose', l.text.slice(0, 60))),
  }));
  const disclosure = validateDisclosure({ ...interpreted, findings: [...identityFindings, ...interpreted.findings] }, seg);
  // what OCR corrected or could not read with confidence is reported with the page and box,
  // and a file read despite damage says so
  const more = [...ocrFindings(doc), ...damageFindings(doc)];
  const done: Disclosure = { ...disclosure, identityInfo: settled.info, ...(more.length ? { findings: [...disclosure.findings, ...more] } : {}) };
  // a finding about our extraction (OCR noise, a reading to check, how the identity was settled)
  // is information about the reading, never a warning or an error about the document
  const findings = done.findings.map((f) => (aboutOf(f.code) === 'extraction' && f.severity !== 'info' ? { ...f, severity: 'info' as const } : f));
  const final: Disclosure = { ...done, findings };
  return { ...final, coverage: buildCoverage(seg, final) };
}

/**
 * Does the document state budget figures at all? A fact with an amount, a typed budget table
 * with a figure in it (a 绩效目标表 gives text facts but prints its 预算数), or amounts in
 * 万元/元 in its text. A portal page, a list of links or a notice has none.
 */
export function hasBudgetContent(seg: SegmentedDoc, d: Disclosure): boolean {
  if (d.facts.some((f) => f.value.type === 'amount')) return true;
  if (seg.tables.some((t) => t.kind.subject !== 'other' && t.rows.some((r) => r.cells.some((c) => /\d[\d,]*\.\d{2}$/.test(c.text))))) return true;
  const amounts = seg.prose.reduce((n, p) => n + (p.line.text.match(/\d[\d,]*(?:\.\d+)?\s*(?:万元|元)/gu)?.length ?? 0), 0);
  return amounts >= 3;
}

export async function processDocument(file: SourceFile, bytes: Uint8Array, opts: ProcessOptions = {}): Promise<{ doc: ExtractedDoc; disclosure: Disclosure }> {
  const doc = await extractDocument(file, bytes, opts);
  return { doc, disclosure: interpretExtracted(doc) };
}
