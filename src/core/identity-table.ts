// A table of known identities (a crawl's own record of who published what): TSV or CSV with a
// header row. Columns: `file` and/or `sha256` (how a row finds its document), `unit`,
// optionally `alt_units` (`|`-separated), `year`, `stage` (budget/final, or 预算/决算), and
// `kind` (`notdisclosure` marks a file that is not a disclosure at all). Other columns are kept
// out of the way. Used by `ingest --identity` (it wins over the content) and `eval --identity`.
import Papa from 'papaparse';
import type { Stage } from './types.ts';
import { YusuanError } from './errors.ts';

export interface KnownIdentity {
  readonly file?: string;
  readonly sha256?: string;
  readonly unit?: string;
  readonly altUnits: readonly string[];
  readonly year?: number;
  readonly stage?: Stage;
  /** False when the table says the file is not a disclosure (`kind` = notdisclosure). */
  readonly disclosure: boolean;
  readonly kind?: string;
  /** 1-based line of the table, for messages. */
  readonly row: number;
}

export interface IdentityTable {
  readonly rows: readonly KnownIdentity[];
  /** The row for a file, by sha256 first, then by its base name. */
  lookup(sha256: string, fileName: string): KnownIdentity | undefined;
}

function stageOf(v: string): Stage | undefined {
  const s = v.trim().toLowerCase();
  if (s === 'budget' || s === '预算') return 'budget';
  if (s === 'final' || s === '决算') return 'final';
  return undefined;
}

/** Parse the table's text; `source` names it in errors. */
export function parseIdentityTable(text: string, source: string): IdentityTable {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, delimiter: '' });
  const fields = (parsed.meta.fields ?? []).map((f) => f.trim());
  if (!fields.includes('file') && !fields.includes('sha256')) {
    throw new YusuanError('E_USAGE', `${source}: an identity table needs a 'file' or 'sha256' column (found: ${fields.join(', ') || 'none'})`, {
      hint: 'the first line names the columns: file, sha256, unit, alt_units, year, stage, kind',
    });
  }
  const rows: KnownIdentity[] = [];
  parsed.data.forEach((r, i) => {
    const get = (k: string) => (r[k] ?? '').trim();
    const row = i + 2;
    const yearText = get('year');
    const year = yearText === '' ? undefined : Number(yearText);
    if (year !== undefined && !(Number.isInteger(year) && year >= 1990 && year <= 2100)) {
      throw new YusuanError('E_USAGE', `${source}: line ${row}: year '${yearText}' is not a year`);
    }
    const stageText = get('stage');
    const stage = stageText === '' ? undefined : stageOf(stageText);
    if (stageText !== '' && !stage) throw new YusuanError('E_USAGE', `${source}: line ${row}: stage '${stageText}' is not budget or final`);
    const kind = get('kind') || undefined;
    rows.push({
      ...(get('file') ? { file: get('file') } : {}),
      ...(get('sha256') ? { sha256: get('sha256').toLowerCase() } : {}),
      ...(get('unit') ? { unit: get('unit') } : {}),
      altUnits: get('alt_units').split('|').map((s) => s.trim()).filter(Boolean),
      ...(year !== undefined ? { year } : {}),
      ...(stage ? { stage } : {}),
      ...(kind ? { kind } : {}),
      disclosure: kind !== 'notdisclosure',
      row,
    });
  });
  const bySha = new Map(rows.filter((r) => r.sha256).map((r) => [r.sha256!, r]));
  const byFile = new Map(rows.filter((r) => r.file).map((r) => [r.file!, r]));
  return { rows, lookup: (sha256, fileName) => bySha.get(sha256) ?? byFile.get(fileName) };
}
