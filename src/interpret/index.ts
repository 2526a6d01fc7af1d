// One document's segments → its identity, facts and interpretation findings.
import type { Disclosure, DocIdentity, Finding, SourceFile } from '../core/types.ts';
import type { MoneyUnit } from '../normalize/amount.ts';
import { Catalogue } from '../normalize/catalogue.ts';
import { compact } from '../normalize/text.ts';
import type { SegmentedDoc, DocTable } from '../segment/segment.ts';
import { addFinding, emitText, sourceAt, type InterpretContext } from './context.ts';
import { mergeCandidates } from './merge.ts';
import { revenueConcept } from '../model/lexicon.ts';
import { interpretProse } from './prose/interpret.ts';
import { interpretClassified } from './tables/classified.ts';
import { buildFrame } from '../model/frame.ts';
import { interpretPerformance } from './tables/performance.ts';
import { interpretRevenue } from './tables/revenue.ts';
import { inferTableUnits } from './table-units.ts';
import { codeByName, printedCodes } from './tables/rows.ts';
import { interpretSummary } from './tables/summary.ts';
import { interpretThreePublic } from './tables/three-public.ts';
import { interpretOps, interpretProcurement } from './tables/simple.ts';
import { interpretProjects } from './tables/projects.ts';

/** The unit most table captions declare (万元 when none does). */
function prevailingUnit(tables: readonly DocTable[], inferred: ReadonlyMap<DocTable, MoneyUnit>): MoneyUnit {
  const counts = new Map<MoneyUnit, number>();
  for (const t of tables) {
    const u = inferred.get(t) ?? t.unit;
    if (u) counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  let best: MoneyUnit = '万元';
  let n = 0;
  for (const [u, c] of counts) if (c > n) [best, n] = [u, c];
  return best;
}

/** An all-funds 收支总表 without any carry-over line (see InterpretContext). */
function foldsCarryOver(tables: readonly DocTable[]): boolean {
  const all = tables.filter((t) => t.kind.subject === 'summary' && t.kind.scope === 'all');
  return all.length > 0 && !all.some((t) => t.rows.some((r) => r.cells.some((c) => revenueConcept(c.text, true) === 'carryover')));
}

export function interpretTable(table: DocTable, ctx: InterpretContext): void {
  switch (table.kind.subject) {
    case 'summary':
      return interpretSummary(table, ctx);
    case 'revenue':
      return interpretRevenue(table, ctx);
    case 'expenditure':
      return interpretClassified(table, ctx);
    case 'three-public':
      return interpretThreePublic(table, ctx);
    case 'performance':
      return interpretPerformance(table, ctx);
    case 'procurement':
      return interpretProcurement(table, ctx);
    case 'project':
      return interpretProjects(table, ctx);
    case 'ops':
      return interpretOps(table, ctx);
    default:
      return;
  }
}

const PARENT = [
  /(?:为|是|系)([\u4e00-\u9fff（）()0-9]{3,30}?(?:局|厅|委员会|委|办公室|部|院|政府|中心))(?:所属|下属|直属|管理)/u,
  /隶属于([\u4e00-\u9fff（）()0-9]{3,30}?)(?:[，。的]|$)/u,
  /主管部门(?:为|是|：)([\u4e00-\u9fff（）()0-9]{3,30}?)(?:[，。；]|$)/u,
];

export function interpretDocument(seg: SegmentedDoc, file: SourceFile, identity: DocIdentity): Disclosure {
  // The document teaches the catalogue its own pairs, but not a pair an OCR misreading made
  // (a code its name contradicts: rows.ts, codeByName).
  const ocrPages = new Set(seg.doc.pages.filter((p) => p.method === 'ocr').map((p) => p.number));
  const year = identity.year ?? undefined;
  const learned = seg.tables.flatMap((t) => {
    const pairs = printedCodes(buildFrame(t.rows));
    return ocrPages.has(t.rows[0]?.page ?? null) ? pairs.filter((p) => codeByName(p.code, p.name, p.kind, year) === undefined) : pairs;
  });
  // Tables without a unit caption take the unit the text's figures give them (table-units.ts).
  const inferred = inferTableUnits(seg);
  const ctx: InterpretContext = {
    file,
    identity,
    catalogue: Catalogue.standard().withLearned(learned),
    candidates: [],
    findings: [],
    defaultUnit: prevailingUnit(seg.tables, inferred),
    tableUnits: inferred,
    pageMethods: new Map(seg.doc.pages.filter((p) => p.number !== null).map((p) => [p.number!, p.method])),
    fundLinesIncludeCarryOver: foldsCarryOver(seg.tables),
  };
  if (identity.unit) {
    const line = seg.cover[0] ?? seg.prose[0]?.line;
    emitText(ctx, 'unit.name', identity.unit, sourceAt(ctx, line ?? { page: null, line: null, bbox: null }, 'prose', line?.text ?? identity.unit));
  }
  for (const p of seg.prose) {
    for (const re of PARENT) {
      const m = re.exec(compact(p.line.text));
      if (m && (!identity.unit || !m[1]!.includes(identity.unit))) {
        emitText(ctx, 'unit.parent', m[1]!, sourceAt(ctx, p.line, 'prose', m[0]));
        break;
      }
    }
  }
  for (const [t, u] of inferred) {
    // Said only where it changes the reading (the unit the table would otherwise be read in).
    if (u === (t.unit ?? prevailingUnit(seg.tables, new Map()))) continue;
    const where = t.titleLine ?? t.rows[0] ?? { page: null, line: null, bbox: null };
    const why = t.unit ? `its caption was read as ${t.unit} by OCR, but` : 'it prints no unit;';
    addFinding(ctx, 'U02', 'info', `table '${t.title || '(untitled)'}': ${why} its figures match amounts the text states in ${u}, so it is read in ${u}`, [sourceAt(ctx, where, 'table', t.title)]);
  }
  for (const t of seg.tables) interpretTable(t, ctx);
  interpretProse(seg, ctx);
  for (const issue of seg.numberingIssues) {
    addFinding(ctx, 'S01', 'info', issue.message, [sourceAt(ctx, issue.line, 'prose', issue.line.text.slice(0, 40))], { expected: issue.expected, found: issue.marker.text });
  }
  const { facts, findings } = mergeCandidates(ctx.candidates);
  return { identity, facts, findings: [...ctx.findings, ...findings] as Finding[] };
}
