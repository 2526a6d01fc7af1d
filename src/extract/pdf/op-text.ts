// A page's text items, read from its operator list: the same items pdf.js's getTextContent
// makes (same grouping into items, same spaces and line ends, same positions), without
// pdf.js parsing the page's content streams a second time. The operator list already holds
// every glyph shown, with its width and Unicode, and every change of text state; this is
// getTextContent's item builder (pdf.js 5.6 `PartialEvaluator.getTextContent`) run over it.
//
// What differs from getTextContent, knowingly: the operator list keeps text and form
// matrices as 32-bit floats (positions differ in the 6th digit); text inside annotations'
// appearance streams is left out, as getTextContent leaves it out; bidi reordering is not
// applied (right-to-left scripts do not occur in the disclosures; their text keeps its
// stream order). The glyph's Unicode category is computed here with pdf.js's own expression.

import { pdfjs } from './load.ts';
import type { RawTextItem } from './items.ts';
import type { OperatorListLike } from './rulings.ts';

/** What is read of a font (pdf.js's FontFaceObject on this side of the port). */
export interface OpFont {
  readonly name?: string;
  readonly vertical?: boolean;
  readonly isType3Font?: boolean;
  readonly fontMatrix?: ArrayLike<number>;
  readonly bbox?: ArrayLike<number>;
}

/** A glyph in a showText operation's arguments (pdf.js's Glyph, as its worker made it). */
interface OpGlyph {
  readonly unicode: string;
  readonly width: number;
  readonly vmetric?: ArrayLike<number> | null;
  readonly originalCharCode?: number;
  readonly category?: Category;
}

const O = pdfjs.OPS;
const IDENTITY: readonly number[] = [1, 0, 0, 1, 0, 0];
const FONT_IDENTITY: readonly number[] = [0.001, 0, 0, 0.001, 0, 0];
const transform = (m1: ArrayLike<number>, m2: ArrayLike<number>): number[] => pdfjs.Util.transform(m1 as number[], m2 as number[]) as number[];

// getTextContent's factors, in ems of the font size
const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/** pdf.js's getCharUnicodeCategory (core/unicode.js). */
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
interface Category {
  readonly isWhitespace: boolean;
  readonly isZeroWidthDiacritic: boolean;
  readonly isInvisibleFormatMark: boolean;
}
const categories = new Map<string, Category>();
function categoryOf(ch: string): Category {
  let c = categories.get(ch);
  if (!c) {
    const g = ch.match(SPECIAL_CHAR);
    c = { isWhitespace: !!g?.[1], isZeroWidthDiacritic: !!g?.[2], isInvisibleFormatMark: !!g?.[3] };
    categories.set(ch, c);
  }
  return c;
}

/** The text state getTextContent keeps (its TextState), saved and restored with q/Q. */
class TextState {
  ctm: ArrayLike<number> = IDENTITY;
  fontName: string | null = null;
  fontSize = 0;
  font: OpFont | null = null;
  fontMatrix: ArrayLike<number> = FONT_IDENTITY;
  textMatrix: number[] = [...IDENTITY];
  textLineMatrix: number[] = [...IDENTITY];
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  textHScale = 1;
  textRise = 0;

  clone(): TextState {
    const c = new TextState();
    c.ctm = this.ctm;
    c.fontName = this.fontName;
    c.fontSize = this.fontSize;
    c.font = this.font;
    c.fontMatrix = this.fontMatrix;
    c.textMatrix = this.textMatrix.slice();
    c.textLineMatrix = this.textLineMatrix.slice();
    c.charSpacing = this.charSpacing;
    c.wordSpacing = this.wordSpacing;
    c.leading = this.leading;
    c.textHScale = this.textHScale;
    c.textRise = this.textRise;
    return c;
  }

  translateTextMatrix(x: number, y: number): void {
    const m = this.textMatrix;
    m[4] = m[0]! * x + m[2]! * y + m[4]!;
    m[5] = m[1]! * x + m[3]! * y + m[5]!;
  }

