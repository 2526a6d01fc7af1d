// Pure text normalisation: width folding, Kangxi look-alikes, spaces between Chinese
// characters. Every function here is idempotent (property-tested in test/normalize).

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** Chinese punctuation that never takes a space around it. */
const CJK_PUNCT = '\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301f\\u2018\\u2019\\u201c\\u201d\\u2026\\u00b7\\uff08\\uff09\\uff0c\\uff1a\\uff1b\\u3000';

const CJK_OR_PUNCT = `[${CJK}${CJK_PUNCT}]`;
const SPACE_BETWEEN_CJK = new RegExp(`(${CJK_OR_PUNCT})[ \\t\\u00a0\\u2002-\\u200b]+(?=${CJK_OR_PUNCT})`, 'gu');
/** A space between a Chinese character and a digit/letter run: "2026 年", "合计 245.78"? no: only CJK side. */
const SPACE_CJK_ALNUM = new RegExp(`(${CJK_OR_PUNCT})[ \\t\\u00a0\\u2002-\\u200b]+(?=[0-9A-Za-z%≥≤<>=＋+\\-.])`, 'gu');
const SPACE_ALNUM_CJK = new RegExp(`([0-9A-Za-z%≥≤<>=.])[ \\t\\u00a0\\u2002-\\u200b]+(?=${CJK_OR_PUNCT})`, 'gu');

/**
 * Kangxi radicals (U+2F00–U+2FD5) and CJK radicals supplement look-alikes that some PDF
 * generators emit instead of the ideograph. NFKC maps the Kangxi block; the supplement
 * block (U+2E80–U+2EF3) has no NFKC mapping, so the common ones are listed here.
 */
const RADICAL_SUPPLEMENT: Readonly<Record<string, string>> = {
  '\u2E8C': '小', '\u2E8D': '小', '\u2E95': '彐', '\u2EA7': '牛', '\u2EAA': '疋', '\u2EAE': '竹',
  '\u2EB3': '网', '\u2EB7': '羊', '\u2EBC': '肉', '\u2EC0': '艸', '\u2EC4': '西', '\u2EC5': '见',
  '\u2EC6': '角', '\u2EC8': '讠', '\u2ECF': '邑', '\u2ED2': '长', '\u2ED6': '阝', '\u2EDD': '食',
  '\u2EDE': '饣', '\u2EE0': '饣', '\u2EE3': '骨', '\u2EE4': '鬼', '\u2EE9': '黄', '\u2EEA': '黾',
  '\u2EEB': '齐', '\u2EED': '齿', '\u2EEF': '龙', '\u2EF3': '龟',
};
const RADICAL_SUPPLEMENT_RE = /[\u2E80-\u2EF3]/gu;
const KANGXI_RE = /[\u2F00-\u2FD5]/gu;
const ANY_RADICAL = /[\u2E80-\u2FD5]/u;

/** Map Kangxi radicals and radical-supplement look-alikes to their ideographs. */
export function foldKangxi(s: string): string {
  if (!ANY_RADICAL.test(s)) return s;
  return s
    .replace(KANGXI_RE, (c) => c.normalize('NFKC'))
    .replace(RADICAL_SUPPLEMENT_RE, (c) => RADICAL_SUPPLEMENT[c] ?? c);
}

/**
 * Fold full-width ASCII (U+FF01–U+FF5E) and the ideographic space to half-width, and the
 * minus look-alikes to '-'. Chinese punctuation that has no ASCII twin (，。、：；（）“”)
 * is left alone except the brackets and colon, which documents mix freely with ASCII:
 * those are folded to the full-width Chinese forms so that one spelling remains.
 */
const ANY_WIDE = /[\u00a0\u2002-\u200b\u2013\u2212\u3000\ufe63\ufeff\uff01-\uff5e]/u;

export function foldWidth(s: string): string {
  if (!ANY_WIDE.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x3000) out += ' ';
    else if (cp === 0xff08 || cp === 0xff09 || cp === 0xff1a || cp === 0xff0c || cp === 0xff1b) out += ch; // （）：，； stay Chinese
    else if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x2212 || cp === 0x2013 || cp === 0xfe63) out += '-';
    else if (cp === 0x00a0 || (cp >= 0x2002 && cp <= 0x200a)) out += ' ';
    else if (cp === 0x200b || cp === 0xfeff) continue;
    else out += ch;
  }
  return out;
}

/** ASCII brackets, colon, comma and semicolon next to Chinese text become their Chinese forms. */
// Built once: normalisation runs on every line of every document.
const COMMA_BY_CJK = new RegExp(`(?<=[${CJK}）])\\s*,\\s*|\\s*,\\s*(?=[${CJK}（])`, 'gu');
const SEMICOLON_BY_CJK = new RegExp(`(?<=[${CJK}）])\\s*;\\s*|\\s*;\\s*(?=[${CJK}（])`, 'gu');
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');

export function unifyPunctuation(s: string): string {
  if (!/[():,;]/.test(s)) return s;
  return s
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:(?!\/\/)/g, '：')
    .replace(COMMA_BY_CJK, '，')
    .replace(SEMICOLON_BY_CJK, '；');
}

/** Remove spaces between Chinese characters, and between Chinese and numbers; keep spaces inside numbers. */
export function removeCjkSpaces(s: string): string {
  if (!/[ \t\u00a0\u2002-\u200b]/.test(s)) return s;
  let prev: string;
  let cur = s;
  do {
    prev = cur;
    cur = cur.replace(SPACE_BETWEEN_CJK, '$1').replace(SPACE_CJK_ALNUM, '$1').replace(SPACE_ALNUM_CJK, '$1');
  } while (cur !== prev);
  return cur;
}

/** Collapse runs of white space to one space and trim. */
export function collapseSpaces(s: string): string {
  return s.replace(/[ \t\u00a0]+/g, ' ').trim();
}

/**
 * A figure set letter-spaced ("174 , 177 . 85万元"): spaces around its thousands comma or decimal
 * point belong to the figure, not between two. A comma counts only before a group of three digits.
 */
export function joinSpacedNumbers(s: string): string {
  if (!/\d ?[,.] ?\d/.test(s) || !/ [,.]|[,.] /.test(s)) return s;
  return s.replace(/(\d)(?: +,|, +| +, +)(\d{3})(?!\d)/g, '$1,$2').replace(/(\d)(?: +\.|\. +| +\. +)(\d)/g, '$1.$2');
}

/** The normal form every stage compares against. Idempotent. */
export function normalizeText(s: string): string {
  return remembered(normalized, s, (x) => removeCjkSpaces(joinSpacedNumbers(collapseSpaces(unifyPunctuation(foldWidth(foldKangxi(x)))))).trim());
}

/** Text with every space removed: for names (unit names, table titles, labels). */
export function compact(s: string): string {
  return remembered(compacted, s, (x) => normalizeText(x).replace(/\s+/g, ''));
}

// Every stage normalises the same cells and labels again (frames, interpreters, checks): the
// results of the latest strings are kept. Bounded: the memory is dropped whole when full.
const MEMORY = 20_000;
const normalized = new Map<string, string>();
const compacted = new Map<string, string>();

/** `fn(s)`, kept in `memory` for the next time; the memory is dropped whole at `max` entries. */
export function remembered(memory: Map<string, string>, s: string, fn: (s: string) => string, max = MEMORY): string {
  const had = memory.get(s);
  if (had !== undefined) return had;
  const out = fn(s);
  if (memory.size >= max) memory.clear();
  memory.set(s, out);
  return out;
}

export const CJK_CLASS = CJK;
export function hasCjk(s: string): boolean {
  return HAS_CJK.test(s);
}
