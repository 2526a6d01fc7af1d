// Checks over OCR'd pages before interpretation, so that a misread figure never passes as a
// silent fact:
// - amounts: stray marks dropped and thousands separators restored where the digit groups
//   leave no doubt (`2.925,857.00` → `2,925,857.00`);
// - the books: in each grid, identities that the table's own rows satisfy (a column that is
//   the sum of others; a code's row that is the sum of its sub-codes' rows) are found from the
//   data; a cell that breaks them is a finding, and when one common OCR confusion (0/8, 1/7,
//   5/6, 3/8, a dropped or extra separator) makes every identity it touches hold, the cell is
//   corrected and the correction is a finding;
// - low-confidence words in a cell are findings.
// Also fixes a few OCR misreadings of the words budget tables are made of (文出 for 支出).

import Big from 'big.js';
import type { BBox, Cell, GridRow, Page, TableGrid, TextLine } from '../../core/types.ts';
import { normalizeText } from '../../normalize/text.ts';
import type { OcrPage, OcrInfo } from './page.ts';
import type { PageWord } from './words.ts';

export interface OcrFinding {
  readonly code: 'ocr-corrected' | 'ocr-identity-broken' | 'ocr-low-confidence' | 'ocr-unreadable-amount';
  readonly severity: 'info' | 'warning';
  readonly page: number;
  readonly bbox: BBox | null;
  readonly message: string;
  /** The cell's text as read, and as corrected (for corrections). */
  readonly found: string;
  readonly expected?: string;
}

/** Misreadings of the commonest words of budget tables, seen in tesseract's chi_sim output. */
const WORD_FIXES: readonly [RegExp, string][] = [
  [/[文攴]出/gu, '支出'],
  [/拨称/gu, '拨款'],
  [/保卫和就业/gu, '保障和就业'],
  [/预戎/gu, '预算'],
  // 合计, 小计, 总计: the commonest cells of all, two characters too short for the vocabulary
  [/^[含台]计$/gu, '合计'],
  [/^(合|小|总)[汁什针]$/gu, '$1计'],
];

export function fixWords(s: string): string {
  let out = s;
  for (const [re, to] of WORD_FIXES) out = out.replace(re, to);
  return out;
}