  translateTextLineMatrix(x: number, y: number): void {
    const m = this.textLineMatrix;
    m[4] = m[0]! * x + m[2]! * y + m[4]!;
    m[5] = m[1]! * x + m[3]! * y + m[5]!;
  }

  carriageReturn(): void {
    this.translateTextLineMatrix(0, -this.leading);
    this.textMatrix = this.textLineMatrix.slice();
  }
}

/** The item being built (getTextContent's textContentItem). */
interface ItemInProgress {
  initialized: boolean;
  str: string[];
  totalWidth: number;
  totalHeight: number;
  width: number;
  height: number;
  vertical: boolean;
  prevTransform: number[] | null;
  prevTextRise: number;
  textAdvanceScale: number;
  spaceInFlowMin: number;
  spaceInFlowMax: number;
  trackingSpaceMin: number;
  negativeSpaceMax: number;
  notASpace: number;
  transform: number[] | null;
}

function newItem(): ItemInProgress {
  return {
    initialized: false, str: [], totalWidth: 0, totalHeight: 0, width: 0, height: 0, vertical: false,
    prevTransform: null, prevTextRise: 0, textAdvanceScale: 0, spaceInFlowMin: 0, spaceInFlowMax: 0,
    trackingSpaceMin: Infinity, negativeSpaceMax: -Infinity, notASpace: -Infinity, transform: null,
  };
}

/**
 * One content stream's builder state: the page's, or a form XObject's (getTextContent reads a
 * form by a call of its own, so its item, last characters and font comparison start afresh).
 */
interface Scope {
  item: ItemInProgress;
  lastChars: [string, string];
  lastCharsPos: number;
  /** The font size, name and font of the item being built, for "has the font changed". */
  current: { fontSize: number; fontName: string | null; font: OpFont | null } | null;
  /** The state and save stack to go back to when the form ends. */
  readonly outer: { state: TextState; stack: TextState[]; scope: Scope } | null;
}

/**
 * The text items of a page from its operator list. `fontOf` gives the font an operator list's
 * setFont names (pdf.js's loaded name); `view` is the page's view box (pdf.js's page.view),
 * outside which glyphs are left out, as getTextContent leaves them out.
 */
export function textFromOperatorList(ops: OperatorListLike, fontOf: (loadedName: string) => OpFont | null, view: readonly number[]): RawTextItem[] {
  const r = new OpTextReader(fontOf, view);
  const fns = ops.fnArray;
  const args = ops.argsArray;
  for (let i = 0, n = fns.length; i < n; i++) r.op(fns[i]!, args[i] as unknown[] | null);
  return r.finish();
}

class OpTextReader {
  readonly items: RawTextItem[] = [];
  state = new TextState();
  stack: TextState[] = [];
  scope: Scope = { item: newItem(), lastChars: [' ', ' '], lastCharsPos: 0, current: null, outer: null };
  /** Inside an annotation's appearance (getTextContent does not read annotations). */
  annotationDepth = 0;
  readonly fontOf: (loadedName: string) => OpFont | null;
  readonly view: readonly number[];

  constructor(fontOf: (loadedName: string) => OpFont | null, view: readonly number[]) {
    this.fontOf = fontOf;
    this.view = view;
  }

  finish(): RawTextItem[] {
    while (this.scope.outer) this.endForm();
    this.flush();
    return this.items;
  }

