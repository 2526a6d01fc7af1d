// Damage that knows HTML: unclosed and deeply nested elements, absurd spans and positions,
// a charset that lies, tag soup.
import type { Mutator } from './types.ts';
import { encodeGb18030 } from './encodings.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Insert `chunk` at a random tag boundary (after a `>`), or at the end. */
function insertAtTag(src: Buffer, chunk: Buffer, at01: number): Buffer {
  const from = Math.floor(at01 * src.length);
  const gt = src.indexOf(0x3e, from);
  const at = gt < 0 ? src.length : gt + 1;
  return Buffer.concat([src.subarray(0, at), chunk, src.subarray(at)]);
}

export const deepNest: Mutator = {
  name: 'html-nesting',
  kinds: ['html'],
  apply(src, rng) {
    const depth = rng.size(100, 300_000);
    const tag = rng.pick(['div', 'table', 'span', 'td', 'font', 'b']);
    const closed = rng.chance(0.5);
    const chunk = utf8(`<${tag}>`.repeat(depth) + (closed ? `</${tag}>`.repeat(depth) : ''));
    return { bytes: insertAtTag(src, chunk, rng.next()), detail: `${depth} nested <${tag}>${closed ? '' : ' left open'}` };
  },
};

export const spans: Mutator = {
  name: 'html-spans',
  kinds: ['html'],
  apply(src, rng) {
    const text = src.toString('utf8');
    const value = (): string => rng.pick(['99999999', '2147483648', '-1', '0', '1e9', '65535', 'NaN']);
    let n = 0;
    let out = text.replace(/\b(colspan|rowspan)\s*=\s*["']?\d+["']?/gi, (m, k: string) => (rng.chance(0.3) ? (n++, `${k}="${value()}"`) : m));
    if (n === 0) {
      out = text.replace(/<td\b/gi, (m) => (rng.chance(0.05) ? (n++, `<td ${rng.pick(['colspan', 'rowspan'])}="${value()}"`) : m));
    }
    if (n === 0) return null;
    return { bytes: utf8(out), detail: `${n} cells with absurd spans` };
  },
};

export const positions: Mutator = {
  name: 'html-positions',
  kinds: ['html'],
  apply(src, rng) {
    const text = src.toString('utf8');
    let n = 0;
    const out = text.replace(/\b(left|top|width|height|font-size)\s*:\s*-?[\d.]+(px|pt)?/g, (m, k: string) => (rng.chance(0.1) ? (n++, `${k}:${rng.pick(['1e308', '-1e308', '99999999', 'NaN', '0', '-0.0001'])}px`) : m));
    if (n === 0) return null;
    return { bytes: utf8(out), detail: `${n} positions made absurd` };
  },
};

export const charset: Mutator = {
  name: 'html-charset',
  kinds: ['html'],
  apply(src, rng) {
    const text = src.toString('utf8');
    const claim = rng.pick(['gb2312', 'gbk', 'utf-8', 'big5', 'shift_jis', 'utf-16', 'x-nonsense']);
    const meta = `<meta charset="${claim}">`;
    const labelled = /<meta[^>]*charset[^>]*>/i.test(text) ? text.replace(/<meta[^>]*charset[^>]*>/i, meta) : meta + text;
    const recode = rng.pick(['none', 'gb18030', 'utf-16le', 'latin1-as-utf8'] as const);
    const bytes =
      recode === 'gb18030' ? encodeGb18030(labelled)
      : recode === 'utf-16le' ? Buffer.from(labelled, 'utf16le')
      : recode === 'latin1-as-utf8' ? utf8(Buffer.from(labelled, 'utf8').toString('latin1'))
      : utf8(labelled);
    return { bytes, detail: `charset said ${claim}, bytes ${recode === 'none' ? 'UTF-8' : recode}` };
  },
};

export const tagSoup: Mutator = {
  name: 'html-soup',
  kinds: ['html'],
  apply(src, rng) {
    const bits = ['<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<div style="position:absolute;left:10px;top:10px">', '</div>', '<script>', '<style>', '<!--', '<![CDATA[', '&#xFFFFFFFF;', '&#0;', '&nbsp', '<br/>', '<td colspan=3>', '\u0000', '合计', '12,345.67'];
    let out = src;
    const n = rng.size(1, 2000);
    for (let i = 0; i < n; i++) out = insertAtTag(out, utf8(rng.pick(bits)), rng.next());
    return { bytes: out, detail: `${n} fragments of tag soup inserted` };
  },
};

export const HTML_MUTATORS: readonly Mutator[] = [deepNest, spans, positions, charset, tagSoup];
