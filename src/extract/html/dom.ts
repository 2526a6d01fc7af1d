// A small HTML tree from htmlparser2's tokenizer (it decodes entities, knows void elements and
// closes <p>, <td>, <tr>, <li> … implicitly), and the few CSS facts the readers need: the
// declarations of inline styles and of simple class/tag/id rules in <style> blocks, with
// lengths in points.

import { Parser } from 'htmlparser2';

export interface HElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: HNode[];
  readonly parent: HElement | null;
}
export type HNode = HElement | string;

/** Elements whose content is never visible text. */
export const INVISIBLE = new Set(['head', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'select', 'textarea', 'button', 'input', 'map', 'audio', 'video']);

/** Parse HTML text into a tree under a synthetic `#root` element. */
/**
 * Elements nested deeper than this are not nested further: each becomes a child of the
 * deepest element (its text still read, in order). Real pages nest a few dozen deep; a
 * damaged or hostile one hundreds of thousands, and everything that walks up an element's
 * ancestors (styles, visibility) would then take time in the square of that.
 */
export const MAX_DEPTH = 256;

export function parseHtml(text: string): HElement {
  const root: HElement = { tag: '#root', attrs: {}, children: [], parent: null };
  let cur: HElement = root;
  let depth = 0;
  // elements opened past MAX_DEPTH, kept as children of the deepest one (see MAX_DEPTH)
  let flattened = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const el: HElement = { tag: name, attrs: attribs, children: [], parent: cur };
        cur.children.push(el);
        if (depth >= MAX_DEPTH) flattened++;
        else {
          cur = el;
          depth++;
        }
      },
      ontext(data) {
        const last = cur.children[cur.children.length - 1];
        if (typeof last === 'string') cur.children[cur.children.length - 1] = last + data;
        else cur.children.push(data);
      },
      onclosetag() {
        if (flattened > 0) flattened--;
        else if (cur.parent) {
          cur = cur.parent;
          depth--;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  return root;
}

export function isElement(n: HNode): n is HElement {
  return typeof n !== 'string';
}

/** Pre-order walk of the elements under `root` (root included). */
export function* elements(root: HElement): Generator<HElement> {
  const stack: HElement[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (typeof c !== 'string') stack.push(c);
    }
  }
}

