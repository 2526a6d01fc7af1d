// OCR findings of a document as the pipeline's Finding records: what repair.ts found and
// corrected on each OCR'd page, plus the pages that were read by OCR or left empty, each
// with the page and box, so that a reader can look at the picture.

import type { ExtractedDoc, Finding, Source } from '../../core/types.ts';
import type { OcrPage } from './page.ts';

/** Findings for a document after `ocrUntrustedPages`: add them to the disclosure's findings. */
export function ocrFindings(doc: ExtractedDoc): Finding[] {
  const out: Finding[] = [];
  const src = (page: number | null, bbox: Source['bbox'], text: string): Source => ({
    doc: doc.file.sha256,
    file: doc.file.name,
    page,
    line: null,
    bbox,
    method: 'ocr-table',
    text,
  });
  for (const p of doc.pages as readonly OcrPage[]) {
    if (p.method !== 'ocr') continue;
    for (const f of p.ocr?.findings ?? []) {
      out.push({
        code: f.code,
        severity: f.severity,
        message: `page ${f.page}: ${f.message}`,
        keys: [],
        sources: [src(f.page, f.bbox, f.found)],
        found: f.found,
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
      });
    }
    const empty = p.blocks.length === 0;
    const why = (p.warnings ?? []).join('; ');
    out.push({
      code: empty ? 'ocr-page-empty' : 'ocr-page',
      severity: empty && !/blank page/.test(why) ? 'warning' : 'info',
      message: `page ${p.number}: ${empty ? 'nothing read' : 'read by OCR'}${why ? ` (${why})` : ''}${p.ocr ? `, mean confidence ${p.ocr.confidence}` : ''}`,
      keys: [],
      sources: [src(p.number, null, '')],
    });
  }
  return out;
}
