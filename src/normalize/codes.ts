// Classification codes as printed: 7 digits in one cell, 类|款|项 in three cells (with lost
// leading zeros), joined to the name ("2010601-行政运行"), or separated by dashes/spaces
// ("204-06-01"). Everything becomes a digits-only code whose parent is its prefix.
import { foldWidth } from './text.ts';

export type CodeSystem = 'func' | 'econ' | 'gecon';

/** Widths of the levels: 类 3, 款 5, 项 7 (functional); 类 3, 款 5 (economic). */
export function codeLevel(code: string): 1 | 2 | 3 | undefined {
  if (/^\d{3}$/.test(code)) return 1;
  if (/^\d{5}$/.test(code)) return 2;
  if (/^\d{7}$/.test(code)) return 3;
  return undefined;
}

export function parentCode(code: string): string | null {
  if (code.length === 7) return code.slice(0, 5);
  if (code.length === 5) return code.slice(0, 3);
  return null;
}

/** Which classification a code belongs to, by its first digit (2xx functional, 3xx departmental economic, 5xx government economic). */
export function codeSystem(code: string): CodeSystem | undefined {
  if (/^2\d{2}(\d{2}){0,2}$/.test(code)) return 'func';
  if (/^3\d{2}(\d{2})?$/.test(code)) return 'econ';
  if (/^5\d{2}(\d{2})?$/.test(code)) return 'gecon';
  return undefined;
}

/**
 * A code printed in one cell, in any dress: "2010350", "204-06-01", "204 06 01", "201.03.50",
 * "[201]", "【20133】", "（2010301）", "201-" (a dash left by a joined layout).
 */
export function parseCodeText(text: string): string | undefined {
  const s = foldWidth(text)
    .trim()
    .replace(/^[\[【〔（(](\d[\d\s.\-–—]*\d)[\]】〕）)]$/u, '$1')
    .replace(/^(\d{3}(?:\d{2}){0,2})\s*[-–—_:：、]$/u, '$1');
  if (/^\d{3}(?:\d{2}){0,2}$/.test(s)) return codeSystem(s) ? s : undefined;
  // "204-06-01", "204 06 01", "201.03.50"; a dot alone between two parts is a decimal amount
  const m = /^(\d{3})[\s\-–—]+(\d{2})(?:[\s\-–—]+(\d{2}))?$/.exec(s) ?? /^(\d{3})\.(\d{2})\.(\d{2})$/.exec(s);
  if (m) return joinCodeParts(m[1]!, m[2]!, m[3]);
  return undefined;
}

/** Join 类/款/项 column parts, left-padding 款 and 项 to two digits ("301" + "2" → "30102"). */
export function joinCodeParts(lei: string, kuan?: string, xiang?: string): string | undefined {
  const a = lei.trim();
  if (!/^\d{3}$/.test(a)) return undefined;
  const b = kuan?.trim() ?? '';
  const c = xiang?.trim() ?? '';
  if (!b) return c ? undefined : codeSystem(a) && a;
  if (!/^\d{1,2}$/.test(b)) return undefined;
  const ab = a + b.padStart(2, '0');
  if (!c) return ab;
  if (!/^\d{1,2}$/.test(c)) return undefined;
  return ab + c.padStart(2, '0');
}

/**
 * A code at the start of a label, joined to the name: "2010601-行政运行", "2010350 事业运行",
 * "【201】一般公共服务支出". Returns the code and the name without it.
 */
export function splitCodeAndName(text: string): { code: string; name: string } | undefined {
  const s = foldWidth(text).trim();
  const m = /^[【\[〔（(]?(\d{3}(?:\d{2}){0,2})[】\]〕）)]?\s*[-–—_:：.、]?\s*(\D.*)$/u.exec(s);
  if (!m) return undefined;
  const code = m[1]!;
  if (!codeSystem(code)) return undefined;
  const name = m[2]!.trim();
  if (!/[\u4e00-\u9fff]/u.test(name)) return undefined;
  return { code, name };
}
