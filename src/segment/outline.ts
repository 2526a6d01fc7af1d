// Section markers → an outline. Levels are not fixed by marker style: a style takes the
// level at which it first appears under its parent. Numbering that breaks its sequence
// (（8） after （七）, 6、 among 一、…七、) is attached to the level it continues, and reported.
import type { TextLine } from '../core/types.ts';
import { parseMarker, type Marker, type MarkerStyle } from '../normalize/markers.ts';

export interface Heading {
  readonly marker: Marker;
  readonly title: string;
  readonly depth: number;
  readonly line: TextLine;
}

export interface NumberingIssue {
  readonly line: TextLine;
  readonly marker: Marker;
  readonly expected: string;
  readonly message: string;
}

interface Level {
  style: MarkerStyle;
  last: number;
  heading: Heading;
}

/** Which marker styles may stand in for each other when numbering continues (（七） → （8）). */
function sameFamily(a: MarkerStyle, b: MarkerStyle): boolean {
  const bracket = (s: MarkerStyle) => s === 'cn-paren' || s === 'num-paren';
  const plain = (s: MarkerStyle) => s === 'cn-dun' || s === 'num-dot';
  return a === b || (bracket(a) && bracket(b)) || (plain(a) && plain(b));
}

const STYLE_TEXT: Readonly<Record<MarkerStyle, (n: number) => string>> = {
  part: (n) => `第${n}部分`,
  'cn-dun': (n) => `${cn(n)}、`,
  'cn-paren': (n) => `（${cn(n)}）`,
  'num-dot': (n) => `${n}.`,
  'num-paren': (n) => `（${n}）`,
  circled: (n) => String.fromCodePoint(0x2460 + n - 1),
  'table-no': (n) => `表${n}`,
  title: () => '',
  intro: () => '',
};

function cn(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n]!;
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
}

export class OutlineBuilder {
  private readonly stack: Level[] = [];
  readonly issues: NumberingIssue[] = [];

  /** The headings enclosing the current position, outermost first. */
  path(): Heading[] {
    return this.stack.map((l) => l.heading);
  }

  /**
   * Offer a line; returns the heading it opens, or null when it is not a heading. A marker
   * followed by a digit ("2.12345热线…") is accepted only where the numbering expects it.
   */
  offer(line: TextLine, titleOverride?: string): Heading | null {
    const marker = parseMarker(line.text);
    if (!marker || marker.style === 'table-no') return null;
    // 1) an open level whose numbering this marker continues, in its own style or a
    //    look-alike one (（8） after （七））; 2) else the open level of the same style
    const continues = (l: Level) => l.last + 1 === marker.value && marker.value > 1;
    let idx = this.stack.findIndex((l) => l.style === marker.style && continues(l));
    if (idx < 0) idx = this.stack.findIndex((l) => sameFamily(l.style, marker.style) && continues(l));
    let broken = idx >= 0 && this.stack[idx]!.style !== marker.style;
    if (idx < 0) idx = this.stack.findIndex((l) => l.style === marker.style);
    if (idx >= 0) {
      const level = this.stack[idx]!;
      if (marker.beforeDigit && marker.value !== level.last + 1) return null;
      if (broken || (marker.value !== level.last + 1 && marker.value !== 1)) {
        this.issues.push({
          line,
          marker,
          expected: STYLE_TEXT[level.style](level.last + 1),
          message: `section marker '${marker.text}' breaks the sequence after '${STYLE_TEXT[level.style](level.last)}' (expected '${STYLE_TEXT[level.style](level.last + 1)}')`,
        });
      }
      this.stack.length = idx;
      return this.push(marker, line, titleOverride, level.style);
    }
    // 3) a new, deeper level; a digit-led item must start its list at 1
    if (marker.beforeDigit && marker.value !== 1) return null;
    if (marker.style === 'part') this.stack.length = 0;
    return this.push(marker, line, titleOverride, marker.style);
  }

  /**
   * An unmarked heading. A section title closes every marked level below the parts; an
   * introducing line ("…如下：") opens a level its list items fall under.
   */
  offerUnmarked(line: TextLine, kind: 'title' | 'intro'): Heading {
    const keep = kind === 'title'
      ? this.stack.findIndex((l) => l.style !== 'part')
      : this.stack.findIndex((l) => l.style === 'intro' || l.style === 'num-dot' || l.style === 'num-paren' || l.style === 'circled');
    if (keep >= 0) this.stack.length = keep;
    const marker: Marker = { style: kind, value: 0, text: '', rest: line.text, beforeDigit: false };
    return this.push(marker, line, undefined, kind);
  }

  /** Give the innermost heading a title printed on the next line ("第一部分" / "单位概况"). */
  retitle(title: string): Heading | null {
    const top = this.stack[this.stack.length - 1];
    if (!top) return null;
    top.heading = { ...top.heading, title };
    return top.heading;
  }

  private push(marker: Marker, line: TextLine, titleOverride: string | undefined, style: MarkerStyle): Heading {
    const heading: Heading = { marker, title: titleOverride ?? marker.rest, depth: this.stack.length, line };
    this.stack.push({ style, last: marker.value, heading });
    return heading;
  }
}
