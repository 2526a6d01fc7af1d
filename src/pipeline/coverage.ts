// A document's parsing and coverage report, which needs no gold: per table its kind, scope,
// unit, column roles and the rows read or left unread (and why); the standard tables of its
// stage found or missing; the headline keys missing; how its identity was settled. Stored
// with the document (doc_reports) and summed up by `yusuan report --coverage`.
import type { Disclosure, Fact, GridQuality, IdentityInfo } from '../core/types.ts';
import type { DocTable, SegmentedDoc } from '../segment/segment.ts';
import { buildFrame, isTotalLabel, type ColumnRole } from '../model/frame.ts';
import { measureOfHeader } from '../model/lexicon.ts';
import { tableContext } from '../model/table-label.ts';
import { parseNumber } from '../normalize/amount.ts';
import { unbalancedContexts } from '../validate/balance.ts';

export interface ColumnReport {
  readonly header: string;
  readonly role: ColumnRole;
  /** For an amount column, the measure its header names (合计, 基本支出, 上年 …), if any. */
  readonly measure?: string;
}

export interface TableReport {
  readonly index: number;
  readonly pages: readonly number[];
  readonly title: string;
  /** B1…B13 / F1…F9, or 'other' for a table the title does not type. */
  readonly kind: string;
  readonly subject: string;
  readonly scope: string;
  readonly classification: string | null;
  /** The unit its caption prints; 'none' when it prints none (the document's prevailing one is used). */
  readonly unit: string;
  readonly columns: readonly ColumnReport[];
  /** Data rows with at least one figure. */
  readonly rows: number;
  readonly rowsRead: number;
  readonly unread: ReadonlyArray<{ readonly reason: string; readonly count: number; readonly example: string }>;
  readonly facts: number;
  /** False when the table fails identities inside it (B01); null when nothing was read from it. */
  readonly balanced: boolean | null;
  /** How each of its grids was found and what was repaired in it, page by page (the parsing report). */
  readonly grids: readonly GridReport[];
}

/** One grid of a table as the extractor found it (GridQuality, with its page). */
export interface GridReport {
  readonly page: number | null;
  readonly method: GridQuality['method'];
  readonly rows: number;
  readonly columns: number;
  /** Share of its cells that are empty. */
  readonly emptyRatio: number;
  /** What the grid builder repaired or guessed (missing rules, cut amounts joined …). */
  readonly notes: readonly string[];
}

export interface CoverageSummary {
  readonly tablesFound: number;
  readonly tablesTyped: number;
  readonly tablesInterpreted: number;
  readonly tablesBalanced: number;
  readonly standardMissing: readonly string[];
  readonly headlineMissing: readonly string[];
  readonly rowsUnread: number;
  readonly unknownColumns: number;
  readonly identityConfidence: number | null;
}

export interface CoverageReport {
  readonly summary: CoverageSummary;
  readonly identity: IdentityInfo | null;
  readonly standardTables: { readonly expected: readonly string[]; readonly found: readonly string[]; readonly missing: readonly string[] };
  readonly tables: readonly TableReport[];
}

/** The standard tables of a 部门预算 and of a 部门决算 (domain.md §1): 收支总表 … 国有资本经营. */
const STANDARD: Record<'budget' | 'final', readonly string[]> = {
  budget: ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9'],
  final: ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9'],
};

/** Headline families a disclosure states (a key that matches one is present). */
const HEADLINE: ReadonlyArray<[string, RegExp]> = [
  ['rev.total', /^rev\.total$/],
  ['rev.gpb', /^rev\.gpb$/],
  ['exp.total', /^exp\.total$/],
  ['exp.all.total', /^exp\.all\.total$/],
  ['exp.all.basic', /^exp\.all\.basic$/],
  ['exp.all.project', /^exp\.all\.project$/],
  ['exp.gpb.total', /^exp\.gpb\.total$/],
  ['exp.*.func.<类>', /^exp\.[a-z]+\.func\.\d{3}\.total$/],
  ['exp.gpb.econ.<类>', /^exp\.(?:gpb|fiscal)\.econ\.\d{3}\.(?:total|basic)$/],
  ['tp.*.total', /^tp\.[a-z]+\.total$/],
  ['ops.total', /^ops\.total$/],
  ['proc.total', /^proc\.total$/],
];

const contextOf = tableContext;
const rowKey = (page: number | null, line: number | null) => `${page}|${line}`;

function hasFigure(cells: readonly { text: string }[], roles: readonly ColumnRole[]): boolean {
  return cells.some((c, i) => roles[i] === 'amount' && (parseNumber(c.text) ?? undefined) !== undefined);
}

