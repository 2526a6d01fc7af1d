// One document as the review page shows it: its facts with their sources, each source tied
// to a box (a PDF page's bbox, or a line of a text view), the findings tied to the same boxes,
// and the verdicts in force. Pure: the data in, the model out (the page renders it; the
// browser reads its JSON part).
import type { Fact, Source } from '../core/types.ts';
import type { Catalogue } from '../normalize/catalogue.ts';
import { statusOf, storedValue, verdictInForce, type ReviewStatus, type StoredVerdict } from '../store/reviews.ts';
import { displayValue } from './format.ts';
import { describeKey } from './keys.ts';
import type { StoredFinding } from './queries.ts';

export type ViewKind = 'pages' | 'lines';

export interface Box {
  readonly id: string;
  readonly page: number | null;
  readonly bbox: readonly [number, number, number, number] | null;
  /** The line of a text view this box is. */
  readonly line: number | null;
  readonly keys: string[];
  readonly findings: number[];
}

export interface FactModel {
  readonly key: string;
  readonly label: string;
  readonly display: string;
  readonly type: Fact['value']['type'];
  readonly value: string;
  readonly status: ReviewStatus;
  readonly verdict: StoredVerdict | null;
  readonly history: readonly StoredVerdict[];
  readonly sources: ReadonlyArray<Source & { box: string | null }>;
  readonly boxes: readonly string[];
}

export interface FindingModel {
  readonly id: number;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly keys: readonly string[];
  readonly expected: string | null;
  readonly found: string | null;
  readonly boxes: readonly string[];
}

export interface DocModel {
  readonly view: ViewKind;
  readonly facts: ReadonlyMap<string, FactModel>;
  readonly boxes: ReadonlyMap<string, Box>;
  readonly findings: readonly FindingModel[];
}

/** The box a source points at: a bbox on a page (PDF view) or a line (text view); null if none. */
export function boxOf(s: Pick<Source, 'page' | 'line' | 'bbox'>, view: ViewKind): { id: string; page: number | null; bbox: Box['bbox']; line: number | null } | null {
  if (view === 'pages') {
    if (!s.bbox || s.page === null || !s.bbox.every((n) => Number.isFinite(n))) return null;
    const b = s.bbox.map((n) => Math.round(n * 10) / 10) as [number, number, number, number];
    return { id: `b${s.page}_${b.map((n) => String(n).replace('.', 'd').replace('-', 'm')).join('_')}`, page: s.page, bbox: b, line: null };
  }
  if (s.line === null) return null;
  return { id: s.page === null ? `l${s.line}` : `p${s.page}l${s.line}`, page: s.page, bbox: null, line: s.line };
}

export function buildDocModel(o: {
  facts: readonly Fact[];
  findings: readonly StoredFinding[];
  verdicts: ReadonlyMap<string, readonly StoredVerdict[]>;
  view: ViewKind;
  names: { catalogue: Catalogue; year?: number };
}): DocModel {
  const boxes = new Map<string, Box>();
  const boxFor = (s: Pick<Source, 'page' | 'line' | 'bbox'>): Box | null => {
    const b = boxOf(s, o.view);
    if (!b) return null;
    let box = boxes.get(b.id);
    if (!box) {
      box = { ...b, keys: [], findings: [] };
      boxes.set(b.id, box);
    }
    return box;
  };
  const facts = new Map<string, FactModel>();
  for (const f of o.facts) {
    const ids: string[] = [];
    const sources = f.sources.map((s) => {
      const box = boxFor(s);
      if (box) {
        if (!box.keys.includes(f.key)) box.keys.push(f.key);
        if (!ids.includes(box.id)) ids.push(box.id);
      }
      return { ...s, box: box?.id ?? null };
    });
    const history = o.verdicts.get(f.key) ?? [];
    const v = verdictInForce(f, history);
    facts.set(f.key, {
      key: f.key,
      label: describeKey(f.key, o.names),
      display: displayValue(f.value),
      type: f.value.type,
      value: storedValue(f.value),
      status: statusOf(v),
      verdict: v ?? null,
      history,
      sources,
      boxes: ids,
    });
  }
  const findings = o.findings.map((x): FindingModel => {
    const ids: string[] = [];
    for (const s of x.sources) {
      const box = boxFor(s);
      if (!box) continue;
      if (!box.findings.includes(x.id)) box.findings.push(x.id);
      if (!ids.includes(box.id)) ids.push(box.id);
    }
    for (const k of x.keys) for (const id of facts.get(k)?.boxes ?? []) if (!ids.includes(id)) ids.push(id);
    return { id: x.id, code: x.code, severity: x.severity, message: x.message, keys: x.keys, expected: x.expected ?? null, found: x.found ?? null, boxes: ids };
  });
  return { view: o.view, facts, boxes, findings };
}

/** The part of the model the browser needs, as plain JSON. */
export function clientData(sha256: string, m: DocModel): unknown {
  return {
    doc: sha256,
    view: m.view,
    facts: Object.fromEntries([...m.facts].map(([k, f]) => [k, f])),
    boxes: Object.fromEntries([...m.boxes].map(([k, b]) => [k, { page: b.page, line: b.line, keys: b.keys, findings: b.findings }])),
    findings: m.findings,
  };
}