  op(fn: number, a: unknown[] | null): void {
    if (this.annotationDepth > 0) {
      if (fn === O.beginAnnotation) this.annotationDepth++;
      else if (fn === O.endAnnotation) this.annotationDepth--;
      return;
    }
    const s = this.state;
    this.scope.current ??= { fontSize: s.fontSize, fontName: s.fontName, font: s.font };
    switch (fn) {
      case O.beginAnnotation:
        this.annotationDepth = 1;
        break;
      case O.save:
        this.stack.push(s);
        this.state = s.clone();
        break;
      case O.restore:
        this.state = this.stack.pop() ?? s;
        break;
      case O.transform:
        if (a && a.length >= 6) s.ctm = transform(s.ctm, a as number[]);
        break;
      case O.paintFormXObjectBegin:
        this.beginForm(a);
        break;
      case O.paintFormXObjectEnd:
        if (this.scope.outer) this.endForm();
        break;
      case O.setFont:
        this.setFont(a);
        break;
      case O.setGState:
        this.setGState(a);
        break;
      case O.setTextRise:
        s.textRise = num(a, 0);
        break;
      case O.setHScale:
        s.textHScale = num(a, 0) / 100;
        break;
      case O.setLeading:
        s.leading = num(a, 0);
        break;
      case O.moveText:
        s.translateTextLineMatrix(num(a, 0), num(a, 1));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case O.setLeadingMoveText:
        s.leading = -num(a, 1);
        s.translateTextLineMatrix(num(a, 0), num(a, 1));
        s.textMatrix = s.textLineMatrix.slice();
        break;
      case O.nextLine:
        s.carriageReturn();
        break;
      case O.setTextMatrix:
        this.setTextMatrix(a);
        break;
      case O.setCharSpacing:
        s.charSpacing = num(a, 0);
        break;
      case O.setWordSpacing:
        s.wordSpacing = num(a, 0);
        break;
      case O.beginText:
        s.textMatrix = [...IDENTITY];
        s.textLineMatrix = [...IDENTITY];
        break;
      case O.showText:
        this.showText(a);
        break;
      case O.paintImageXObject:
      case O.paintInlineImageXObject:
      case O.paintImageMaskXObject:
      case O.paintImageXObjectRepeat:
      case O.paintImageMaskXObjectGroup:
      case O.paintImageMaskXObjectRepeat:
      case O.paintInlineImageXObjectGroup:
      case O.paintSolidColorImageMask:
      case O.beginMarkedContent:
      case O.beginMarkedContentProps:
      case O.endMarkedContent:
        // getTextContent ends the item at every XObject painted and at marked-content bounds
        this.flush();
        break;
      default:
        break;
    }
  }

  beginForm(a: unknown[] | null): void {
    this.flush();
    const inner = this.state.clone();
    const m = a?.[0] as ArrayLike<number> | null | undefined;
    if (m && m.length >= 6) inner.ctm = transform(inner.ctm, m instanceof Float32Array ? fromFloat32(m) : m);
    const outer = { state: this.state, stack: this.stack, scope: this.scope };
    this.state = inner;
    this.stack = [];
    this.scope = { item: newItem(), lastChars: [' ', ' '], lastCharsPos: 0, current: null, outer };
  }

  endForm(): void {
    this.flush();
    const outer = this.scope.outer;
    if (!outer) return;
    this.state = outer.state;
    this.stack = outer.stack;
    this.scope = outer.scope;
  }

  setFont(a: unknown[] | null): void {
    const name = typeof a?.[0] === 'string' ? a[0] : null;
    const size = num(a, 1);
    const s = this.state;
    if (s.font && name === s.fontName && size === s.fontSize) return;
    s.fontName = name;
    this.useFont(name, size);
  }

  /** The font pdf.js loaded as `id` (a stand-in of that name when it sent none), at `size`. */
  useFont(id: string | null, size: number): void {
    const s = this.state;
    const font = (id !== null ? this.fontOf(id) : null) ?? { name: id ?? '' };
    s.fontSize = size;
    s.font = font;
    s.fontMatrix = font.fontMatrix ?? FONT_IDENTITY;
  }

  /** An ExtGState with a Font entry (the operator list gives it as ["Font", [loadedName, size]]). */
  setGState(a: unknown[] | null): void {
    const entries = a?.[0];
    if (!Array.isArray(entries)) return;
    for (const e of entries as unknown[]) {
      if (!Array.isArray(e) || e[0] !== 'Font' || !Array.isArray(e[1])) continue;
      const [id, size] = e[1] as unknown[];
      // as getTextContent: the item ends, and the font has no resource name to compare by
      this.flush();
      this.state.fontName = null;
      this.useFont(typeof id === 'string' ? id : null, typeof size === 'number' ? size : 0);
    }
  }

