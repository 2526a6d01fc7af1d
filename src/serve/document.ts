// Everything the page of one document needs, gathered from the database, the stored file
// (page sizes from the renderer, or the lines of a text view) and the catalogue's names.
import type { DB } from '../store/db.ts';
import { loadFacts } from '../store/repo.ts';
import { verdictsOf } from '../store/reviews.ts';
import type { Catalogue } from '../normalize/catalogue.ts';
import type { SourceFile } from '../core/types.ts';
import { buildDocModel } from './doc-model.ts';
import { groupFacts } from './groups.ts';
import { classChart, yearChart, type Bar } from './chart.ts';
import { classTotals, coverageOf, findingsOf, getDocument, identityOf, sameUnitYears, type DocRow } from './queries.ts';
import type { Renderer } from './renderer.ts';
import { readStoredFile } from './stored-file.ts';
import { htmlLines, textDumpLines, type ViewLine } from './text-view.ts';
import type { DocView, PagesView } from './views/doc-page.ts';
import { SCOPES } from './keys.ts';
import type { SafeHtml } from './html.ts';

export interface DocContext {
  readonly db: DB;
  readonly renderer: Renderer;
  readonly catalogue: Catalogue;
}

const linesCache = new Map<string, ViewLine[]>();
const LINES_KEPT = 16;

function lines(doc: DocRow): ViewLine[] {
  const had = linesCache.get(doc.sha256);
  if (had) return had;
  const bytes = readStoredFile(doc);
  const file: SourceFile = { path: doc.path, name: doc.file, sha256: doc.sha256, kind: 'html', bytes: bytes.length };
  const out = doc.kind === 'html' ? htmlLines(bytes, file) : textDumpLines(bytes, doc.file);
  linesCache.set(doc.sha256, out);
  if (linesCache.size > LINES_KEPT) linesCache.delete(linesCache.keys().next().value!);
  return out;
}

async function pagesView(cx: DocContext, doc: DocRow): Promise<PagesView> {
  try {
    if (doc.kind === 'pdf') return { kind: 'pages', sizes: await cx.renderer.pageSizes(doc), scale: cx.renderer.scale };
    return { kind: 'lines', lines: lines(doc) };
  } catch (err) {
    return { kind: 'unavailable', reason: `The document cannot be shown: ${(err as Error).message}. Its facts and sources are listed beside.` };
  }
}

function charts(cx: DocContext, doc: DocRow, facts: ReadonlyArray<{ key: string; value: string }>): SafeHtml[] {
  const t = classTotals(facts);
  if (!t) return [];
  const names = (code: string): string => cx.catalogue.nameOf('func', code, doc.year ?? undefined) ?? '';
  // classes printed as 0 (a 收支总表 lists every 类) are left out of the bars
  const bars: Bar[] = [...t.classes].filter(([, yuan]) => Number(yuan) !== 0).map(([code, yuan]) => ({ code, label: names(code), yuan, key: `exp.${t.scope}.func.${code}.total` }));
  if (bars.length === 0) return [];
  const zero = t.classes.size - bars.length;
  const out = [classChart(`支出功能分类（类）· ${SCOPES[t.scope]} · expenditure by function class${zero ? `（另有 ${zero} 类为 0）` : ''}`, bars)];
  const years = sameUnitYears(cx.db, doc, t.scope);
  if (years.length >= 2) {
    out.push(yearChart(`${doc.unit} 历年对比 · year on year (${SCOPES[t.scope]})`, years.map((y) => ({ year: y.year, current: y.sha256 === doc.sha256, classes: y.classes })), names));
  }
  return out;
}

export async function loadDocView(cx: DocContext, sha256: string): Promise<DocView | null> {
  const doc = getDocument(cx.db, sha256);
  if (!doc) return null;
  const facts = loadFacts(cx.db, doc);
  const names = { catalogue: cx.catalogue, ...(doc.year !== null ? { year: doc.year } : {}) };
  const view = await pagesView(cx, doc);
  const model = buildDocModel({ facts, findings: findingsOf(cx.db, sha256), verdicts: verdictsOf(cx.db, sha256), view: doc.kind === 'pdf' ? 'pages' : 'lines', names });
  const amounts = facts.filter((f) => f.value.type === 'amount').map((f) => ({ key: f.key, value: f.value.type === 'amount' ? f.value.yuan : '' }));
  return {
    doc,
    identity: identityOf(doc),
    coverage: coverageOf(cx.db, sha256),
    model,
    groups: groupFacts(facts.map((f) => f.key), names),
    view,
    charts: charts(cx, doc, amounts),
  };
}
