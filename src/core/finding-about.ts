// What a finding is about: the published document (an inconsistency a reader can check in the
// places it names), or our extraction of it (OCR noise, a reading to check, a name the
// catalogue lacks, how the identity or a unit was settled, a table marked unbalanced).
// Exports and dashboards keep the two apart; the codes are those of validate/codes.ts.

export type FindingAbout = 'document' | 'extraction';

const EXTRACTION: ReadonlySet<string> = new Set(['K02', 'C01', 'C02', 'U02', 'T01', 'I01', 'I02', 'I03', 'B01', 'pdf-damaged']);

export function aboutOf(code: string): FindingAbout {
  return code.startsWith('ocr-') || EXTRACTION.has(code) ? 'extraction' : 'document';
}
