// When does a line continue the one before it? Dumps and PDFs break sentences in the
// middle of a word ("以下简\n称"), sometimes across a blank line; headings, titles, unit
// captions and marked items must stay lines of their own.
import { parseMarker, isTocEntry } from '../normalize/markers.ts';
import { parseUnitCaption } from '../normalize/amount.ts';

const TERMINAL = /[。！？!?；;：:]$/u;
const SENTENCE_PUNCT = /[，,、；;：:。]/u;
const HEADING_MAX = 20;
const SENTENCE_MIN = 30;

function unbalanced(s: string): boolean {
  const count = (re: RegExp) => (s.match(re) ?? []).length;
  return count(/[（(]/gu) > count(/[）)]/gu) || count(/“/gu) > count(/”/gu) || count(/《/gu) > count(/》/gu);
}

/** A short line that names a table, a caption or a title: it never joins with a neighbour. */
export function isTitleLike(s: string): boolean {
  if (s.length > 40) return false;
  return /表[）)]?$/u.test(s) || /^[（(]\d{4}年度?[）)]$/u.test(s) || /^目\s*录$/u.test(s) || parseUnitCaption(s) !== undefined && s.length < 24;
}

/** True when `b` is the continuation of `a` (both normalised); `blank` says a blank line lies between them. */
export function joinableLines(a: string, b: string, blank: boolean): boolean {
  if (a === '' || b === '') return false;
  if (parseMarker(b) || isTocEntry(b) || isTocEntry(a)) return false;
  if (isTitleLike(a) || isTitleLike(b)) return false;
  if (TERMINAL.test(a)) return false;
  if (unbalanced(a)) return true;
  const marker = parseMarker(a);
  const body = marker ? marker.rest : a;
  const sentence = SENTENCE_PUNCT.test(body.slice(0, -1)) || body.length > SENTENCE_MIN;
  if (blank) return sentence;
  if (marker) return sentence || body.length > HEADING_MAX;
  return true;
}
