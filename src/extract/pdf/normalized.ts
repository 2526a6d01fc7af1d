// normalizeText for the strings of a page layout, remembered: a document repeats most of its
// cell texts (empty cells, amounts, row labels; about 3 in 4 calls in the corpus), and
// normalizeText is a chain of regular expressions. Pure, so the memo changes nothing but time.

import { normalizeText } from '../../normalize/text.ts';

/** Entries kept before the memo starts over (a few hundred KB at most). */
const MAX_ENTRIES = 20_000;
const memo = new Map<string, string>();

export function normalizedText(raw: string): string {
  if (raw === '') return '';
  let t = memo.get(raw);
  if (t === undefined) {
    if (memo.size >= MAX_ENTRIES) memo.clear();
    t = normalizeText(raw);
    memo.set(raw, t);
  }
  return t;
}