const STRAY = /[”“"'‘’`|丨]/gu;
const AMOUNT_LIKE = /^-?[0-9][0-9.,]*$/u;

/**
 * Restore an amount's separators when the digit groups leave no doubt: a final group of two
 * digits after a separator is the decimals, every other group has three digits. Returns the
 * canonical text, or null when the text is not an amount or is ambiguous.
 */
export function canonicalAmount(text: string): string | null {
  // Two figures in one cell (`94.38 0.00 0.00`: cells merged where a rule was not found) are
  // not one amount with its separators lost.
  if (/\d[.,]\d{1,2}\s+-?\d/u.test(text)) return null;
  // A colon or semicolon among digits is a point whose dots ran together.
  const t = text.replace(STRAY, '').replace(/\s+/g, '').replace(/(?<=\d)[:;：；](?=\d)/gu, '.');
  if (!AMOUNT_LIKE.test(t)) return null;
  const neg = t.startsWith('-');
  const body = (neg ? t.slice(1) : t).replace(/[.,]{2,}/g, (m) => m[m.length - 1]!);
  const groups = body.split(/[.,]/);
  if (groups.length === 1) return (neg ? '-' : '') + body;
  const last = groups[groups.length - 1]!;
  let ints = groups;
  let dec = '';
  if (last.length === 2 || (last.length === 1 && groups.length >= 2 && /\.\d$/.test(body))) {
    ints = groups.slice(0, -1);
    dec = '.' + last;
  }
  if (ints.length === 0 || ints.some((g) => g === '')) return null;
  if (ints.length > 1 && (ints[0]!.length > 3 || ints.slice(1).some((g) => g.length !== 3))) return null;
  if (ints.length === 1 && dec === '' && groups.length > 1) return null;
  return (neg ? '-' : '') + ints.join(',') + dec;
}

function amountValue(text: string): Big | null {
  const c = canonicalAmount(text);
  if (c === null) return null;
  try {
    return new Big(c.replace(/,/g, ''));
  } catch {
    return null;
  }
}

/** Single-character OCR confusions of digits, both ways. */
const DIGIT_SWAPS: Readonly<Record<string, readonly string[]>> = {
  '0': ['8', '6', '9'],
  '8': ['0', '3', '6', '9'],
  '1': ['7', '4'],
  '7': ['1'],
  '5': ['6', '3'],
  '6': ['5', '8', '0'],
  '3': ['8', '5'],
  '9': ['8', '0'],
  '4': ['1'],
  '2': ['7'],
};

/** Readings one confusion away from `text` (digit swaps, a dropped decimal point or leading digit, a 1 read in). */
export function confusions(text: string): string[] {
  const out = new Set<string>();
  const chars = [...text];
  chars.forEach((ch, i) => {
    for (const alt of DIGIT_SWAPS[ch] ?? []) out.add([...chars.slice(0, i), alt, ...chars.slice(i + 1)].join(''));
  });
  // A dropped decimal point: `1234500` for `12345.00`.
  const digits = text.replace(/[.,]/g, '');
  if (/^\d{3,}$/.test(digits) && !text.includes('.')) out.add(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
  // A dropped leading digit (eng loses the first character of a cell now and then):
  // `572,307.00` for `1,572,307.00`, `72,307.00` for `172,307.00`.
  const lead = /^(\d{1,3})((?:,\d{3})*(?:\.\d+)?)$/.exec(text);
  if (lead) for (let d = 1; d <= 9; d++) out.add(lead[1]!.length === 3 ? `${d},${text}` : `${d}${text}`);
  // A point read as a comma or the reverse, in the decimals' place.
  if (/,\d{2}$/.test(text)) out.add(text.replace(/,(\d{2})$/, '.$1'));
  // A last digit lost (printed over the cell's border, or cut with the rule): `33,544,216.0`
  // for `33,544,216.08`, `100,000.` for `100,000.00`.
  if (/\.\d$/.test(text)) for (let d = 0; d <= 9; d++) out.add(`${text}${d}`);
  if (/\d\.$/.test(text)) for (let d = 0; d <= 99; d++) out.add(`${text}${String(d).padStart(2, '0')}`);
  // A 1 read in (a stroke of the digit before taken for one: `7217.67` for `727.67`,
  // `217,900.73` for `27,900.73`), in the integer part.
  const whole = /^(\d[\d,]*)(\.\d+)?$/u.exec(text);
  if (whole) {
    const int = whole[1]!.replace(/,/gu, '');
    for (let i = 1; i < int.length; i++) {
      if (int[i] !== '1') continue;
      const less = int.slice(0, i) + int.slice(i + 1);
      out.add(`${whole[1]!.includes(',') ? less.replace(/\B(?=(\d{3})+$)/gu, ',') : less}${whole[2] ?? ''}`);
    }
  }
  out.delete(text);
  return [...out].filter((t) => amountValue(t) !== null);
}

// ---------------------------------------------------------------------------------------------
// Identities over a grid

interface Num {
  readonly r: number;
  readonly c: number;
  value: Big;
  text: string;
}

/** A column identity: column `t` = sum of columns `parts`, holding in the rows that give it. */
interface RowSum {
  readonly t: number;
  readonly parts: readonly number[];
}

function numbersOf(grid: TableGrid): (Num | null)[][] {
  return grid.rows.map((row, r) =>
    row.cells.map((cell, c) => {
      const v = amountValue(cell.text);
      // Amounts carry a separator or decimals (or are a bare 0); bare digits are codes and counts.
      return v === null || !(/[.,]/.test(cell.text) || cell.text === '0') ? null : { r, c, value: v, text: cell.text };
    }),
  );
}

const ZERO = new Big(0);

/** Sum of a row's cells in `cols`; blank counts as 0. */
function sumOf(nums: (Num | null)[], cols: readonly number[]): Big {
  return cols.reduce((acc, c) => acc.plus(nums[c]?.value ?? ZERO), ZERO);
}

/**
 * Column identities the table's rows satisfy: for a numeric column t and a run of two or more
 * adjacent numeric columns right of it, t = their sum in at least three rows with a non-zero
 * total and fails in at most one row in five.
 */
function findRowSums(nums: (Num | null)[][], nCols: number): RowSum[] {
  const numericCols = [...Array(nCols).keys()].filter((c) => nums.filter((row) => row[c]).length >= 3);
  const out: RowSum[] = [];
  for (const t of numericCols) {
    for (let a = 0; a < numericCols.length; a++) {
      const start = numericCols[a]!;
      if (start <= t) continue;
      for (let b = a + 1; b < numericCols.length; b++) {
        const parts = numericCols.slice(a, b + 1);
        let ok = 0;
        let bad = 0;
        for (const row of nums) {
          if (!row[t] || row[t]!.value.eq(0)) continue;
          if (parts.every((c) => !row[c])) continue;
          if (sumOf(row, parts).eq(row[t]!.value)) ok++;
          else bad++;
        }
        if (ok >= 3 && bad * 5 <= ok + bad) out.push({ t, parts });
      }
    }
  }
  // Keep the shortest identity per total column: longer ones are usually its coincidences.
  const best = new Map<number, RowSum>();
  for (const s of out) if (!best.has(s.t) || best.get(s.t)!.parts.length > s.parts.length) best.set(s.t, s);
  return [...best.values()];
}

/** A row's classification code from its leading cells (`204`, `20406`, or `204 | 06 | 01`). */
function rowCode(row: GridRow): string | null {
  const lead: string[] = [];
  for (const cell of row.cells.slice(0, 4)) {
    const t = cell.text.replace(/\s/g, '');
    if (/^\d{2,7}$/.test(t)) lead.push(t);
    else if (t === '') continue;
    else break;
  }
  if (lead.length === 0) return null;
  const code = lead.join('');
  return code.length === 3 || code.length === 5 || code.length === 7 ? code : null;
}

/** Vertical identities: each code row = the sum of the rows of its direct sub-codes. */
function codeFamilies(grid: TableGrid): { parent: number; children: number[] }[] {
  const codes = grid.rows.map((r) => rowCode(r));
  const out: { parent: number; children: number[] }[] = [];
  codes.forEach((code, i) => {
    if (!code) return;
    const children: number[] = [];
    for (let j = i + 1; j < codes.length; j++) {
      const c = codes[j];
      if (!c) continue;
      if (!c.startsWith(code)) break;
      if (c.length === code.length + 2) children.push(j);
    }
    if (children.length) out.push({ parent: i, children });
  });
  return out;
}

interface Check {
  /** Cells (r, c) the identity involves; the first is the total. */
  readonly cells: readonly (readonly [number, number])[];
  readonly total: readonly [number, number];
  readonly parts: readonly (readonly [number, number])[];
}

function checksOf(grid: TableGrid, nums: (Num | null)[][]): Check[] {
  const checks: Check[] = [];
  const nCols = Math.max(0, ...grid.rows.map((r) => r.cells.length));
  for (const s of findRowSums(nums, nCols)) {
    nums.forEach((row, r) => {
      if (!row[s.t] || s.parts.every((c) => !row[c])) return;
      const parts = s.parts.filter((c) => row[c]).map((c) => [r, c] as const);
      checks.push({ cells: [[r, s.t], ...parts], total: [r, s.t], parts });
    });
  }
  const families = codeFamilies(grid);
  for (let c = 0; c < nCols; c++) {
    // A column takes part only when most families add up in it.
    const usable = families.filter((f) => nums[f.parent]?.[c]);
    if (usable.length === 0) continue;
    const holds = usable.filter((f) => sumOf(f.children.map((j) => nums[j]?.[c] ?? null), [...f.children.keys()]).eq(nums[f.parent]![c]!.value)).length;
    if (holds * 2 < usable.length) continue;
    for (const f of usable) {
      const parts = f.children.filter((j) => nums[j]?.[c]).map((j) => [j, c] as const);
      checks.push({ cells: [[f.parent, c], ...parts], total: [f.parent, c], parts });
    }
  }
  return checks;
}

function holds(check: Check, nums: (Num | null)[][]): boolean {
  const total = nums[check.total[0]]?.[check.total[1]]?.value;
  if (!total) return true;
  const sum = check.parts.reduce((acc, [r, c]) => acc.plus(nums[r]?.[c]?.value ?? ZERO), ZERO);
  return sum.eq(total);
}

// ---------------------------------------------------------------------------------------------
// The page

/** Lowest confidence of the words inside a box (points), or null when none. */
function confIn(words: readonly PageWord[], box: BBox): number | null {
  let min: number | null = null;
  for (const w of words) {
    const cx = (w.bbox[0] + w.bbox[2]) / 2;
    const cy = (w.bbox[1] + w.bbox[3]) / 2;
    if (cx >= box[0] && cx <= box[2] && cy >= box[1] && cy <= box[3]) min = min === null ? w.conf : Math.min(min, w.conf);
  }
  return min;
}

/** A word's confidence below this (0–100) is reported. */
const LOW_CONF = 50;

function cellBox(row: GridRow, cell: Cell): BBox | null {
  if (!row.bbox || cell.x0 === undefined || cell.x1 === undefined) return row.bbox;
  return [cell.x0, row.bbox[1], cell.x1, row.bbox[3]];
}

function setCell(cell: Cell, text: string): Cell {
  return { ...cell, text: normalizeText(text) };
}

/** Repair one grid; returns the new grid and its findings. */
export function repairGrid(grid: TableGrid, page: number, words: readonly PageWord[]): { grid: TableGrid; findings: OcrFinding[] } {
  const findings: OcrFinding[] = [];
  // 1. Words and amounts, cell by cell.
  let rows: GridRow[] = grid.rows.map((row) => ({
    ...row,
    cells: row.cells.map((cell) => {
      const fixed = fixWords(cell.text);
      const amt = canonicalAmount(fixed);
      const text = amt !== null && /[.,:;：；]/.test(fixed) ? amt : fixed.replace(STRAY, '');
      return text === cell.text ? cell : setCell(cell, text);
    }),
  }));
  let g: TableGrid = { ...grid, rows };
  // 2. The books.
  const nums = numbersOf(g);
  const checks = checksOf(g, nums);
  const broken = checks.filter((ch) => !holds(ch, nums));
  const suspects = new Map<string, number>();
  for (const ch of broken) for (const [r, c] of ch.cells) suspects.set(`${r},${c}`, (suspects.get(`${r},${c}`) ?? 0) + 1);
  const corrected = new Set<string>();
  for (const key of [...suspects.keys()].sort((a, b) => suspects.get(b)! - suspects.get(a)!)) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    const cur = nums[r]?.[c];
    if (!cur || corrected.has(key)) continue;
    const touching = checks.filter((ch) => ch.cells.some(([rr, cc]) => rr === r && cc === c));
    if (touching.every((ch) => holds(ch, nums))) continue;
    const fixes: { text: string; value: Big }[] = [];
    for (const alt of confusions(cur.text)) {
      const v = amountValue(alt)!;
      const saved = cur.value;
      cur.value = v;
      if (touching.every((ch) => holds(ch, nums))) fixes.push({ text: canonicalAmount(alt)!, value: v });
      cur.value = saved;
    }
    if (fixes.length === 1) {
      const fix = fixes[0]!;
      const row = g.rows[r]!;
      const cell = row.cells[c]!;
      findings.push({
        code: 'ocr-corrected',
        severity: 'info',
        page,
        bbox: cellBox(row, cell),
        message: `OCR read ${cur.text}; ${fix.text} makes the table's ${touching.length} sum(s) through this cell hold`,
        found: cur.text,
        expected: fix.text,
      });
      cur.value = fix.value;
      cur.text = fix.text;
      corrected.add(key);
      rows = g.rows.map((rw, ri) => (ri !== r ? rw : { ...rw, cells: rw.cells.map((ce, ci) => (ci === c ? setCell(ce, fix.text) : ce)) }));
      g = { ...g, rows };
    }
  }
  for (const ch of checks) {
    if (holds(ch, nums)) continue;
    const [r, c] = ch.total;
    const row = g.rows[r]!;
    const cell = row.cells[c]!;
    const sum = ch.parts.reduce((acc, [rr, cc]) => acc.plus(nums[rr]?.[cc]?.value ?? ZERO), ZERO);
    findings.push({
      code: 'ocr-identity-broken',
      severity: 'warning',
      page,
      bbox: cellBox(row, cell),
      message: `OCR'd total ${cell.text} does not equal the sum of its ${ch.parts.length} part(s), ${sum.toFixed()}, which the rest of the table satisfies`,
      found: cell.text,
      expected: sum.toFixed(),
    });
  }
  // 3. Confidence, for cells no identity vouches for; figures that are not well formed and
  // that no identity vouches for are left out rather than stored as read .
  const vouched = new Set<string>();
  for (const ch of checks) if (holds(ch, nums)) for (const [r, c] of ch.cells) vouched.add(`${r},${c}`);
  const malformed = malformedFigures(g, nums);
  g.rows.forEach((row, r) =>
    row.cells.forEach((cell, c) => {
      if (!cell.text || vouched.has(`${r},${c}`) || corrected.has(`${r},${c}`)) return;
      const box = cellBox(row, cell);
      const conf = box ? confIn(words, box) : null;
      const why = malformed.get(`${r},${c}`);
      if (why) {
        findings.push({
          code: 'ocr-unreadable-amount',
          severity: 'warning',
          page,
          bbox: box,
          message: `OCR read "${cell.text}"${conf !== null ? ` with confidence ${Math.round(conf)}` : ''}: ${why}, and no sum of the table vouches for it; left out`,
          found: cell.text,
        });
        rows = g.rows.map((rw, ri) => (ri !== r ? rw : { ...rw, cells: rw.cells.map((ce, ci) => (ci === c ? setCell(ce, '') : ce)) }));
        g = { ...g, rows };
        return;
      }
      if (conf !== null && conf < LOW_CONF) {
        findings.push({ code: 'ocr-low-confidence', severity: 'warning', page, bbox: box, message: `OCR confidence ${Math.round(conf)} for "${cell.text}"`, found: cell.text });
      }
    }),
  );
  return { grid: g, findings };
}

/**
 * Cells of a grid that hold a figure OCR did not read whole: one decimal where the table
 * prints two (`33,544,216.0`: a last digit lost over the cell's border), a point with no
 * decimals after it, or Chinese among the digits of a figure in a column of amounts
 * (`又165,133.多`). Keyed `row,col`, with the reason.
 */
function malformedFigures(grid: TableGrid, nums: (Num | null)[][]): Map<string, string> {
  const out = new Map<string, string>();
  const all = nums.flat().filter((n): n is Num => n !== null && /\./u.test(n.text));
  const two = all.filter((n) => /\.\d{2}$/u.test(n.text)).length;
  const twoDecimals = all.length >= 3 && two >= 0.8 * all.length;
  const nCols = Math.max(0, ...grid.rows.map((r) => r.cells.length));
  // A column of amounts: most of its filled cells are figures, or mostly digits (misread ones).
  const figureLike = (t: string): boolean => {
    const d = (t.match(/\d/gu) ?? []).length;
    return d >= 4 && (t.match(/[\d.,，]/gu) ?? []).length >= 0.6 * [...t].length;
  };
  const amountCol = Array.from({ length: nCols }, (_, c) => {
    const filled = grid.rows.filter((r) => (r.cells[c]?.text ?? '') !== '');
    return filled.length > 0 && filled.filter((r, i) => nums[grid.rows.indexOf(r)]?.[c] || figureLike(r.cells[c]!.text)).length >= 0.5 * filled.length;
  });
  grid.rows.forEach((row, r) =>
    row.cells.forEach((cell, c) => {
      const t = cell.text.replace(/\s+/gu, '');
      if (!t) return;
      if (twoDecimals && /^-?[\d,]+\.\d?$/u.test(t) && /\d{3}/u.test(t.replace(/,/gu, ''))) out.set(`${r},${c}`, 'a figure with its decimals cut short where the table prints two');
      else if (amountCol[c] && twoDecimals && /^[1lI|]$/u.test(t)) out.set(`${r},${c}`, 'a lone stroke (what is left of a rule) where the column prints amounts');
      else if (amountCol[c] && /[\u3400-\u9fff]/u.test(t) && (t.match(/\d/gu) ?? []).length >= 4 && /\d[.,，]\d|[.,，]\d{2,3}/u.test(t)) out.set(`${r},${c}`, 'a figure with characters among its digits');
    }),
  );
  return out;
}

/** Repair every grid and line of an OCR'd page; findings go into the page's OCR record. */
export function repairOcrPage(page: OcrPage): OcrPage {
  if (!page.ocr || page.number === null) return page;
  const findings: OcrFinding[] = [];
  const blocks = page.blocks.map((b) => {
    if (b.kind === 'line') {
      const text = fixWords(b.text);
      return text === b.text ? b : ({ ...b, text } satisfies TextLine);
    }
    const r = repairGrid(b, page.number!, page.ocr!.words);
    findings.push(...r.findings);
    return r.grid;
  });
  const ocr: OcrInfo = { ...page.ocr, findings };
  return { ...(page as Page), blocks, ocr } as OcrPage;
}
