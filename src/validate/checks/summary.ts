// The two-panel summary tables: 收支总表 (V01–V04; D01 in final accounts), the rows of a
// 收入总表 indexed by unit (V05; D02), and 财政拨款收支总表 (V08; D04).
import { formatAmount, yuanText } from '../amounts.ts';
import { report, stageCode, type ValidationContext } from '../context.ts';
import { whereText } from '../describe.ts';
import { isTableSource } from '../facts.ts';
import { checkSumIdentity } from '../sum-check.ts';
import Big from 'big.js';
import { compact } from '../../normalize/text.ts';
import { parseNumber } from '../../normalize/amount.ts';
import { tableContext } from '../../model/table-label.ts';
import { lineSource } from '../context.ts';

const SOURCES = ['special', 'operations', 'business', 'superior', 'subsidiary', 'other'] as const;
const FUNDS = ['gpb', 'gf', 'soe'] as const;

export function checkSummary(ctx: ValidationContext): void {
  const f = ctx.facts;
  // V01: 收入总计 = 支出总计 — the books balance
  const rev = f.amount('rev.total');
  const exp = f.amount('exp.total');
  if (rev && exp && !rev.value.minus(exp.value).abs().lte(rev.half.plus(exp.half))) {
    const keys = ['rev.total', 'exp.total'];
    report(ctx, {
      code: stageCode(ctx, 'V01', 'D01'),
      severity: 'error',
      message: `收入总计 ${formatAmount(rev.value, rev)} ≠ 支出总计 ${formatAmount(exp.value, exp)}: the books do not balance (${whereText(f.sourcesFor(keys))})`,
      keys,
      expected: yuanText(rev.value),
      found: yuanText(exp.value),
    });
  }
  checkRevenue(ctx, 'rev', stageCode(ctx, 'V02', 'D01'), stageCode(ctx, 'V03', 'D01'), '收支总表');
  for (const unit of new Set(f.keys(/^units\.[^.]+\.rev\./u).map((k) => k.split('.')[1]!))) {
    const code = stageCode(ctx, 'V05', 'D02');
    checkRevenue(ctx, `units.${unit}.rev`, code, code, `收入总表 row ${unit}`);
  }
  // V04: 本年支出合计 = Σ 功能类; 支出总计 = 本年支出合计 + 结转下年 (+ 结余分配)
  const v04 = stageCode(ctx, 'V04', 'D01');
  const classes = f.keys(/^exp\.all\.func\.\d{3}\.total$/u);
  checkSumIdentity(ctx, {
    code: v04,
    subject: '收支总表 spending side',
    totalKey: 'exp.current_total',
    partKeys: classes,
    complete: f.fromTable('exp.current_total') && classes.every((k) => f.fromTable(k)),
    partLabel: (k) => k.split('.')[3]!,
  });
  checkSumIdentity(ctx, {
    code: v04,
    subject: '收支总表 spending side',
    totalKey: 'exp.total',
    partKeys: ['exp.current_total', 'exp.carry_next', ...(f.has('exp.surplus_distribution') ? ['exp.surplus_distribution'] : [])],
  });
  checkFiscal(ctx);
  checkPanelTotals(ctx);
}

/**
 * A two-panel 收支 table balances on its own page: the figure beside 收入总计 equals the figure
 * beside 支出总计. Read from the grid, since a 财政拨款收支总表's totals have no key of their own
 * (the document's 收入总计 is the 收支总表's); the 收支总表 itself is V01's, through its facts.
 */
function checkPanelTotals(ctx: ValidationContext): void {
  for (const t of ctx.seg.tables) {
    if (t.kind.subject !== 'summary' || t.kind.scope !== 'fiscal') continue;
    const total = (label: RegExp) => {
      for (const row of t.rows) {
        const i = row.cells.findIndex((c) => label.test(compact(c.text)));
        if (i < 0) continue;
        for (const c of row.cells.slice(i + 1, i + 3)) {
          const n = parseNumber(c.text);
          if (n && !n.percent) return { value: new Big(n.negative ? `-${n.value}` : n.value), half: new Big(10).pow(-n.digits).div(2), row, text: c.text };
          if (n === undefined) break;
        }
      }
      return undefined;
    };
    // where the table prints no 总计, its 收入合计 and 支出合计 are the totals
    const rev = total(/^收入总计$/u) ?? total(/^收入合计$/u);
    const exp = total(/^支出总计$/u) ?? total(/^支出合计$/u);
    if (!rev || !exp || (total(/^收入总计$/u) === undefined) !== (total(/^支出总计$/u) === undefined)) continue;
    if (!rev || !exp || rev.value.minus(exp.value).abs().lte(rev.half.plus(exp.half))) continue;
    const context = tableContext(t);
    const at = (x: typeof rev) => lineSource(ctx, { page: x.row.page, line: x.row.line, bbox: x.row.bbox }, 'table', x.text, context);
    report(ctx, {
      code: stageCode(ctx, 'V08', 'D04'),
      severity: 'error',
      message: `${t.title || '财政拨款收支总表'}: 收入总计 ${rev.text} ≠ 支出总计 ${exp.text} (p.${rev.row.page ?? '?'}): the table does not balance`,
      keys: [],
      sources: [at(rev), at(exp)],
      expected: rev.text,
      found: exp.text,
    });
  }
}