/** Why a row with figures gave no fact. */
function unreadReason(t: DocTable, label: string, c01: ReadonlySet<string>, key: string, factsOfTable: number): string {
  if (t.kind.subject === 'other') return 'table not typed (its title names no known table)';
  if (t.kind.subject === 'units' || t.kind.subject === 'performance') return 'kind read for its text only';
  if (factsOfTable === 0) return 'no column could be read';
  if (c01.has(key)) return 'name without a code, not in the catalogue';
  if (isTotalLabel(label)) return 'total row not read';
  // rows the contract gives no key of their own (facts.md): read by design, not missed
  if (t.kind.subject === 'procurement') return 'item of a 政府采购 table (only its totals are keys)';
  if (t.kind.subject === 'revenue') return 'revenue by class (no key in the contract)';
  if (t.kind.subject === 'summary') return 'summary row below the 类 level (no key)';
  return 'row not identified';
}

export function buildCoverage(seg: SegmentedDoc, d: Disclosure): CoverageReport {
  const read = new Map<string, Set<string>>();
  const factsByContext = new Map<string, number>();
  const count = (f: Fact) => {
    for (const s of f.sources) {
      if (s.method !== 'table' && s.method !== 'ocr-table' && s.method !== 'derived') continue;
      const c = s.context ?? '';
      factsByContext.set(c, (factsByContext.get(c) ?? 0) + 1);
      const rows = read.get(c) ?? new Set<string>();
      rows.add(rowKey(s.page, s.line));
      read.set(c, rows);
    }
  };
  d.facts.forEach(count);
  const unbalanced = unbalancedContexts(d.findings);
  const c01 = new Set(d.findings.filter((f) => f.code === 'C01').flatMap((f) => f.sources.map((s) => rowKey(s.page, s.line))));

  const tables: TableReport[] = seg.tables.map((t) => {
    const frame = buildFrame(t.rows);
    const ctx = contextOf(t);
    const readRows = read.get(ctx) ?? new Set<string>();
    const withFigures = frame.dataRows.filter((r) => hasFigure(r.cells, frame.roles));
    const facts = factsByContext.get(ctx) ?? 0;
    const reasons = new Map<string, { count: number; example: string }>();
    let rowsRead = 0;
    for (const r of withFigures) {
      const key = rowKey(r.page, r.line);
      if (readRows.has(key)) {
        rowsRead++;
        continue;
      }
      const label = r.cells.find((c) => /[\u4e00-\u9fff]/u.test(c.text))?.text ?? r.cells.find((c) => c.text !== '')?.text ?? '';
      const reason = unreadReason(t, label, c01, key, facts);
      const e = reasons.get(reason) ?? { count: 0, example: label.slice(0, 30) };
      e.count++;
      reasons.set(reason, e);
    }
    const pages = [...new Set(t.rows.map((r) => r.page).filter((p): p is number => p !== null))];
    return {
      index: t.index,
      pages,
      title: t.title,
      kind: t.kind.id,
      subject: t.kind.subject,
      scope: t.kind.scope,
      classification: t.kind.classification,
      unit: t.unit ?? 'none',
      columns: frame.headers.map((h, c) => {
        const role = frame.roles[c]!;
        const m = role === 'amount' ? measureOfHeader(h.at(-1) ?? '', t.kind.final) ?? measureOfHeader(h.join(''), t.kind.final) : undefined;
        return { header: h.join('/'), role, ...(m ? { measure: m } : {}) };
      }),
      rows: withFigures.length,
      rowsRead,
      unread: [...reasons].map(([reason, e]) => ({ reason, count: e.count, example: e.example })),
      facts,
      balanced: facts === 0 ? null : !unbalanced.has(ctx),
      grids: t.grids.map((g) => ({ page: g.page, method: g.quality.method, rows: g.quality.rows, columns: g.quality.columns, emptyRatio: g.quality.emptyRatio, notes: g.quality.notes ?? [] })),
    };
  });

  const stage = d.identity.stage ?? 'budget';
  const kinds = new Set(tables.map((t) => t.kind));
  const expected = STANDARD[stage];
  const found = expected.filter((k) => kinds.has(k));
  const keys = d.facts.map((f) => f.key);
  const headlineMissing = HEADLINE.filter(([, re]) => !keys.some((k) => re.test(k))).map(([name]) => name);
  const typed = tables.filter((t) => t.subject !== 'other');
  const interpreted = tables.filter((t) => t.facts > 0);
  return {
    summary: {
      tablesFound: tables.length,
      tablesTyped: typed.length,
      tablesInterpreted: interpreted.length,
      tablesBalanced: interpreted.filter((t) => t.balanced).length,
      standardMissing: expected.filter((k) => !kinds.has(k)),
      headlineMissing,
      rowsUnread: tables.reduce((n, t) => n + (t.rows - t.rowsRead), 0),
      unknownColumns: tables.reduce((n, t) => n + t.columns.filter((c) => c.role === 'unknown').length, 0),
      identityConfidence: d.identityInfo?.confidence ?? null,
    },
    identity: d.identityInfo ?? null,
    standardTables: { expected, found, missing: expected.filter((k) => !kinds.has(k)) },
    tables,
  };
}
