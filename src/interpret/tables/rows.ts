// Which classification row is this? A code in one cell, in 类|款|项 cells, joined to the
// name, or no code at all (the name is looked up in the catalogue under the row's parent).
import type { GridRow } from '../../core/types.ts';
import { codeSystem, joinCodeParts, parseCodeText, splitCodeAndName } from '../../normalize/codes.ts';
import { Catalogue, nameKey, type ClassKind } from '../../normalize/catalogue.ts';
import { compact } from '../../normalize/text.ts';
import { parseMarker } from '../../normalize/markers.ts';
import { isOrgName, stripLevel } from '../../normalize/org.ts';
import { addFinding, sourceAt, type InterpretContext } from '../context.ts';
import { isTotalLabel, type Frame } from '../../model/frame.ts';

export type RowIdentity =
  | { readonly kind: 'total'; readonly label: string }
  | { readonly kind: 'unit'; readonly name: string }
  | { readonly kind: 'code'; readonly code: string; readonly name: string; readonly via: 'printed' | 'catalogue'; readonly system: ClassKind }
  | { readonly kind: 'label'; readonly label: string };

/** Tracks the last 类 and 款 seen, so that a name-only row can be looked up under its parent. */
export class ParentTracker {
  private lei: string | null = null;
  private kuan: string | null = null;
  see(code: string): void {
    if (code.length === 3) [this.lei, this.kuan] = [code, null];
    else if (code.length === 5) [this.lei, this.kuan] = [code.slice(0, 3), code];
    else if (code.length === 7) [this.lei, this.kuan] = [code.slice(0, 3), code.slice(0, 5)];
  }
  parents(): Array<string | null> {
    return [this.kuan, this.lei, null];
  }
  /** 类|款|项 columns where a child row leaves its parents' cells empty ("| 40 |", "| | 01"). */
  complete(kuan: string, xiang: string): string | undefined {
    const k = kuan.trim();
    const x = xiang.trim();
    if (/^\d{1,2}$/.test(k) && this.lei) return joinCodeParts(this.lei, k, x);
    if (!k && /^\d{1,2}$/.test(x) && this.kuan) return this.kuan + x.padStart(2, '0');
    return undefined;
  }
}

function nameCell(frame: Frame, row: GridRow): string {
  if (frame.nameColumn !== undefined) return row.cells[frame.nameColumn]?.text ?? '';
  return row.cells.find((c) => c.text !== '' && /[\u4e00-\u9fff]/u.test(c.text))?.text ?? '';
}

export function identifyRow(
  frame: Frame,
  row: GridRow,
  kind: ClassKind,
  tracker: ParentTracker,
  ctx: InterpretContext,
): RowIdentity {
  const name = nameCell(frame, row);
  const cells = frame.codeColumns.map((c) => row.cells[c]?.text ?? '');
  let code: string | undefined;
  if (cells.length === 1) code = parseCodeText(cells[0]!);
  else if (cells.length > 1) code = joinCodeParts(cells[0]!, cells[1], cells[2]) ?? tracker.complete(cells[1] ?? '', cells[2] ?? '');
  let printedName = name;
  if (!code) {
    const joined = splitCodeAndName(name) ?? splitCodeAndName(row.cells.find((c) => c.text !== '')?.text ?? '');
    if (joined) [code, printedName] = [joined.code, joined.name];
  }
  // an economic table may print either economic classification (3xx departmental, 5xx government)
  // the printed code says which classification the row is in, whatever the title said
  if (code && codeSystem(code) !== undefined) {
    const fixed = row.page !== null && ctx.pageMethods.get(row.page) === 'ocr' ? codeByName(code, printedName, kind, ctx.identity.year ?? undefined) : undefined;
    if (fixed) {
      addFinding(ctx, 'ocr-corrected', 'info', `OCR read code ${code} beside '${compact(printedName)}', a name the catalogue gives ${fixed} under the same parent; ${fixed} is taken`, [
        sourceAt(ctx, row, 'ocr-table', `${code} ${printedName}`.trim()),
      ]);
      code = fixed;
    }
    tracker.see(code);
    return { kind: 'code', code, name: printedName, via: 'printed', system: codeSystem(code)! };
  }
  // an empty name cell: the row's label may stand in the code column ("合计 | | 0.00 …")
  const label = name || cells.join('') || (row.cells.find((c) => c.text !== '' && /[\u4e00-\u9fff]/u.test(c.text))?.text ?? '');
  if (isTotalLabel(label) || (!code && cells.some((c) => isTotalLabel(c)))) return { kind: 'total', label };
  // a table with neither names nor codes (合计 | 基本支出 | … over one row of figures) is all totals
  if (!label && frame.nameColumn === undefined && frame.codeColumns.length === 0) return { kind: 'total', label: '' };
  if (!label) return { kind: 'label', label: '' };
  // a classification name first (优抚医院 is a 项); else a consolidated table's unit row
  const named = lookupName(label, kind, tracker, ctx);
  if (named.kind === 'code') return named;
  const unitCell = row.cells.find((c) => c.text !== '' && isOrgName(c.text));
  if (!code && unitCell && (label === unitCell.text || isOrgName(label))) return { kind: 'unit', name: stripLevel(unitCell.text) };
  return named;
}

