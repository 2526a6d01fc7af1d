// A typed table's grid → header labels per column and data rows. Multi-row headers are
// merged per column; a header cell that spans columns (text in its first column only) is
// carried right over the columns whose lower header cells are filled.
import type { GridRow } from '../core/types.ts';
import { parseNumber } from '../normalize/amount.ts';
import { codeSystem, joinCodeParts, parseCodeText, splitCodeAndName } from '../normalize/codes.ts';
import { compact } from '../normalize/text.ts';
import { measureOfHeader } from './lexicon.ts';
import { alternation, vocabulary } from '../normalize/vocabulary.ts';

export interface Frame {
  /** Per column, the header cells from top to bottom (spans carried). */
  readonly headers: readonly (readonly string[])[];
  readonly dataRows: readonly GridRow[];
  readonly columns: number;
  /** Columns that hold classification codes: one (7 digits) or three (类/款/项). */
  readonly codeColumns: readonly number[];
  /** The column holding row names (科目名称, 项目, 单位名称), if any. */
  readonly nameColumn: number | undefined;
  /** Columns whose cells are codes joined to names ("2010601-行政运行"); two or more: a cross-classification. */
  readonly codeNameColumns: readonly number[];
  /** What each column holds, from its header words and its cells (see ColumnRole). */
  readonly roles: readonly ColumnRole[];
}

/**
 * What a column holds. Only `amount` columns are ever read as money: a column of codes, of
 * unit or project ids, of ordinals, quantities, shares or text is not, whatever its header.
 * - `code`: the row's classification code (one column, or the 类|款|项 columns);
 * - `code-secondary`: a second classification printed beside it (政府经济 501… beside 部门经济 301…);
 * - `code-name`: codes joined to names in one cell ("2010301 行政运行");
 * - `name`: the row's label; `id`: unit or project ids (068001); `ordinal`: 序号, 行次;
 * - `quantity`: counts (人数, 数量); `share`: percentages; `text`: free text (备注, 绩效目标);
 * - `empty`: nothing below the header; `unknown`: none of these (reported, never guessed).
 */
export type ColumnRole = 'code' | 'code-secondary' | 'code-name' | 'name' | 'amount' | 'share' | 'ordinal' | 'id' | 'quantity' | 'text' | 'empty' | 'unknown';

const TOTAL_LABEL = /^(?:合计|总计|小计|支出合计|收入合计|本年合计)$/u;
const UNIT_CAPTION = /^(?:金额)?单位[：:]/u;

export function isNumericCell(text: string): boolean {
  const p = parseNumber(text);
  return p !== undefined && p !== null;
}

function isDataRow(row: GridRow): boolean {
  const texts = row.cells.map((c) => c.text);
  if (isColumnNumbering(row)) return false;
  const filled = texts.filter((t) => t !== '');
  if (filled.length === 0) return false;
  if (filled.some((t) => parseCodeText(t) !== undefined || splitCodeAndName(t) !== undefined)) return true;
  // "合计" starts a data row unless the row is a header of column names (合计 | 基本支出 | …)
  if (TOTAL_LABEL.test(compact(filled[0]!))) return !filled.slice(1).some((t) => /[\u4e00-\u9fff]/u.test(t)) || texts.some((t) => isNumericCell(t));
  // a row with a number that is not a small ordinal (序号) is data
  return texts.some((t, i) => isNumericCell(t) && !(i === 0 && /^\d{1,2}$/.test(t)));
}

/** "栏次 | | 1 | 栏次 | | 2": the columns' numbers, not figures. */
function isColumnNumbering(row: GridRow): boolean {
  const filled = row.cells.map((c) => compact(c.text)).filter((t) => t !== '');
  if (filled.some((t) => /^(?:栏次|行次)$/u.test(t)) && filled.every((t) => /^(?:栏次|行次|\d{1,2})$/u.test(t))) return true;
  // "1 | 2 | 3 | … | 12" under the header: a run of column numbers
  if (filled.length >= 3 && filled.every((t, i) => t === String(i + 1))) return true;
  // "** | ** | 1 | 2 | 3 …", "栏次 | 1 | 2 …", "甲 | 乙 | 1 | 2 …": short markers before the run
  const lead = filled.findIndex((t) => /\d/.test(t));
  if (lead <= 0 || filled.slice(0, lead).some((t) => t.length > 3)) return false;
  const run = filled.slice(lead);
  return run.length >= 3 && run.every((t, i) => t === String(i + 1));
}

