// Section markers (第一部分, 一、, （一）, 1. / 1、, （1）, ①) parsed from the start of a line.
// The outline builder (src/segment/outline.ts) turns them into a tree that survives broken
// numbering; this file only reads one marker.

export type MarkerStyle =
  | 'part' // 第一部分, 第1部分
  | 'cn-dun' // 一、
  | 'cn-paren' // （一）
  | 'num-dot' // 1. 1． 1、
  | 'num-paren' // （1）
  | 'circled' // ①
  | 'table-no' // 表1 / 表一 (table numbering, not an outline level)
  | 'title' // an unmarked section title ("2026年单位预算编制说明")
  | 'intro'; // a line that introduces a list ("财政拨款支出主要内容如下：")

export interface Marker {
  readonly style: MarkerStyle;
  readonly value: number;
  /** The marker as printed ("（七）"). */
  readonly text: string;
  /** The rest of the line after the marker, trimmed. */
  readonly rest: string;
  /** A marker followed by a digit ("2.12345热线") is only a marker when the numbering expects it. */
  readonly beforeDigit: boolean;
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105. Undefined for anything else. */
export function chineseNumeral(s: string): number | undefined {
  if (!/^[零〇一二两三四五六七八九十百]+$/u.test(s)) return undefined;
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (ch === '十') {
      total += (cur || 1) * 10;
      cur = 0;
    } else {
      cur = CN_DIGITS[ch]!;
    }
  }
  return total + cur;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

const PATTERNS: ReadonlyArray<{ style: MarkerStyle; re: RegExp; num: (m: RegExpExecArray) => number | undefined }> = [
  { style: 'part', re: /^第\s*([零〇一二两三四五六七八九十]+|\d{1,2})\s*部分\s*/u, num: (m) => toInt(m[1]!) },
  { style: 'cn-dun', re: /^([零〇一二三四五六七八九十]{1,3})\s*[、．.]\s*/u, num: (m) => chineseNumeral(m[1]!) },
  { style: 'cn-paren', re: /^[（(]\s*([零〇一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*/u, num: (m) => chineseNumeral(m[1]!) },
  { style: 'num-paren', re: /^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*/u, num: (m) => Number(m[1]) },
  { style: 'num-dot', re: /^(\d{1,2})\s*(?:[、．]|\.(?!\d*%))\s*/u, num: (m) => Number(m[1]) },
  { style: 'circled', re: new RegExp(`^([${CIRCLED}])\\s*`, 'u'), num: (m) => CIRCLED.indexOf(m[1]!) + 1 },
  { style: 'table-no', re: /^表\s*([零〇一二三四五六七八九十]{1,3}|\d{1,2})\s*[：:、.．]?\s*/u, num: (m) => toInt(m[1]!) },
];

function toInt(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : chineseNumeral(s);
}

/** Read a section marker at the start of a (normalised) line, or null. */
export function parseMarker(line: string): Marker | null {
  const s = line.trimStart();
  for (const p of PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    const value = p.num(m);
    if (value === undefined || value <= 0) continue;
    const rest = s.slice(m[0].length).trim();
    // "1.5万元" or a year "2026." are not markers; "1." alone with nothing after is.
    if (p.style === 'num-dot' && /^\d+(?:\.\d+)?\s*(?:万元|元|亿元|%)/.test(rest)) continue;
    // only "2.12345…" can be a decimal in disguise; "一、2026年…" cannot
    return { style: p.style, value, text: m[0].trim(), rest, beforeDigit: p.style === 'num-dot' && /^\d/.test(rest) };
  }
  return null;
}

/** Lines such as "目录" entries end with leader dots and a page number. */
export function isTocEntry(line: string): boolean {
  return /(?:[.·…。]{2,}|…+|\s{2,}|\t)\s*\d{1,3}\s*$/u.test(line) || /[.·…]{4,}/u.test(line);
}