  setTextMatrix(a: unknown[] | null): void {
    // the operator list holds the matrix as one Float32Array argument
    const m = (a && a.length === 1 ? a[0] : a) as ArrayLike<number> | null;
    if (!m || m.length < 6) return;
    const s = this.state;
    const t = m instanceof Float32Array ? fromFloat32(m) : [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
    s.textMatrix = t;
    s.textLineMatrix = t.slice();
    this.updateAdvanceScale();
  }

  showText(a: unknown[] | null): void {
    if (!this.state.font) return; // pdf.js skips text shown before any font was set
    const glyphs = (a?.[0] ?? []) as readonly (OpGlyph | number | null)[];
    const s = this.state;
    const spaceFactor = ((s.font!.vertical ? 1 : -1) * s.fontSize) / 1000;
    // getTextContent builds one run of glyphs per string between TJ's non-zero adjustments
    let run: OpGlyph[] = [];
    let hasNumbers = false;
    for (const g of glyphs) {
      if (typeof g === 'number') {
        hasNumbers = true;
        if (g !== 0) {
          this.build(run, g * spaceFactor);
          run = [];
        }
      } else if (g) run.push(g);
    }
    if (run.length > 0 || !hasNumbers) this.build(run, 0);
  }

  /** getTextContent's getCurrentTextTransform, into `out` (one array per glyph is garbage). */
  currentTransformInto(out: number[]): number[] {
    const s = this.state;
    const fsh = s.fontSize * s.textHScale;
    let fsy = s.fontSize;
    const rise = s.textRise;
    const font = s.font;
    if (font?.isType3Font && s.fontSize <= 1 && !sameMatrix(s.fontMatrix, FONT_IDENTITY)) {
      const bbox = font.bbox;
      const glyphHeight = bbox ? bbox[3]! - bbox[1]! : 0;
      if (glyphHeight > 0) fsy *= glyphHeight * s.fontMatrix[3]!;
    }
    // Util.transform(ctm, Util.transform(textMatrix, [fsh, 0, 0, fsy, 0, rise])), term for
    // term (the products by 0 kept), so that positions are pdf.js's to the last bit
    const m = s.textMatrix;
    const a = m[0]! * fsh + m[2]! * 0;
    const b = m[1]! * fsh + m[3]! * 0;
    const c = m[0]! * 0 + m[2]! * fsy;
    const d = m[1]! * 0 + m[3]! * fsy;
    const e = m[0]! * 0 + m[2]! * rise + m[4]!;
    const f = m[1]! * 0 + m[3]! * rise + m[5]!;
    const t = s.ctm;
    out[0] = t[0]! * a + t[2]! * b;
    out[1] = t[1]! * a + t[3]! * b;
    out[2] = t[0]! * c + t[2]! * d;
    out[3] = t[1]! * c + t[3]! * d;
    out[4] = t[0]! * e + t[2]! * f + t[4]!;
    out[5] = t[1]! * e + t[3]! * f + t[5]!;
    return out;
  }

  getCurrentTextTransform(): number[] {
    return this.currentTransformInto([0, 0, 0, 0, 0, 0]);
  }

  /** Scratch for the position of the glyph being placed. */
  readonly here: number[] = [0, 0, 0, 0, 0, 0];

  build(glyphs: readonly OpGlyph[], extraSpacing: number): void {
    const s = this.state;
    const cur = this.scope.current!;
    if (cur.fontSize !== s.fontSize || (cur.fontName !== s.fontName && (cur.font?.name !== s.font?.name || cur.font?.vertical !== s.font?.vertical))) {
      this.flush();
      this.scope.current = { fontSize: s.fontSize, fontName: s.fontName, font: s.font };
    }
    const font = s.font!;
    const vertical = !!font.vertical;
    const baseCharSpacing = vertical ? -s.charSpacing : s.charSpacing;
    if (glyphs.length === 0) {
      const charSpacing = baseCharSpacing + extraSpacing;
      if (charSpacing) {
        if (!vertical) s.translateTextMatrix(charSpacing * s.textHScale, 0);
        else s.translateTextMatrix(0, -charSpacing);
      }
      return;
    }
    const scale = s.fontMatrix[0]! * s.fontSize;
    for (let i = 0, ii = glyphs.length; i < ii; i++) {
      const glyph = glyphs[i]!;
      // pdf.js's glyph computes its category once (a getter it caches); a copied one has lost it
      const category = glyph.category ?? categoryOf(glyph.unicode);
      if (category.isInvisibleFormatMark) continue;
      let charSpacing = baseCharSpacing + (i + 1 === ii ? extraSpacing : 0);
      let glyphWidth = glyph.width;
      if (vertical) glyphWidth = glyph.vmetric ? glyph.vmetric[0]! : -glyphWidth;
      let scaledDim = glyphWidth * scale;
      if (glyph.originalCharCode === 0x20) charSpacing += s.wordSpacing;
      if (category.isWhitespace) {
        if (!vertical) {
          charSpacing += scaledDim;
          s.translateTextMatrix(charSpacing * s.textHScale, 0);
        } else {
          charSpacing += -scaledDim;
          s.translateTextMatrix(0, -charSpacing);
        }
        this.saveLastChar(' ');
        continue;
      }
      if (!category.isZeroWidthDiacritic && !this.compareWithLastPosition(scaledDim)) {
        if (!vertical) s.translateTextMatrix(scaledDim * s.textHScale, 0);
        else s.translateTextMatrix(0, scaledDim);
        continue;
      }
      const chunk = this.ensureItem();
      if (category.isZeroWidthDiacritic) scaledDim = 0;
      if (!vertical) {
        scaledDim *= s.textHScale;
        s.translateTextMatrix(scaledDim, 0);
        chunk.width += scaledDim;
      } else {
        s.translateTextMatrix(0, scaledDim);
        scaledDim = Math.abs(scaledDim);
        chunk.height += scaledDim;
      }
      if (scaledDim) {
        chunk.prevTransform = this.currentTransformInto(chunk.prevTransform ?? [0, 0, 0, 0, 0, 0]);
        chunk.prevTextRise = s.textRise;
      }
      if (this.saveLastChar(glyph.unicode)) chunk.str.push(' ');
      chunk.str.push(glyph.unicode);
      if (charSpacing) {
        if (!vertical) s.translateTextMatrix(charSpacing * s.textHScale, 0);
        else s.translateTextMatrix(0, -charSpacing);
      }
    }
  }

  ensureItem(): ItemInProgress {
    const it = this.scope.item;
    if (it.initialized) return it;
    const s = this.state;
    const trm = (it.transform = this.getCurrentTextTransform());
    if (!s.font?.vertical) {
      it.width = it.totalWidth = 0;
      it.height = it.totalHeight = Math.hypot(trm[2]!, trm[3]!);
      it.vertical = false;
    } else {
      it.width = it.totalWidth = Math.hypot(trm[0]!, trm[1]!);
      it.height = it.totalHeight = 0;
      it.vertical = true;
    }
    it.textAdvanceScale = advanceScale(s);
    const { fontSize } = s;
    it.trackingSpaceMin = fontSize * TRACKING_SPACE_FACTOR;
    it.notASpace = fontSize * NOT_A_SPACE_FACTOR;
    it.negativeSpaceMax = fontSize * NEGATIVE_SPACE_FACTOR;
    it.spaceInFlowMin = fontSize * SPACE_IN_FLOW_MIN_FACTOR;
    it.spaceInFlowMax = fontSize * SPACE_IN_FLOW_MAX_FACTOR;
    it.initialized = true;
    return it;
  }

  updateAdvanceScale(): void {
    const it = this.scope.item;
    if (!it.initialized) return;
    const scaleFactor = advanceScale(this.state);
    if (scaleFactor === it.textAdvanceScale) return;
    if (!it.vertical) {
      it.totalWidth += it.width * it.textAdvanceScale;
      it.width = 0;
    } else {
      it.totalHeight += it.height * it.textAdvanceScale;
      it.height = 0;
    }
    it.textAdvanceScale = scaleFactor;
  }

  saveLastChar(ch: string): boolean {
    const sc = this.scope;
    const nextPos = (sc.lastCharsPos + 1) % 2;
    const ret = sc.lastChars[sc.lastCharsPos] !== ' ' && sc.lastChars[nextPos] === ' ';
    sc.lastChars[sc.lastCharsPos] = ch;
    sc.lastCharsPos = nextPos;
    return ret;
  }

  shouldAddWhitespace(): boolean {
    const sc = this.scope;
    return sc.lastChars[sc.lastCharsPos] !== ' ' && sc.lastChars[(sc.lastCharsPos + 1) % 2] === ' ';
  }

  resetLastChars(): void {
    const sc = this.scope;
    sc.lastChars[0] = sc.lastChars[1] = ' ';
    sc.lastCharsPos = 0;
  }

  pushWhitespace(width: number, height: number, transform?: number[] | null): void {
    // a copy: the item's last position is updated in place as glyphs are placed
    const t = transform ?? this.scope.item.prevTransform;
    this.items.push({ str: ' ', width, height, transform: t ? t.slice() : [...IDENTITY] });
  }

  compareWithLastPosition(glyphWidth: number): boolean {
    const s = this.state;
    const it = this.scope.item;
    const currentTransform = this.currentTransformInto(this.here);
    let posX = currentTransform[4]!;
    let posY = currentTransform[5]!;
    const v = this.view;
    if (s.font?.vertical) {
      if (posX < v[0]! || posX > v[2]! || posY + glyphWidth < v[1]! || posY > v[3]!) return false;
    } else if (posX + glyphWidth < v[0]! || posX > v[2]! || posY < v[1]! || posY > v[3]!) return false;
    if (!s.font || !it.prevTransform) return true;
    let lastPosX = it.prevTransform[4]!;
    let lastPosY = it.prevTransform[5]!;
    if (lastPosX === posX && lastPosY === posY) return true;
    let rotate = -1;
    if (currentTransform[0] && currentTransform[1] === 0 && currentTransform[2] === 0) rotate = currentTransform[0] > 0 ? 0 : 180;
    else if (currentTransform[1] && currentTransform[0] === 0 && currentTransform[3] === 0) rotate = currentTransform[1] > 0 ? 90 : 270;
    switch (rotate) {
      case 0:
        break;
      case 90:
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
        break;
      case 180:
        [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
        break;
      case 270:
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
        break;
      default:
        [posX, posY] = inverseRotation(posX, posY, currentTransform);
        [lastPosX, lastPosY] = inverseRotation(lastPosX, lastPosY, it.prevTransform);
    }
    if (s.font.vertical) {
      const advanceY = (lastPosY - posY) / it.textAdvanceScale;
      const advanceX = posX - lastPosX;
      const textOrientation = Math.sign(it.height || it.totalHeight);
      if (advanceY < textOrientation * it.negativeSpaceMax) {
        if (Math.abs(advanceX) > 0.5 * it.width) {
          this.appendEOL();
          return true;
        }
        this.resetLastChars();
        this.flush();
        return true;
      }
      if (Math.abs(advanceX) > it.width) {
        this.appendEOL();
        return true;
      }
      if (advanceY <= textOrientation * it.notASpace) this.resetLastChars();
      if (advanceY <= textOrientation * it.trackingSpaceMin) {
        if (this.shouldAddWhitespace()) {
          this.resetLastChars();
          this.flush();
          this.pushWhitespace(0, Math.abs(advanceY));
        } else it.height += advanceY;
      } else if (!this.addFakeSpaces(advanceY, it.prevTransform, textOrientation)) {
        if (it.str.length === 0) {
          this.resetLastChars();
          this.pushWhitespace(0, Math.abs(advanceY));
        } else it.height += advanceY;
      }
      if (Math.abs(advanceX) > it.width * VERTICAL_SHIFT_RATIO) this.flush();
      return true;
    }
    const advanceX = (posX - lastPosX) / it.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const textOrientation = Math.sign(it.width || it.totalWidth);
    if (advanceX < textOrientation * it.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * it.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const textRiseDelta = s.textRise - it.prevTextRise;
    const advanceYCorrected = textRiseDelta === 0 ? advanceY : advanceY - (currentTransform[3]! / s.fontSize) * textRiseDelta;
    if (Math.abs(advanceYCorrected) > it.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= textOrientation * it.notASpace) this.resetLastChars();
    if (advanceX <= textOrientation * it.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX), 0);
      } else it.width += advanceX;
    } else if (!this.addFakeSpaces(advanceX, it.prevTransform, textOrientation)) {
      if (it.str.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX), 0);
      } else it.width += advanceX;
    }
    if (Math.abs(advanceY) > it.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  appendEOL(): void {
    this.resetLastChars();
    const it = this.scope.item;
    if (it.initialized) this.flush();
    else this.items.push({ str: '', width: 0, height: 0, transform: this.getCurrentTextTransform() });
  }

  addFakeSpaces(width: number, transf: number[] | null, textOrientation: number): boolean {
    const it = this.scope.item;
    if (textOrientation * it.spaceInFlowMin <= width && width <= textOrientation * it.spaceInFlowMax) {
      if (it.initialized) {
        this.resetLastChars();
        it.str.push(' ');
      }
      return false;
    }
    let height = 0;
    if (it.vertical) {
      height = width;
      width = 0;
    }
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width), Math.abs(height), transf ?? this.getCurrentTextTransform());
    return true;
  }

  flush(): void {
    const it = this.scope.item;
    if (!it.initialized) return;
    if (!it.vertical) it.totalWidth += it.width * it.textAdvanceScale;
    else it.totalHeight += it.height * it.textAdvanceScale;
    this.items.push({
      str: pdfjs.normalizeUnicode(it.str.join('')),
      width: Math.abs(it.totalWidth),
      height: Math.abs(it.totalHeight),
      transform: it.transform!,
    });
    it.initialized = false;
    it.str.length = 0;
  }
}