/** All text under an element, skipping invisible elements; whitespace kept as it is. */
export function textContent(el: HElement): string {
  let out = '';
  const walk = (e: HElement): void => {
    for (const c of e.children) {
      if (typeof c === 'string') out += c;
      else if (!INVISIBLE.has(c.tag)) walk(c);
    }
  };
  walk(el);
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSS

export type Declarations = Map<string, string>;

/** `a: b; c: d` → Map; property names lower-cased, `!important` dropped. */
export function parseDeclarations(css: string): Declarations {
  const out: Declarations = new Map();
  for (const part of css.split(';')) {
    const i = part.indexOf(':');
    if (i < 0) continue;
    const prop = part.slice(0, i).trim().toLowerCase();
    const value = part.slice(i + 1).replace(/!\s*important/i, '').trim();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

interface Rule {
  readonly tag: string | null;
  readonly id: string | null;
  readonly classes: readonly string[];
  readonly specificity: number;
  readonly order: number;
  readonly decls: Declarations;
}

/**
 * The simple rules of a page's style sheets: selectors made of one compound (`.p`, `div.t`,
 * `#pf1`, `.x1.y2`). Rules inside @media/@supports blocks and selectors with combinators or
 * pseudo-classes are left out: the readers only need positions, sizes and borders, which
 * converters put in plain class rules.
 */
export class StyleSheet {
  private readonly byClass = new Map<string, Rule[]>();
  private readonly byTag = new Map<string, Rule[]>();
  private readonly byId = new Map<string, Rule[]>();
  private order = 0;

  get size(): number {
    return this.order;
  }

  add(css: string): void {
    const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
    let i = 0;
    while (i < text.length) {
      const open = text.indexOf('{', i);
      if (open < 0) break;
      const prelude = text.slice(i, open).trim();
      // Find the matching close brace (at-rule blocks nest).
      let depth = 1;
      let j = open + 1;
      while (j < text.length && depth > 0) {
        const ch = text[j]!;
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
        j++;
      }
      const body = text.slice(open + 1, j - 1);
      i = j;
      if (prelude.startsWith('@')) continue;
      const decls = parseDeclarations(body);
      if (decls.size === 0) continue;
      for (const sel of prelude.split(',')) this.addSelector(sel.trim(), decls);
    }
  }

  private addSelector(sel: string, decls: Declarations): void {
    const m = /^([a-zA-Z][a-zA-Z0-9]*|\*)?((?:[.#][A-Za-z_\-][A-Za-z0-9_\-]*)*)$/.exec(sel);
    if (!m || !sel) return;
    const tag = m[1] && m[1] !== '*' ? m[1].toLowerCase() : null;
    const parts = m[2]!.match(/[.#][^.#]+/g) ?? [];
    const classes = parts.filter((p) => p.startsWith('.')).map((p) => p.slice(1));
    const ids = parts.filter((p) => p.startsWith('#')).map((p) => p.slice(1));
    if (ids.length > 1) return;
    const id = ids[0] ?? null;
    const rule: Rule = { tag, id, classes, specificity: (id ? 100 : 0) + classes.length * 10 + (tag ? 1 : 0), order: this.order++, decls };
    const put = (map: Map<string, Rule[]>, key: string): void => {
      const l = map.get(key);
      if (l) l.push(rule);
      else map.set(key, [rule]);
    };
    if (id) put(this.byId, id);
    else if (classes.length) put(this.byClass, classes[0]!);
    else put(this.byTag, tag ?? '*');
  }

  /** Declarations for an element: matching rules by specificity and order, then its style attribute. */
  declarationsFor(el: HElement): Declarations {
    const inline = el.attrs['style'];
    if (this.order === 0) return inline ? parseDeclarations(inline) : new Map();
    const cand: Rule[] = [];
    const clsAttr = el.attrs['class'];
    const cls = clsAttr ? clsAttr.split(/\s+/).filter(Boolean) : [];
    const id = el.attrs['id'];
    const push = (rs: Rule[] | undefined): void => {
      if (!rs) return;
      for (const r of rs) {
        if (r.tag && r.tag !== el.tag) continue;
        if (r.id && r.id !== id) continue;
        if (r.classes.length > 1 && !r.classes.every((c) => cls.includes(c))) continue;
        if (!cand.includes(r)) cand.push(r);
      }
    };
    for (const c of cls) push(this.byClass.get(c));
    if (id) push(this.byId.get(id));
    push(this.byTag.get(el.tag));
    push(this.byTag.get('*'));
    if (cand.length === 0) return inline ? parseDeclarations(inline) : new Map();
    if (cand.length > 1) cand.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
    const out: Declarations = new Map();
    for (const r of cand) r.decls.forEach((v, k) => out.set(k, v));
    if (inline) parseDeclarations(inline).forEach((v, k) => out.set(k, v));
    return out;
  }
}

/** Collect the style sheets of a document (all <style> elements). */
export function styleSheetOf(root: HElement): StyleSheet {
  const sheet = new StyleSheet();
  for (const el of elements(root)) if (el.tag === 'style') sheet.add(el.children.filter((c): c is string => typeof c === 'string').join(''));
  return sheet;
}

const PT_PER: Readonly<Record<string, number>> = { pt: 1, px: 0.75, in: 72, cm: 72 / 2.54, mm: 72 / 25.4, pc: 12, q: 72 / 101.6 };

/**
 * A CSS length in points. `em` and `%` are relative to `em` and `pct` (the font size, or the
 * containing block's dimension for boxes); a bare number is taken as pixels (quirks mode).
 */
export function lengthPt(value: string | undefined, em = 12, pct?: number): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?)\s*([a-z%]*)$/i.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (!Number.isFinite(n)) return undefined;
  if (unit === '') return n === 0 ? 0 : n * 0.75;
  if (unit === 'em') return n * em;
  if (unit === 'rem') return n * 12;
  if (unit === '%') return pct === undefined ? undefined : (n / 100) * pct;
  const f = PT_PER[unit];
  return f === undefined ? undefined : n * f;
}

const FONT_SIZE_KEYWORDS: Readonly<Record<string, number>> = {
  'xx-small': 7,
  'x-small': 7.5,
  small: 10,
  medium: 12,
  large: 13.5,
  'x-large': 18,
  'xx-large': 24,
};

/** Font size in points from a `font-size` value, relative to the parent's. */
export function fontSizePt(value: string | undefined, parent: number): number {
  if (!value) return parent;
  const v = value.trim().toLowerCase();
  if (FONT_SIZE_KEYWORDS[v] !== undefined) return FONT_SIZE_KEYWORDS[v]!;
  if (v === 'smaller') return parent / 1.2;
  if (v === 'larger') return parent * 1.2;
  const l = lengthPt(v, parent, parent);
  return l !== undefined && l > 0 ? l : parent;
}

/** The scale and rotation of a CSS `transform` (matrix/scale/rotate), or null for none. */
export function transformOf(value: string | undefined): { scale: number; rotated: boolean } | null {
  if (!value || value === 'none') return null;
  let a = 1;
  let b = 0;
  let c = 0;
  let d = 1;
  for (const m of value.matchAll(/([a-zA-Z0-9]+)\(([^)]*)\)/g)) {
    const fn = m[1]!.toLowerCase();
    const args = m[2]!.split(/[\s,]+/).filter(Boolean);
    let t: [number, number, number, number] | null = null;
    if (fn === 'matrix' && args.length >= 4) t = [Number(args[0]), Number(args[1]), Number(args[2]), Number(args[3])];
    else if (fn === 'scale') {
      const sx = Number(args[0] ?? 1);
      t = [sx, 0, 0, Number(args[1] ?? sx)];
    } else if (fn === 'scalex') t = [Number(args[0] ?? 1), 0, 0, 1];
    else if (fn === 'scaley') t = [1, 0, 0, Number(args[0] ?? 1)];
    else if (fn === 'rotate' || fn === 'rotatez') {
      const ang = /deg$/.test(args[0] ?? '') ? (parseFloat(args[0]!) * Math.PI) / 180 : /turn$/.test(args[0] ?? '') ? parseFloat(args[0]!) * 2 * Math.PI : parseFloat(args[0] ?? '0');
      t = [Math.cos(ang), Math.sin(ang), -Math.sin(ang), Math.cos(ang)];
    }
    if (!t || t.some((x) => !Number.isFinite(x))) continue;
    const [a2, b2, c2, d2] = t;
    [a, b, c, d] = [a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2];
  }
  const sx = Math.hypot(a, b);
  return { scale: Math.sqrt(Math.abs(a * d - b * c)) || sx || 1, rotated: Math.abs(b) > 0.01 * (sx || 1) || a < 0 };
}

/** Is the element hidden by its own declarations (display:none, visibility:hidden)? */
export function hiddenBy(decls: Declarations): boolean {
  const display = decls.get('display');
  if (display && /^none\b/i.test(display)) return true;
  const vis = decls.get('visibility');
  return vis !== undefined && /^(hidden|collapse)\b/i.test(vis);
}
