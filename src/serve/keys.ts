// Fact keys read back into their parts and named in the words of the tables they come from
// (the key grammar of shared/spec/facts.md). Pure.
import type { Catalogue, ClassKind } from '../normalize/catalogue.ts';

export const SCOPES: Readonly<Record<string, string>> = {
  all: '全部资金',
  fiscal: '财政拨款',
  gpb: '一般公共预算',
  gf: '政府性基金预算',
  soe: '国有资本经营预算',
};
export const SCOPE_ORDER = ['all', 'fiscal', 'gpb', 'gf', 'soe'];

export const CLASSIFICATIONS: Readonly<Record<ClassKind, string>> = { func: '支出功能分类', econ: '部门预算支出经济分类', gecon: '政府预算支出经济分类' };

/** Labels of the plain keys, in the order a reader goes through them. */
export const PLAIN_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['unit.name', '单位名称'], ['unit.code', '单位编码'], ['unit.parent', '主管部门'],
  ['staff.authorized', '编制人数'], ['staff.actual', '实有人数'],
  ['assets.vehicles', '车辆（辆）'], ['assets.equipment_1m', '单价100万元以上设备'],
  ['rev.total', '收入总计'], ['rev.current_total', '本年收入合计'], ['rev.fiscal', '财政拨款收入'],
  ['rev.gpb', '一般公共预算拨款收入'], ['rev.gf', '政府性基金预算拨款收入'], ['rev.soe', '国有资本经营预算拨款收入'],
  ['rev.special', '财政专户管理资金收入'], ['rev.operations', '事业收入'], ['rev.business', '事业单位经营收入'],
  ['rev.superior', '上级补助收入'], ['rev.subsidiary', '附属单位上缴收入'], ['rev.other', '其他收入'],
  ['rev.carryover', '上年结转（结余）'], ['rev.surplus_used', '使用非财政拨款结余'],
  ['exp.total', '支出总计'], ['exp.current_total', '本年支出合计'], ['exp.carry_next', '结转下年'],
  ['exp.surplus_distribution', '结余分配'],
  ['ops.total', '机关运行经费'], ['commission.total', '委托业务费'],
  ['proc.total', '政府采购预算'], ['proc.goods', '政府采购·货物'], ['proc.works', '政府采购·工程'], ['proc.services', '政府采购·服务'],
];
const PLAIN = new Map(PLAIN_LABELS);
const PLAIN_RANK = new Map(PLAIN_LABELS.map(([k], i) => [k, i]));

export const MEASURES: ReadonlyArray<readonly [string, string]> = [
  ['total', '合计'], ['basic', '基本支出'], ['personnel', '人员经费'], ['public', '公用经费'], ['project', '项目支出'], ['reserve', '预留机动经费'],
];
const MEASURE = new Map(MEASURES);
const MEASURE_RANK = new Map(MEASURES.map(([k], i) => [k, i]));

export const THREE_PUBLIC: ReadonlyArray<readonly [string, string]> = [
  ['total', '“三公”经费合计'], ['travel', '因公出国（境）费'], ['reception', '公务接待费'], ['vehicle', '公务用车购置及运行费'],
  ['vehicle_purchase', '公务用车购置费'], ['vehicle_operation', '公务用车运行维护费'], ['meeting', '会议费'], ['training', '培训费'],
];
const TP = new Map(THREE_PUBLIC);
const TP_RANK = new Map(THREE_PUBLIC.map(([k], i) => [k, i]));

export const SUFFIXES: Readonly<Record<string, string>> = { '': '', _prior: '上年', _change: '比上年增减', _budget: '预算数' };
const SUFFIX_RANK: Readonly<Record<string, number>> = { '': 0, _budget: 1, _prior: 2, _change: 3 };

/** A key cut into its parts. `base` is the key without its variant suffix. */
export type KeyParts =
  | { readonly kind: 'class'; readonly unit?: string; readonly scope: string; readonly cls: ClassKind; readonly code: string; readonly measure: string; readonly suffix: string; readonly base: string }
  | { readonly kind: 'scope'; readonly unit?: string; readonly family: 'exp' | 'tp'; readonly scope: string; readonly measure: string; readonly suffix: string; readonly base: string }
  | { readonly kind: 'named'; readonly unit?: string; readonly family: 'proj' | 'perf'; readonly name: string; readonly measure: string; readonly suffix: string; readonly base: string }
  | { readonly kind: 'plain'; readonly unit?: string; readonly family: string; readonly suffix: string; readonly base: string };

const SUFFIX_RE = /^(.*?)(_prior|_change|_budget)?$/;

function splitSuffix(s: string): [string, string] {
  const m = SUFFIX_RE.exec(s)!;
  return [m[1]!, m[2] ?? ''];
}

