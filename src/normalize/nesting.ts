// Rows that head the rows below them. A 项目支出表 often lists categories and projects in one
// column with nothing but the figures to tell them apart: 通用项目 3,650,000 heads 大型活动
// 150,000 (which heads 审计培训 150,000) and 购买服务 3,500,000. A row heads the rows that
// follow it when its figure is their sum; counting every row would count each figure once per
// level.
import Big from 'big.js';

export interface NestingRow {
  readonly value: Big;
  /** Half of the last printed digit: the rounding room of the figure. */
  readonly half: Big;
}

export interface Nesting {
  /** The sum of the top-level rows. */
  readonly topSum: Big;
  /** Each row's head (index of the row it is part of), null at the top level. */
  readonly parent: ReadonlyArray<number | null>;
}

/** How many trees already read may be taken apart again for one head to find its children. */
const MAX_UNDO = 2;

/**
 * Read `rows` (in printed order) as trees in which each head's figure is the sum of its
 * children's, within rounding. From the bottom up: each row heads the trees directly below it
 * when its figure is the sum of the first few of them, and is a tree of its own otherwise. A
 * chain of equal figures (a category, its one project, that project's one detail) nests all
 * the way down. Where no run of trees adds up, a tree read too eagerly may be taken apart (its
 * head a row of its own again, its children beside it): "援藏资金 14,200,000" above "援藏资金
 * 7,100,000" and "援藏资金项目 7,100,000" heads both, not the first as head of the second.
 * Close to linear in the rows, so a table of hundreds of projects costs nothing.
 */
export function nestRows(rows: readonly NestingRow[]): Nesting {
  const parent: (number | null)[] = rows.map(() => null);
  const children: number[][] = rows.map(() => []);
  // the top-level trees below the current row, nearest first
  let below: number[] = [];
  const matches = (sum: Big, head: NestingRow, k: number): boolean => sum.minus(head.value).abs().lte(head.half.times(k + 1));
  // figures are not negative in these tables: once past the head's figure, no sum will do
  const past = (sum: Big, head: NestingRow, k: number): boolean => sum.gt(head.value.plus(head.half.times(k + 1)));
  // the first trees of `list` adding up to head's figure, taking apart at most `undo` of them
  const find = (list: readonly number[], from: number, sum: Big, head: NestingRow, undo: number): { list: number[]; take: number; undone: number[] } | null => {
    for (let k = from; k < list.length; k++) {
      const e = list[k]!;
      if (undo > 0 && children[e]!.length > 0) {
        const apart = [...list.slice(0, k + 1), ...children[e]!, ...list.slice(k + 1)];
        const s2 = sum.plus(rows[e]!.value);
        const r = matches(s2, head, k + 1) ? { list: apart, take: k + 1, undone: [] } : past(s2, head, k + 1) ? null : find(apart, k + 1, s2, head, undo - 1);
        if (r) return { ...r, undone: [e, ...r.undone] };
      }
      sum = sum.plus(rows[e]!.value);
      if (matches(sum, head, k + 1)) return { list: [...list], take: k + 1, undone: [] };
      if (past(sum, head, k + 1)) return null;
    }
    return null;
  };
  for (let i = rows.length - 1; i >= 0; i--) {
    const head = rows[i]!;
    let found: ReturnType<typeof find> = null;
    if (head.value.gt(0)) for (let undo = 0; undo <= MAX_UNDO && !found; undo++) found = find(below, 0, new Big(0), head, undo);
    if (found) {
      for (const e of found.undone) {
        for (const c of children[e]!) parent[c] = null;
        children[e] = [];
      }
      below = found.list;
      const taken = below.splice(0, found.take);
      for (const c of taken) parent[c] = i;
      children[i] = taken;
    }
    below.unshift(i);
  }
  const topSum = below.reduce((s, k) => s.plus(rows[k]!.value), new Big(0));
  return { topSum, parent };
}