/**
 * The numbers a content stream wrote, from the 32-bit floats the operator list keeps them in:
 * each the shortest decimal that rounds to the same float. Content streams write a few digits
 * (306.12, 0.05), so this is the number getTextContent computed with; kept as 32-bit floats,
 * positions that fall exactly on one of its spacing thresholds would fall on the other side.
 */
function fromFloat32(m: Float32Array): number[] {
  const out = new Array<number>(6);
  for (let i = 0; i < 6; i++) out[i] = shortestDecimal(m[i] ?? 0);
  return out;
}

function shortestDecimal(v: number): number {
  if (Number.isInteger(v) || !Number.isFinite(v)) return v;
  // fewest decimal places first (arithmetic: toPrecision is many times slower)
  let scale = 1;
  for (let k = 0; k < 9; k++, scale *= 10) {
    const d = Math.round(v * scale) / scale;
    if (Math.fround(d) === v) return d;
  }
  return v;
}

function num(a: unknown[] | null, i: number): number {
  const v = a?.[i];
  return typeof v === 'number' ? v : 0;
}

function advanceScale(s: TextState): number {
  return Math.hypot(s.textLineMatrix[0]!, s.textLineMatrix[1]!) * Math.hypot(s.ctm[0]!, s.ctm[1]!);
}

function sameMatrix(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < 6; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inverseRotation(x: number, y: number, m: readonly number[]): [number, number] {
  const scale = Math.hypot(m[0]!, m[1]!);
  return [(m[0]! * x + m[1]! * y) / scale, (m[2]! * x + m[3]! * y) / scale];
}