export function parseKey(key: string): KeyParts {
  let unit: string | undefined;
  let rest = key;
  const u = /^units\.(.+?)\.((?:rev|exp|tp|ops|proc|commission|assets|staff|proj|perf|unit)\..*)$/u.exec(key);
  if (u) {
    unit = u[1]!;
    rest = u[2]!;
  }
  const withUnit = <T extends object>(p: T): T & { unit?: string } => (unit !== undefined ? { ...p, unit } : p);
  const c = /^exp\.([a-z]+)\.(func|econ|gecon)\.(\d+)\.([a-z_]+)$/.exec(rest);
  if (c) {
    const [measure, suffix] = splitSuffix(c[4]!);
    return withUnit({ kind: 'class', scope: c[1]!, cls: c[2] as ClassKind, code: c[3]!, measure, suffix, base: key.slice(0, key.length - suffix.length) });
  }
  const s = /^(exp|tp)\.([a-z]+)\.([a-z_]+)$/.exec(rest);
  if (s && SCOPES[s[2]!]) {
    const [measure, suffix] = splitSuffix(s[3]!);
    return withUnit({ kind: 'scope', family: s[1] as 'exp' | 'tp', scope: s[2]!, measure, suffix, base: key.slice(0, key.length - suffix.length) });
  }
  const p = /^proj\.(.+)\.([a-z_]+)$/u.exec(rest);
  if (p) {
    const [measure, suffix] = splitSuffix(p[2]!);
    return withUnit({ kind: 'named', family: 'proj', name: p[1]!, measure, suffix, base: key.slice(0, key.length - suffix.length) });
  }
  if (rest.startsWith('perf.')) return withUnit({ kind: 'named', family: 'perf', name: rest.slice(5), measure: '', suffix: '', base: key });
  const [, suffix] = splitSuffix(rest);
  return withUnit({ kind: 'plain', family: rest.split('.')[0]!, suffix, base: key.slice(0, key.length - suffix.length) });
}

/** The label of a key's measure within its row (合计, 基本支出·上年 …). */
export function measureLabel(p: KeyParts): string {
  const sfx = SUFFIXES[p.suffix] ?? p.suffix;
  const m = p.kind === 'class' || (p.kind === 'scope' && p.family === 'exp') ? (MEASURE.get(p.measure) ?? p.measure)
    : p.kind === 'scope' ? (TP.get(p.measure) ?? p.measure)
    : p.kind === 'named' && p.family === 'proj' ? (MEASURE.get(p.measure) ?? p.measure)
    : '';
  return [m, sfx].filter(Boolean).join('·') || '本年';
}

/** The name of a key's row without the measure (收入总计, 2040601 行政运行, 公务接待费 …). */
export function rowLabel(p: KeyParts, names?: { catalogue: Catalogue; year?: number }): string {
  switch (p.kind) {
    case 'class': {
      const name = names?.catalogue.nameOf(p.cls, p.code, names.year);
      return name ? `${p.code} ${name}` : p.code;
    }
    case 'scope':
      return p.family === 'tp' ? (TP.get(p.measure) ?? p.measure) : (MEASURE.get(p.measure) ?? p.measure);
    case 'named':
      return p.name;
    case 'plain': {
      const rest = p.unit !== undefined ? p.base.slice(`units.${p.unit}.`.length) : p.base;
      return PLAIN.get(rest) ?? rest;
    }
  }
}

/** A key in words, for the detail panel: scope, classification, row and measure. */
export function describeKey(key: string, names?: { catalogue: Catalogue; year?: number }): string {
  const p = parseKey(key);
  const parts: string[] = [];
  if (p.unit !== undefined) parts.push(p.unit);
  if (p.kind === 'class') parts.push(SCOPES[p.scope] ?? p.scope, CLASSIFICATIONS[p.cls], rowLabel(p, names), measureLabel(p));
  else if (p.kind === 'scope') parts.push(SCOPES[p.scope] ?? p.scope, p.family === 'tp' ? '“三公”经费' : '支出', rowLabel(p) + (p.suffix ? `·${SUFFIXES[p.suffix]}` : ''));
  else if (p.kind === 'named') parts.push(p.family === 'proj' ? '项目' : '绩效目标', p.name, ...(p.family === 'proj' ? [measureLabel(p)] : []));
  else parts.push(rowLabel(p) + (p.suffix ? `·${SUFFIXES[p.suffix]}` : ''));
  return parts.filter(Boolean).join(' › ');
}

/** Sort rank of a row within its section (known rows in reading order, the rest after). */
export function rowRank(p: KeyParts): number {
  if (p.kind === 'plain') {
    const rest = p.unit !== undefined ? p.base.slice(`units.${p.unit}.`.length) : p.base;
    return PLAIN_RANK.get(rest) ?? 1000;
  }
  if (p.kind === 'scope') return (p.family === 'tp' ? TP_RANK.get(p.measure) : MEASURE_RANK.get(p.measure)) ?? 1000;
  return 1000;
}

/** Sort rank of a fact within its row: measure first, then this year, budget, prior, change. */
export function cellRank(p: KeyParts): number {
  const m = p.kind === 'class' || p.kind === 'named' ? (MEASURE_RANK.get(p.measure) ?? 50) : 0;
  return m * 10 + (SUFFIX_RANK[p.suffix] ?? 9);
}