function isHeaderNoise(row: GridRow): boolean {
  const filled = row.cells.map((c) => c.text).filter((t) => t !== '');
  if (isColumnNumbering(row)) return true;
  return filled.length === 1 && (UNIT_CAPTION.test(filled[0]!) || /表$/u.test(filled[0]!));
}

/** Frames by the rows they were built from: each table's frame is built once, whoever asks. */
const frames = new WeakMap<readonly GridRow[], Frame>();

export function buildFrame(rows: readonly GridRow[]): Frame {
  const cached = frames.get(rows);
  if (cached) return cached;
  const frame = frameOf(rows);
  frames.set(rows, frame);
  return frame;
}

function frameOf(rows: readonly GridRow[]): Frame {
  const columns = Math.max(0, ...rows.map((r) => r.cells.length));
  let firstData = rows.findIndex(isDataRow);
  if (firstData < 0) firstData = rows.length;
  const headerRows = rows.slice(0, firstData).filter((r) => !isHeaderNoise(r));
  // repeated header rows further down (a table stitched across pages) are dropped
  const headerKeys = new Set(headerRows.map((r) => r.cells.map((c) => compact(c.text)).join('|')));
  const dataRows = rows
    .slice(firstData)
    .filter((r) => !headerKeys.has(r.cells.map((c) => compact(c.text)).join('|')) && r.cells.some((c) => c.text !== '') && !isHeaderNoise(r));

  const grid = headerRows.map((r) => Array.from({ length: columns }, (_, i) => compact(r.cells[i]?.text ?? '')));
  // carry a spanning header cell right over empty cells whose column has a header below
  // (预算数 spans 合计 | 因公出国 | 公务用车 … down to 购置费 / 运行维护费)
  for (let r = 0; r < grid.length - 1; r++) {
    const row = grid[r]!;
    const hasBelow = (c: number) => grid.slice(r + 1).some((lower) => lower[c] !== '');
    for (let c = 1; c < columns; c++) {
      if (row[c] === '' && row[c - 1] !== '' && hasBelow(c) && hasBelow(c - 1)) row[c] = row[c - 1]!;
    }
  }
  const headers = Array.from({ length: columns }, (_, c) => {
    const cells: string[] = [];
    for (const row of grid) {
      const t = row[c]!;
      if (t !== '' && cells[cells.length - 1] !== t) cells.push(t);
    }
    return cells;
  });

  const codeColumns = findCodeColumns(headers, dataRows, columns);
  const nameColumn = findNameColumn(headers, dataRows, columns, codeColumns);
  const codeNameColumns = [...Array(columns).keys()].filter((c) => {
    const filled = dataRows.map((r) => r.cells[c]?.text ?? '').filter((t) => t !== '');
    return filled.length >= 2 && filled.filter((t) => splitCodeAndName(t) !== undefined).length / filled.length >= 0.6;
  });
  // code columns of two classification systems side by side (部门经济 301… | 政府经济 501…)
  const systems = new Map<string, number>();
  for (let c = 0; c < columns; c++) {
    const codes = dataRows.map((r) => parseCodeText(r.cells[c]?.text ?? '')).filter((x): x is string => x !== undefined);
    const sys = new Set(codes.map((x) => codeSystem(x)));
    if (codes.length >= 2 && sys.size === 1) systems.set([...sys][0]!, c);
  }
  // A second code column of another system is a cross-classification only when the row's own
  // codes repeat (each 功能 item over several 经济 items); a code beside each row's unique one
  // is a mapping (部门经济 30101 | 政府经济 50101), printed for reference.
  const secondary = new Set<number>();
  if (codeNameColumns.length < 2 && systems.size >= 2) {
    // the row's own code: one cell, or its 类|款|项 cells joined
    const ownCode = (r: GridRow): string | undefined => {
      const parts = codeColumns.map((c) => r.cells[c]?.text ?? '');
      return parts.length === 1 ? parseCodeText(parts[0]!) : parts.length > 1 ? joinCodeParts(parts[0]!, parts[1], parts[2]) : undefined;
    };
    const primary = codeColumns[0];
    const own = dataRows.map(ownCode).filter((x): x is string => x !== undefined);
    if (primary !== undefined && own.length >= 2 && new Set(own).size === own.length) {
      for (const c of systems.values()) if (!codeColumns.includes(c)) secondary.add(c);
    } else codeNameColumns.push(...systems.values());
  }
  const roles = [...Array(columns).keys()].map((c) =>
    codeColumns.includes(c) ? 'code' : secondary.has(c) ? 'code-secondary' : codeNameColumns.includes(c) ? 'code-name' : c === nameColumn ? 'name' : roleOfColumn(headers[c]!, dataRows, c),
  );
  return { headers, dataRows, columns, codeColumns, nameColumn, codeNameColumns, roles };
}

