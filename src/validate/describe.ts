// Plain words for keys and places, so that a finding reads like a reader's note:
// "一般公共预算 row 2040601 行政运行: 合计 14,348,853.34元 ≠ 基本支出 + 项目支出 …".
import type { Source } from '../core/types.ts';
import { Catalogue } from '../normalize/catalogue.ts';
import { isTableSource, parseExpKey } from './facts.ts';

const SCOPE: Readonly<Record<string, string>> = { all: '全部资金', fiscal: '财政拨款', gpb: '一般公共预算', gf: '政府性基金', soe: '国有资本经营' };
const MEASURE: Readonly<Record<string, string>> = {
  total: '合计',
  basic: '基本支出',
  project: '项目支出',
  personnel: '人员经费',
  public: '公用经费',
  reserve: '单位预留机动经费',
};
const SUFFIX: Readonly<Record<string, string>> = { '': '', _prior: '（上年）', _budget: '（预算数）', _change: '（增减）' };
const LEVEL: Readonly<Record<number, string>> = { 3: '类', 5: '款', 7: '项' };
const OTHER: Readonly<Record<string, string>> = {
  'rev.total': '收入总计',
  'rev.current_total': '本年收入合计',
  'rev.fiscal': '财政拨款收入',
  'rev.gpb': '一般公共预算拨款收入',
  'rev.gf': '政府性基金预算拨款收入',
  'rev.soe': '国有资本经营预算拨款收入',
  'rev.special': '财政专户管理资金收入',
  'rev.operations': '事业收入',
  'rev.business': '事业单位经营收入',
  'rev.superior': '上级补助收入',
  'rev.subsidiary': '附属单位上缴收入',
  'rev.other': '其他收入',
  'rev.carryover': '上年结转',
  'rev.surplus_used': '使用非财政拨款结余',
  'exp.total': '支出总计',
  'exp.current_total': '本年支出合计',
  'exp.carry_next': '结转下年',
  'exp.surplus_distribution': '结余分配',
  'proc.total': '政府采购合计',
  'proc.goods': '货物',
  'proc.works': '工程',
  'proc.services': '服务',
  'ops.total': '机关运行经费',
};
const TP: Readonly<Record<string, string>> = {
  total: '“三公”经费合计',
  travel: '因公出国（境）费',
  reception: '公务接待费',
  vehicle: '公务用车购置及运行费',
  vehicle_purchase: '公务用车购置费',
  vehicle_operation: '公务用车运行费',
  meeting: '会议费',
  training: '培训费',
};

/** The classification item's name in the standard catalogue, if known. */
export function codeName(cls: 'func' | 'econ' | 'gecon', code: string, year: number | null): string {
  return Catalogue.standard().nameOf(cls, code, year ?? undefined) ?? '';
}

/** "一般公共预算 项 2040601 行政运行" for a row key base, or "一般公共预算 合计" for a totals row. */
export function rowLabel(key: string, year: number | null): string {
  const k = parseExpKey(`${key}.total`);
  if (!k) return key;
  const unit = k.prefix.startsWith('units.') ? `${k.prefix.split('.')[1]} ` : '';
  if (!k.cls || !k.code) return `${unit}${SCOPE[k.scope] ?? k.scope} 合计行`;
  const name = codeName(k.cls, k.code, year);
  return `${unit}${SCOPE[k.scope] ?? k.scope} ${LEVEL[k.code.length] ?? ''} ${k.code}${name ? ' ' + name : ''}`;
}

/** The printed name of one key's figure: "项目支出", "人员经费（上年）", "公务接待费", "收入总计". */
export function measureLabel(key: string): string {
  const k = parseExpKey(key);
  if (k) return `${MEASURE[k.measure] ?? k.measure}${SUFFIX[k.suffix] ?? ''}`;
  const tp = /^tp\.[^.]+\.([a-z_]+?)(_prior|_budget|_change)?$/u.exec(key);
  if (tp) return `${TP[tp[1]!] ?? tp[1]}${SUFFIX[tp[2] ?? ''] ?? ''}`;
  const base = key.replace(/(_prior|_budget|_change)$/u, '');
  const suffix = key.slice(base.length);
  const units = /^units\.([^.]+)\.(.*)$/u.exec(base);
  if (units) return `${units[1]} ${OTHER[units[2]!] ?? units[2]}${SUFFIX[suffix] ?? ''}`;
  return `${OTHER[base] ?? base}${SUFFIX[suffix] ?? ''}`;
}

/** A full label for a key: the row and the measure ("一般公共预算 项 2040601 行政运行 项目支出"). */
export function keyLabel(key: string, year: number | null): string {
  const k = parseExpKey(key);
  if (!k) return measureLabel(key);
  const base = k.cls ? `${k.prefix}.${k.cls}.${k.code}` : k.prefix;
  return `${rowLabel(base, year).replace(/ 合计行$/u, '')} ${measureLabel(key)}`;
}

/** Where sources were read: "支出预算总表 (B3) p.11; 一般公共预算支出功能分类预算表 (B5) p.14". */
export function whereText(sources: readonly Source[]): string {
  const byTable = new Map<string, Set<string>>();
  for (const s of sources) {
    const label = isTableSource(s) ? tableName(s.context ?? '') : 'the text';
    const set = byTable.get(label) ?? new Set<string>();
    set.add(s.page !== null ? `p.${s.page}` : s.line !== null ? `line ${s.line}` : '');
    byTable.set(label, set);
  }
  return [...byTable]
    .map(([t, pages]) => `${t}${[...pages].filter(Boolean).length ? ' ' + [...pages].filter(Boolean).join(', ') : ''}`)
    .join('; ');
}

/** "B3 2026年预算单位支出预算总表" → "2026年预算单位支出预算总表 (B3)". */
export function tableName(context: string): string {
  const m = /^([BF]\d{1,2}|other)\s+(.+)$/u.exec(context);
  return m ? `${m[2]} (${m[1]})` : context;
}
