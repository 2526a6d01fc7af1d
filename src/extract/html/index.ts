// HTML page → ExtractedDoc. Two shapes are published:
// - PDF→HTML conversions, every text run absolutely positioned (left/top, font size), cell
//   borders as positioned divs, one container per PDF page: read into runs and ruling lines
//   per page and laid out exactly as a PDF page is (ruled grids, furniture, aligned grids);
// - ordinary pages: paragraphs and <table>s (colspan/rowspan) in document order, one page
//   without a number, read from the page's main content element when one stands out.
// Which one is decided by where the visible text is: mostly in positioned elements, or not.

import { YusuanError } from '../../core/errors.ts';
import type { Block, ExtractedDoc, Page, SourceFile } from '../../core/types.ts';
import { layoutPage } from '../pdf/layout.ts';
import { joinRowsSplitByPageBreak } from '../pdf/page-break.ts';
import { decodeHtml } from './decode.ts';
import { elements, INVISIBLE, parseHtml, styleSheetOf, textContent, type HElement } from './dom.ts';
import { readFlow } from './flow.ts';
import { readPositioned } from './positioned.ts';

export interface ExtractHtmlOptions {
  /** Read at most this many pages of a positioned (PDF-like) page (default: all). */
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
}

/** Positioned text must hold at least this share of the visible text for the PDF-like reading. */
const POSITIONED_SHARE = 0.5;
/** Fewer non-space characters than this on a page with images: image-only. */
const IMAGE_ONLY_MAX_CHARS = 20;

export function extractHtml(file: SourceFile, bytes: Uint8Array, opts: ExtractHtmlOptions = {}): Promise<ExtractedDoc> {
  try {
    return Promise.resolve(extractHtmlSync(file, bytes, opts));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export function extractHtmlSync(file: SourceFile, bytes: Uint8Array, opts: ExtractHtmlOptions = {}): ExtractedDoc {
  if (opts.maxPages !== undefined && !(Number.isInteger(opts.maxPages) && opts.maxPages > 0)) {
    throw new Error(`extractHtml: maxPages must be a positive integer, got ${String(opts.maxPages)}`);
  }
  if (opts.signal?.aborted) throw new YusuanError('E_TIMEOUT', 'HTML extraction aborted', { hint: 'raise --timeout, or read the document alone' });
  const decoded = decodeHtml(bytes, file.name);
  const root = parseHtml(decoded.text);
  const sheet = styleSheetOf(root);
  const warnings: string[] = [...decoded.warnings];
  const meta: Record<string, string> = { encoding: decoded.encoding, encodingFrom: decoded.from };
  const title = firstText(root, 'title');
  if (title) meta['title'] = title;

  const positioned = readPositioned(root, sheet);
  if (positioned.pages.length > 0 && positioned.placedChars >= POSITIONED_SHARE * positioned.totalChars) {
    meta['layout'] = 'positioned';
    const all = positioned.pages;
    const n = Math.min(all.length, opts.maxPages ?? Infinity);
    if (n < all.length) warnings.push(`only the first ${n} of ${all.length} pages were read (maxPages)`);
    meta['pages'] = String(all.length);
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) {
      if (opts.signal?.aborted) throw new YusuanError('E_TIMEOUT', 'HTML extraction aborted', { hint: 'raise --timeout, or read the document alone' });
      const p = all[i]!;
      const number = i + 1;
      const chars = p.runs.reduce((s, r) => s + r.text.replace(/\s/g, '').length, 0);
      if (chars < IMAGE_ONLY_MAX_CHARS && p.images > 0) {
        pages.push({ number, method: 'text', blocks: [], warnings: ['image-only page'] });
        continue;
      }
      const { blocks, warnings: layoutWarnings } = layoutPage(p.runs, { h: p.h, v: p.v }, p.width, p.height, number);
      const pageWarnings = [...(chars === 0 ? ['blank page'] : []), ...layoutWarnings];
      pages.push({ number, method: 'text', blocks, ...(pageWarnings.length ? { warnings: pageWarnings } : {}) });
    }
    const left = positioned.totalChars - positioned.placedChars;
    if (left > 0) meta['unplacedChars'] = String(left);
    return { file, pages: joinRowsSplitByPageBreak(pages), warnings, meta };
  }

  meta['layout'] = 'flow';
  const body = firstElement(root, 'body') ?? root;
  const main = mainContent(body);
  const lead: string[] = [];
  if (main !== body) {
    meta['content'] = describe(main);
    // The page's own heading often stands outside the article element.
    const h1 = firstElement(body, 'h1');
    if (h1 && !contains(main, h1)) {
      const t = textContent(h1).replace(/\s+/g, ' ').trim();
      if (t) lead.push(t);
    }
  }
  const blocks: Block[] = readFlow(main, sheet, null, lead);
  if (blocks.length === 0) warnings.push('no text found in the HTML');
  return { file, pages: [{ number: null, method: 'text', blocks }], warnings, meta };
}

function firstElement(root: HElement, tag: string): HElement | undefined {
  for (const el of elements(root)) if (el.tag === tag) return el;
  return undefined;
}

function firstText(root: HElement, tag: string): string {
  const el = firstElement(root, tag);
  if (!el) return '';
  return el.children
    .filter((c): c is string => typeof c === 'string')
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function contains(outer: HElement, inner: HElement): boolean {
  for (let e: HElement | null = inner; e; e = e.parent) if (e === outer) return true;
  return false;
}

function describe(el: HElement): string {
  const id = el.attrs['id'] ? `#${el.attrs['id']}` : '';
  const cls = el.attrs['class'] ? '.' + el.attrs['class'].trim().split(/\s+/).join('.') : '';
  return `${el.tag}${id}${cls}`;
}

/** id/class words of the element CMSs put an article's text in. */
const CONTENT_RE = /(?:^|[\s_-])(?:zoom|content|contents|article|artibody|trs_editor|main-?text|detail|text|txt|con|news_?content|ccontent|zw|wzzw|view|conTxt|pages?_content|xxgk_?content|article_?con)(?:$|[\s_-])/i;

/**
 * The element holding the article: the innermost element named like a content container that
 * still holds at least 40% of the page's visible text. The page itself when none does.
 */
function mainContent(body: HElement): HElement {
  const len = new Map<HElement, number>();
  const measure = (el: HElement): number => {
    let n = 0;
    for (const c of el.children) {
      if (typeof c === 'string') n += c.replace(/\s+/g, '').length;
      else if (!INVISIBLE.has(c.tag)) n += measure(c);
    }
    len.set(el, n);
    return n;
  };
  const total = measure(body);
  if (total === 0) return body;
  let best: HElement = body;
  let bestLen = total;
  for (const el of elements(body)) {
    if (el === body) continue;
    const name = `${el.attrs['id'] ?? ''} ${el.attrs['class'] ?? ''}`;
    if (!CONTENT_RE.test(name)) continue;
    const n = len.get(el) ?? 0;
    if (n >= 0.4 * total && n < bestLen) {
      best = el;
      bestLen = n;
    }
  }
  return best;
}