const CV = vocabulary().columns;
const ID_HEADER = new RegExp(alternation(CV.idHeaders), 'u');
const ORDINAL_HEADER = new RegExp(alternation(CV.ordinalHeaders), 'u');
const QUANTITY_HEADER = new RegExp(alternation(CV.quantityHeaders), 'u');
const TEXT_HEADER = new RegExp(alternation(CV.textHeaders), 'u');
const CODE_HEADER = new RegExp(alternation(CV.codeHeaders), 'u');

/** A column that is not the row's code or name: what its header and its cells say it holds. */
function roleOfColumn(header: readonly string[], rows: readonly GridRow[], c: number): ColumnRole {
  const h = header.join('');
  const leaf = header.at(-1) ?? '';
  const cells = rows.map((r) => r.cells[c]?.text ?? '').filter((t) => t !== '' && !/^(?:类|款|项)$/u.test(t));
  if (ID_HEADER.test(leaf)) return 'id';
  // a second classification's 类 | 款 (| 项) cells: 301 | 01 under "科目编码 / 款", never money
  if (/^(?:类|款|项)$/u.test(leaf) && cells.every((t) => /^\d{1,7}$/.test(t))) return 'code-secondary';
  if (ORDINAL_HEADER.test(leaf) && cells.every((t) => /^\d{1,4}$/.test(t))) return 'ordinal';
  if (QUANTITY_HEADER.test(leaf)) return 'quantity';
  if (cells.length === 0) return TEXT_HEADER.test(leaf) ? 'text' : 'empty';
  const parsed = cells.map((t) => parseNumber(t));
  const numeric = parsed.filter((p) => p !== undefined);
  if (numeric.length / cells.length >= 0.6) {
    if (parsed.filter((p) => p?.percent).length / cells.length >= 0.6) return 'share';
    // ids printed with their leading zeros (068001), or plain integers under a code header
    const integers = cells.filter((t) => /^\d{3,}$/.test(t));
    if (integers.length === cells.length && (integers.some((t) => t.startsWith('0')) || CODE_HEADER.test(leaf))) return 'id';
    return 'amount';
  }
  if (TEXT_HEADER.test(h) || cells.filter((t) => /[\u4e00-\u9fff]/u.test(t)).length / cells.length >= 0.5) return 'text';
  return 'unknown';
}

/**
 * Rows that group others in a table indexed by unit ids: "153 某市某局" above "153001 某市某局"
 * (its 本级), "153002 …支队": a row whose id is a proper prefix of another row's. It repeats the
 * department's figures (the 合计, where there is one), so it is no unit of its own.
 */
export function groupRows(frame: Frame): Set<GridRow> {
  const idCol = frame.roles.indexOf('id');
  if (idCol < 0) return new Set();
  const ids = frame.dataRows.map((r) => (r.cells[idCol]?.text ?? '').trim());
  const out = new Set<GridRow>();
  frame.dataRows.forEach((r, i) => {
    const id = ids[i]!;
    if (/^\d+$/.test(id) && ids.some((o) => o !== id && o.startsWith(id))) out.add(r);
  });
  return out;
}