/** Income side: 本年收入合计 = Σ sources; 财政拨款 = Σ funds; 收入总计 = 本年 + 结转 (+ 结余). */
function checkRevenue(ctx: ValidationContext, p: string, sumCode: ReturnType<typeof stageCode>, totalCode: ReturnType<typeof stageCode>, subject: string): void {
  const f = ctx.facts;
  const funds = FUNDS.map((x) => `${p}.${x}`);
  // 财政拨款 and its three funds are the same money: count it once
  const fiscal = f.has(`${p}.fiscal`) ? [`${p}.fiscal`] : funds;
  // sources printed below 本年收入合计 in its table are outside it (and inside 收入总计)
  const anchors = (f.fact(`${p}.current_total`)?.sources ?? []).filter(isTableSource);
  const below = (k: string) => (f.fact(k)?.sources ?? []).some((s) => anchors.some((a) => ctx.tables.isBelow(s, a)));
  const sources = SOURCES.map((x) => `${p}.${x}`);
  const inside = sources.filter((k) => !below(k));
  const outside = sources.filter(below);
  checkSumIdentity(ctx, { code: sumCode, subject: `${subject} income side`, totalKey: `${p}.current_total`, partKeys: [...fiscal, ...inside] });
  checkSumIdentity(ctx, { code: sumCode, subject: `${subject} income side`, totalKey: `${p}.fiscal`, partKeys: funds });
  if (f.has(`${p}.current_total`)) {
    checkSumIdentity(ctx, {
      code: totalCode,
      subject: `${subject} income side`,
      totalKey: `${p}.total`,
      partKeys: [`${p}.current_total`, `${p}.carryover`, `${p}.surplus_used`, ...outside],
      // 使用非财政拨款结余 is a row few templates print: absent, it adds nothing
      isBlank: (k) => k === `${p}.surplus_used`,
      // without a carry-over row, 收入总计 may include one we did not read; nor where the
      // panel has an income line of no known kind
      complete: f.has(`${p}.carryover`) && f.fromCompleteTable(`${p}.total`),
    });
  } else if (!f.has(`${p}.carryover`)) {
    checkSumIdentity(ctx, { code: totalCode, subject: `${subject} income side`, totalKey: `${p}.total`, partKeys: [...fiscal, ...SOURCES.map((x) => `${p}.${x}`)], complete: false });
  }
}

/**
 * 财政拨款收支总表: each 类 row and the total = 一般公共预算 + 政府性基金 + 国有资本经营; and with
 * no carry-over, a fund's income this year = its spending. A fund the document shows as 0
 * adds nothing; a fund it says nothing about may hold money we did not read.
 */
function checkFiscal(ctx: ValidationContext): void {
  const f = ctx.facts;
  const code = stageCode(ctx, 'V08', 'D04');
  const fundIsZero = (x: string) => {
    const t = f.amount(`exp.${x}.total`) ?? f.amount(`rev.${x}`);
    return t !== undefined && t.value.eq(0);
  };
  const rows = new Set(f.keys(/^exp\.fiscal\.func\.\d{3}\.total$/u).map((k) => k.split('.')[3]!));
  for (const c of rows) {
    const parts = FUNDS.map((x) => `exp.${x}.func.${c}.total`);
    checkSumIdentity(ctx, {
      code,
      subject: `财政拨款 类 ${c}`,
      totalKey: `exp.fiscal.func.${c}.total`,
      partKeys: parts,
      isBlank: (k) => fundIsZero(k.split('.')[1]!),
      partLabel: (k) => fundName(k.split('.')[1]!),
    });
  }
  checkSumIdentity(ctx, {
    code,
    subject: '财政拨款 spending',
    totalKey: 'exp.fiscal.total',
    partKeys: FUNDS.map((x) => `exp.${x}.total`),
    isBlank: (k) => fundIsZero(k.split('.')[1]!),
    partLabel: (k) => fundName(k.split('.')[1]!),
  });
  const carry = f.amount('rev.carryover');
  if (!carry || !carry.value.eq(0)) return;
  for (const x of FUNDS) {
    const income = f.amount(`rev.${x}`);
    const spend = f.amount(`exp.${x}.total`);
    if (!income || !spend || income.value.minus(spend.value).abs().lte(income.half.plus(spend.half))) continue;
    const keys = [`rev.${x}`, `exp.${x}.total`];
    report(ctx, {
      code,
      message: `${fundName(x)}: income ${formatAmount(income.value, income)} ≠ spending ${formatAmount(spend.value, spend)} although nothing is carried over from last year (${whereText(f.sourcesFor(keys))})`,
      keys,
      expected: yuanText(income.value),
      found: yuanText(spend.value),
    });
  }
}

function fundName(x: string): string {
  return x === 'gpb' ? '一般公共预算' : x === 'gf' ? '政府性基金' : x === 'soe' ? '国有资本经营' : x;
}
