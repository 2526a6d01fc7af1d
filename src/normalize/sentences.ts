// A paragraph's sentences. A stop inside brackets ends the bracketed aside, not the sentence:
// "公务用车购置及运行维护费74.1万元（公务用车购置费0万元…增加57.2万元。）比上年增加39.2万元" is one.

export interface Sentence {
  readonly text: string;
  /** Where it starts in the paragraph. */
  readonly start: number;
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    else if (depth === 0 && /[。！？!?]/u.test(ch)) {
      out.push({ text: text.slice(start, i + 1), start });
      start = i + 1;
    }
  }
  if (start < text.length) out.push({ text: text.slice(start), start });
  return out;
}

/** How many brackets are open at a position of a text. */
export function bracketDepth(s: string, at: number): number {
  let d = 0;
  for (let i = 0; i < at; i++) {
    if (s[i] === '（' || s[i] === '(') d++;
    else if ((s[i] === '）' || s[i] === ')') && d > 0) d--;
  }
  return d;
}