/** The columns read as money. */
export function amountColumns(frame: Frame): number[] {
  return frame.roles.flatMap((r, c) => (r === 'amount' ? [c] : []));
}

function findCodeColumns(headers: readonly (readonly string[])[], rows: readonly GridRow[], columns: number): number[] {
  // the lowest header cell says 类 / 款 / 项, whatever spans above it ("项目支出功能分类科目编码 / 类")
  const byHeader = headers.map((h, i) => ({ i, h: h[h.length - 1] ?? '' }));
  const lei = byHeader.find((x) => /^(?:.*编码)?类$/u.test(x.h) || (x.h.endsWith('类') && x.h.length <= 6));
  const kuan = byHeader.find((x) => /款$/u.test(x.h) && x.h.length <= 6);
  const xiang = byHeader.find((x) => /项$/u.test(x.h) && x.h.length <= 6 && !/项目/u.test(x.h));
  if (lei && kuan) return xiang ? [lei.i, kuan.i, xiang.i] : [lei.i, kuan.i];
  // by content: a column whose filled cells are mostly codes
  // cells that only say 类/款/项 (a header line printed on a data row) are not data
  const cellsOf = (k: number) => rows.map((r) => r.cells[k]?.text ?? '').filter((t) => t !== '' && !/^(?:类|款|项)$/u.test(t));
  for (let c = 0; c < columns; c++) {
    const filled = cellsOf(c);
    if (filled.length === 0) continue;
    const parsedCodes = filled.map((t) => parseCodeText(t)).filter((x): x is string => x !== undefined);
    const codes = parsedCodes.length;
    const header = headers[c]!.at(-1) ?? '';
    const deep = parsedCodes.some((x) => x.length >= 5);
    // the cells say it whatever the header: nearly all codes, and the deeper ones under the 类 printed above them
    const nested = parsedCodes.filter((x) => x.length >= 5);
    const byContent = codes >= 2 && codes / filled.length >= 0.8 && nested.length > 0 && nested.filter((x) => parsedCodes.includes(x.slice(0, 3))).length * 2 >= nested.length;
    if (byContent || (codes / filled.length >= 0.6 && !/名称|合计|预算|金额|小计|支出|收入/u.test(header) && (deep || /编码|代码|科目|^类/u.test(header)))) {
      // three split columns: the next two columns hold 1–2 digit segments
      const seg = cellsOf;
      const next = seg(c + 1);
      const next2 = seg(c + 2);
      if (next.length > 0 && next.every((t) => /^\d{1,2}$/.test(t))) {
        return next2.length > 0 && next2.every((t) => /^\d{1,2}$/.test(t)) ? [c, c + 1, c + 2] : [c, c + 1];
      }
      return [c];
    }
  }
  return [];
}

function findNameColumn(headers: readonly (readonly string[])[], rows: readonly GridRow[], columns: number, codeCols: readonly number[]): number | undefined {
  for (let c = 0; c < columns; c++) {
    if (codeCols.includes(c)) continue;
    const h = headers[c]!.join('');
    if (/名称|^项目$|科目$|^项目(?:名称|明细)?$|^单位$/u.test(h) && !measureOfHeader(h)) return c;
  }
  // else the first column that mostly holds text
  for (let c = 0; c < columns; c++) {
    if (codeCols.includes(c)) continue;
    const filled = rows.map((r) => r.cells[c]?.text ?? '').filter((t) => t !== '');
    if (filled.length > 0 && filled.filter((t) => /[\u4e00-\u9fff]/u.test(t)).length / filled.length > 0.6) return c;
  }
  return undefined;
}

/** The header label of a column: its cells joined, and its lowest (most specific) cell. */
export function headerOf(frame: Frame, col: number): { path: string; leaf: string; parent: string } {
  const h = frame.headers[col] ?? [];
  return { path: h.join(''), leaf: h[h.length - 1] ?? '', parent: h.length > 1 ? h.slice(0, -1).join('') : '' };
}

export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(compact(text).replace(/^[一二三四五六七八九十]+、/u, ''));
}