/**
 * The code an OCR'd row's own name gives, where it contradicts the code read: the standard
 * catalogue names `code` otherwise (or not at all), and gives `name`, under the same parent, a
 * code of the same length that differs from it in one or two digits (项 99 read as 89, or as 9
 * and padded to 09). Undefined when the code as read stands: the name agrees with it, is
 * unknown, or points somewhere a misread digit cannot explain.
 */
export function codeByName(code: string, name: string, kind: ClassKind, year?: number): string | undefined {
  const key = nameKey(name);
  if (!key) return undefined;
  const std = Catalogue.standard();
  const known = std.nameOf(kind, code, year);
  if (known !== undefined && nameKey(known) === key) return undefined;
  const parent = code.length === 7 ? code.slice(0, 5) : code.length === 5 ? code.slice(0, 3) : null;
  const m = std.codeOf(kind, name, parent, year);
  if (!m || m.via === 'suffix' || m.code === code || m.code.length !== code.length) return undefined;
  let differ = 0;
  for (let i = 0; i < code.length; i++) if (code[i] !== m.code[i]) differ++;
  return differ <= 2 ? m.code : undefined;
}

/** A name without a code: strip list markers and level tags, then look it up under the nearest parent. */
export function lookupName(label: string, kind: ClassKind, tracker: ParentTracker, ctx: InterpretContext): RowIdentity {
  const marker = parseMarker(label);
  const bare = compact(marker ? marker.rest : label).replace(/[（(](?:类|款|项|\d{2,3}类|\d{2}款|\d{2}项)[）)]$/u, '');
  const year = ctx.identity.year ?? undefined;
  for (const parent of tracker.parents()) {
    const m = ctx.catalogue.codeOf(kind, bare, parent, year);
    if (m) {
      tracker.see(m.code);
      return { kind: 'code', code: m.code, name: bare, via: 'catalogue', system: kind };
    }
  }
  return { kind: 'label', label: bare };
}


/** The (code, name) pairs a table prints: the document teaches the catalogue with them. */
export function printedCodes(frame: Frame): Array<{ kind: ClassKind; code: string; name: string }> {
  const out: Array<{ kind: ClassKind; code: string; name: string }> = [];
  for (const row of frame.dataRows) {
    const name = nameCell(frame, row);
    const cells = frame.codeColumns.map((c) => row.cells[c]?.text ?? '');
    let code = cells.length === 1 ? parseCodeText(cells[0]!) : cells.length > 1 ? joinCodeParts(cells[0]!, cells[1], cells[2]) : undefined;
    let printed = name;
    if (!code) {
      const j = splitCodeAndName(name);
      if (j) [code, printed] = [j.code, j.name];
    }
    const kind = code ? codeSystem(code) : undefined;
    if (code && kind && printed && /[\u4e00-\u9fff]/u.test(printed)) out.push({ kind, code, name: compact(printed) });
  }
  return out;
}
