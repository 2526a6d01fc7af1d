// The same figure printed several times over a document (a department's total appears in
// the summary, the revenue, the spending and the appropriation tables, each read by OCR on
// its own). Where OCR read one occurrence a digit off (`92,165,133.96` among five readings of
// `92,165,133.99`; `3,207,400.72` beside three of `3,297,400.72`), the document's other
// readings outvote it. Only long figures take part (seven digits or more: two such figures a
// digit apart in one document are not a coincidence worth keeping), only one confusion away
// (one digit, or a last digit lost), and only against at least two agreeing readings and
// twice as many as its own.

import type { Block, ExtractedDoc, Page } from '../../core/types.ts';
import type { OcrPage } from './page.ts';
import type { OcrFinding } from './repair.ts';

const AMOUNT = /^-?\d{1,3}(?:,\d{3})+\.\d{1,2}$|^-?\d{4,}\.\d{1,2}$/u;

/** An amount's digits grouped again by thousands, as printed with commas. */
function grouped(digitsOnly: string, commas: boolean): string {
  const neg = digitsOnly.startsWith('-');
  const [int, dec] = digitsOnly.replace(/^-/u, '').split('.') as [string, string | undefined];
  const i = commas ? int.replace(/\B(?=(\d{3})+$)/gu, ',') : int;
  return `${neg ? '-' : ''}${i}${dec !== undefined ? `.${dec}` : ''}`;
}

/**
 * Readings one confusion away: one digit changed, a last decimal that was lost, or a digit
 * read in (a stroke of the paper taken for a 1: `217,900.73` for `27,900.73`).
 */
function neighbours(text: string): string[] {
  const out: string[] = [];
  const chars = [...text];
  chars.forEach((c, i) => {
    if (!/\d/u.test(c)) return;
    for (let d = 0; d <= 9; d++) {
      if (String(d) === c) continue;
      out.push([...chars.slice(0, i), String(d), ...chars.slice(i + 1)].join(''));
    }
  });
  if (/\.\d$/u.test(text)) for (let d = 0; d <= 9; d++) out.push(`${text}${d}`);
  const bare = text.replace(/,/gu, '');
  const int = bare.replace(/^-/u, '').split('.')[0]!;
  // (a digit of the integer part read in: the decimals keep their count)
  for (let i = bare.startsWith('-') ? 1 : 0, k = 0; k < int.length; i++, k++) {
    if (int.length < 2 || (k === 0 && int[1] === '0')) continue;
    out.push(grouped(bare.slice(0, i) + bare.slice(i + 1), text.includes(',')));
  }
  // (a doubled digit read in gives one reading, not two rivals)
  return [...new Set(out)];
}

const digits = (t: string): number => (t.match(/\d/gu) ?? []).length;

/** Correct the OCR'd grid cells the document's other readings outvote; findings go to their pages. */
export function voteRepeatedAmounts(doc: ExtractedDoc): ExtractedDoc {
  const count = new Map<string, number>();
  for (const p of doc.pages) {
    for (const b of p.blocks) {
      if (b.kind !== 'grid') continue;
      for (const r of b.rows) for (const c of r.cells) if (AMOUNT.test(c.text) && digits(c.text) >= 7) count.set(c.text, (count.get(c.text) ?? 0) + 1);
    }
  }
  const fix = new Map<string, string>();
  for (const [text, n] of count) {
    let best: string | null = null;
    let bestN = 0;
    let rivals = 0;
    for (const alt of neighbours(text)) {
      const m = count.get(alt) ?? 0;
      if (m >= 2 && m >= 2 * n) {
        rivals++;
        if (m > bestN) {
          best = alt;
          bestN = m;
        }
      }
    }
    // Two different figures outvoting it would be a guess between them.
    if (best && rivals === 1) fix.set(text, best);
  }
  if (fix.size === 0) return doc;
  const pages = doc.pages.map((p): Page => {
    const op = p as OcrPage;
    if (p.method !== 'ocr' || !op.ocr) return p;
    const findings: OcrFinding[] = [];
    const blocks = p.blocks.map((b): Block => {
      if (b.kind !== 'grid') return b;
      let changed = false;
      const rows = b.rows.map((r) => {
        const cells = r.cells.map((c) => {
          const to = fix.get(c.text);
          if (!to) return c;
          changed = true;
          const bbox = r.bbox && c.x0 !== undefined && c.x1 !== undefined ? ([c.x0, r.bbox[1], c.x1, r.bbox[3]] as const) : r.bbox;
          findings.push({
            code: 'ocr-corrected',
            severity: 'info',
            page: p.number ?? 0,
            bbox,
            message: `OCR read ${c.text}; the document prints ${to} ${count.get(to)} times elsewhere, one digit from it`,
            found: c.text,
            expected: to,
          });
          return { ...c, text: to };
        });
        return cells.some((c, i) => c !== r.cells[i]) ? { ...r, cells } : r;
      });
      return changed ? { ...b, rows } : b;
    });
    if (findings.length === 0) return p;
    return { ...op, blocks, ocr: { ...op.ocr, findings: [...(op.ocr.findings ?? []), ...findings] } } as OcrPage;
  });
  return { ...doc, pages };
}
