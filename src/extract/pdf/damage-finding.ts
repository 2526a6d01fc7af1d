// A document read from a damaged file → one finding that says so (pdf-damaged), so that a
// dashboard can leave out its facts (`v_findings WHERE code = 'pdf-damaged'`).
import type { ExtractedDoc, Finding } from '../../core/types.ts';

export function damageFindings(doc: ExtractedDoc): Finding[] {
  if (!doc.damage?.length) return [];
  const firstPage = Number(/^\d+ pages? could not be read \((\d+)/.exec(doc.damage[0]!)?.[1] ?? NaN);
  return [
    {
      code: 'pdf-damaged',
      severity: 'warning',
      message: `the PDF is damaged and was read all the same: ${doc.damage.join('; ')}`.slice(0, 2000),
      keys: [],
      sources: [{ doc: doc.file.sha256, file: doc.file.name, page: Number.isFinite(firstPage) ? firstPage : null, line: null, bbox: null, method: 'table', text: '' }],
    },
  ];
}
