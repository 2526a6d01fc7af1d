// A document's facts grouped as a reader goes through a disclosure: the unit, revenue,
// expenditure by scope, the function and economic classifications as trees 类 > 款 > 项, 三公,
// projects, performance targets, the rest, and the units of a consolidated 部门 disclosure.
// Pure: keys in, a structure to render out.
import type { Catalogue, ClassKind } from '../normalize/catalogue.ts';
import { CLASSIFICATIONS, SCOPES, SCOPE_ORDER, SUFFIXES, cellRank, measureLabel, parseKey, rowLabel, rowRank, type KeyParts } from './keys.ts';

/** One fact in a row, under the label of its measure (合计, 基本支出·上年 …). */
export interface Cell {
  readonly key: string;
  readonly label: string;
}

export interface Row {
  readonly label: string;
  readonly cells: readonly Cell[];
}

export interface TreeNode {
  readonly code: string;
  readonly label: string;
  /** 1 类, 2 款, 3 项 (by the code's length). */
  readonly level: number;
  readonly cells: readonly Cell[];
  readonly children: readonly TreeNode[];
}

export interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly tree: readonly TreeNode[];
}

export interface Group {
  readonly id: 'unit' | 'rev' | 'exp' | 'func' | 'econ' | 'tp' | 'proj' | 'perf' | 'other' | 'units';
  readonly title: string;
  readonly sections: readonly Section[];
}

const GROUP_TITLES: ReadonlyArray<readonly [Group['id'], string]> = [
  ['unit', '单位'], ['rev', '收入'], ['exp', '支出'], ['func', '支出功能分类'], ['econ', '支出经济分类'],
  ['tp', '“三公”经费'], ['proj', '项目'], ['perf', '绩效目标'], ['other', '其他'], ['units', '所属单位'],
];

interface Names {
  readonly catalogue: Catalogue;
  readonly year?: number;
}

function groupOf(p: KeyParts): Group['id'] {
  if (p.unit !== undefined) return 'units';
  switch (p.kind) {
    case 'class':
      return p.cls === 'func' ? 'func' : 'econ';
    case 'scope':
      return p.family;
    case 'named':
      return p.family;
    case 'plain':
      return p.family === 'unit' || p.family === 'staff' || p.family === 'assets' ? 'unit' : p.family === 'rev' ? 'rev' : p.family === 'exp' ? 'exp' : 'other';
  }
}

function sectionOf(p: KeyParts): { id: string; title: string; rank: number } {
  if (p.unit !== undefined) return { id: p.unit, title: p.unit, rank: 0 };
  const scope = (s: string, extra = 0): { id: string; title: string; rank: number } => ({ id: s, title: SCOPES[s] ?? s, rank: (SCOPE_ORDER.indexOf(s) + 1 || 99) + extra });
  if (p.kind === 'class') return p.cls === 'func' ? scope(p.scope) : { ...scope(p.scope, p.cls === 'gecon' ? 100 : 0), id: `${p.cls}.${p.scope}`, title: `${SCOPES[p.scope] ?? p.scope} · ${CLASSIFICATIONS[p.cls]}` };
  if (p.kind === 'scope') return scope(p.scope);
  if (p.kind === 'plain' && p.family === 'exp') return { id: '', title: '总计', rank: 0 };
  return { id: '', title: '', rank: 0 };
}

function rowsOf(keys: readonly string[], names: Names): Row[] {
  const rows = new Map<string, { label: string; rank: number; cells: Array<Cell & { rank: number }> }>();
  for (const key of keys) {
    const p = parseKey(key);
    // a row per figure, its variants (上年, 增减, 预算数) beside it; a project's measures in one row
    const id = p.kind === 'named' ? `${p.family}.${p.name}` : p.base;
    const row = rows.get(id) ?? { label: rowLabel(p, names), rank: rowRank(p), cells: [] };
    const label = p.kind === 'named' ? (p.family === 'proj' ? measureLabel(p) : '目标') : SUFFIXES[p.suffix] || '本年';
    row.cells.push({ key, label, rank: cellRank(p) });
    rows.set(id, row);
  }
  return [...rows.values()]
    .sort((a, b) => a.rank - b.rank || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((r) => ({ label: r.label, cells: r.cells.sort((a, b) => a.rank - b.rank).map(({ key, label }) => ({ key, label })) }));
}

/** Class rows → a tree by code: a 项 (7 digits) under its 款 (5) under its 类 (3), where present. */
export function classTree(keys: readonly string[], cls: ClassKind, names: Names): TreeNode[] {
  const byCode = new Map<string, Array<Cell & { rank: number }>>();
  for (const key of keys) {
    const p = parseKey(key);
    if (p.kind !== 'class') continue;
    const cells = byCode.get(p.code) ?? [];
    cells.push({ key, label: measureLabel(p), rank: cellRank(p) });
    byCode.set(p.code, cells);
  }
  const codes = [...byCode.keys()].sort();
  interface Mutable { code: string; label: string; level: number; cells: Cell[]; children: Mutable[] }
  const nodes = new Map<string, Mutable>();
  const roots: Mutable[] = [];
  for (const code of codes) {
    const name = names.catalogue.nameOf(cls, code, names.year);
    const node: Mutable = {
      code,
      label: name ?? '',
      level: code.length <= 3 ? 1 : code.length <= 5 ? 2 : 3,
      cells: byCode.get(code)!.sort((a, b) => a.rank - b.rank).map(({ key, label }) => ({ key, label })),
      children: [],
    };
    nodes.set(code, node);
    let parent: Mutable | undefined;
    for (let len = code.length - 2; len >= 3 && !parent; len -= 2) parent = nodes.get(code.slice(0, len));
    (parent?.children ?? roots).push(node);
  }
  return roots;
}

/** Every key of a document in its group and section, groups in reading order, empty ones left out. */
export function groupFacts(keys: readonly string[], names: Names): Group[] {
  const buckets = new Map<Group['id'], Map<string, { title: string; rank: number; keys: string[]; cls?: ClassKind }>>();
  for (const key of keys) {
    const p = parseKey(key);
    const g = groupOf(p);
    const s = sectionOf(p);
    const sections = buckets.get(g) ?? new Map();
    const sec = sections.get(s.id) ?? { title: s.title, rank: s.rank, keys: [], ...(p.kind === 'class' && p.unit === undefined ? { cls: p.cls } : {}) };
    sec.keys.push(key);
    sections.set(s.id, sec);
    buckets.set(g, sections);
  }
  const out: Group[] = [];
  for (const [id, title] of GROUP_TITLES) {
    const sections = buckets.get(id);
    if (!sections) continue;
    out.push({
      id,
      title,
      sections: [...sections.values()]
        .sort((a, b) => a.rank - b.rank || (a.title < b.title ? -1 : 1))
        .map((s) => ({ title: s.title, rows: s.cls ? [] : rowsOf(s.keys, names), tree: s.cls ? classTree(s.keys, s.cls, names) : [] })),
    });
  }
  return out;
}
