// From a fact's table source back to the table and row it was read from. Some identities
// need the table itself: a 支出总表 whose 上缴上级支出 or 经营支出 columns hold money makes
// 合计 ≠ 基本 + 项目 legitimately, and only the grid shows those columns.
import Big from 'big.js';
import type { GridRow, Source } from '../core/types.ts';
import { parseNumber } from '../normalize/amount.ts';
import type { DocTable, SegmentedDoc } from '../segment/segment.ts';
import { tableContext } from '../model/table-label.ts';
import { buildFrame, headerOf, type Frame } from '../model/frame.ts';

export interface TableRow {
  readonly table: DocTable;
  readonly row: GridRow;
}

export class TableLookup {
  private readonly byContext = new Map<string, DocTable[]>();
  private readonly frames = new Map<DocTable, Frame>();
  private readonly extraCols = new Map<DocTable, number[]>();

  constructor(seg: SegmentedDoc) {
    for (const t of seg.tables) {
      const c = tableContext(t);
      const list = this.byContext.get(c);
      if (list) list.push(t);
      else this.byContext.set(c, [t]);
    }
  }

  tablesOf(context: string): readonly DocTable[] {
    return this.byContext.get(context) ?? [];
  }

  frame(t: DocTable): Frame {
    let f = this.frames.get(t);
    if (!f) this.frames.set(t, (f = buildFrame(t.rows)));
    return f;
  }

  /**
   * Is `s` printed below `anchor` in the same table? Templates differ in what a subtotal
   * covers: some print 上级补助收入 under 本年收入合计, outside it.
   */
  isBelow(s: Source, anchor: Source): boolean {
    if ((s.context ?? '') !== (anchor.context ?? '')) return false;
    const a = this.rowAt(anchor);
    const b = this.rowAt(s);
    if (!a || !b || a.table !== b.table) return false;
    return a.table.rows.indexOf(b.row) > a.table.rows.indexOf(a.row);
  }

  rowAt(s: Source): TableRow | undefined {
    for (const table of this.tablesOf(s.context ?? '')) {
      const row = table.rows.find((r) => r.page === s.page && r.line === s.line);
      if (row) return { table, row };
    }
    return undefined;
  }

  /**
   * Does this row hold money in a column the interpreters keep no key for (上缴上级支出,
   * 事业单位经营支出, 对附属单位补助支出, 结转下年)? Then its 合计 has terms we cannot see.
   */
  rowHasUnkeyedMoney(s: Source): boolean {
    const at = this.rowAt(s);
    if (!at || at.table.kind.subject !== 'expenditure') return false;
    return this.unkeyedColumns(at.table).some((c) => {
      const p = parseNumber(at.row.cells[c]?.text ?? '');
      return p !== null && p !== undefined && !p.percent && !new Big(p.value).eq(0);
    });
  }

  /**
   * Columns of money no key holds: the buckets beside 基本 and 项目 that domain.md §1.2 lists
   * for 支出总表 variants. Found by their header words, not by elimination, so that a column
   * the interpreters skip for another reason (增减率) is not mistaken for one.
   */
  private unkeyedColumns(t: DocTable): number[] {
    let cols = this.extraCols.get(t);
    if (cols) return cols;
    const frame = this.frame(t);
    cols = [];
    for (let c = 0; c < frame.columns; c++) {
      if (UNKEYED.test(headerOf(frame, c).path)) cols.push(c);
    }
    this.extraCols.set(t, cols);
    return cols;
  }
}

const UNKEYED = /上缴上级|经营支出|附属单位|结转下年|对下级|补助下级/u;
