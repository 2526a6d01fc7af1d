// Text items built from the operator list (op-text.ts) are the items pdf.js's getTextContent
// gives for the same page: same strings, same grouping, same positions. Checked on every page
// of the bundled PDFs against pdf.js itself, and on hand-made operator lists for what those
// pages may not hold (annotations, forms, a TJ gap wide enough to split an item).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfjs, withPdf } from '../src/extract/pdf/load.ts';
import { textFromOperatorList, type OpFont } from '../src/extract/pdf/op-text.ts';

const PDF_TIMEOUT = 120_000;
const O = pdfjs.OPS;
const pdfs = ['samples/pdf', 'samples/real'].flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.pdf') && !f.includes('encrypted'))
    .map((f) => join(d, f)),
);

interface Item {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

const visible = (items: readonly unknown[]): Item[] => (items as Item[]).filter((i) => typeof i.str === 'string' && i.str.trim() !== '');
// the operator list keeps text matrices as 32-bit floats: positions agree to ~1e-5 of a point
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-4 + 1e-6 * Math.abs(b);

describe('text items from the operator list', () => {
  it.each(pdfs)(
    '%s: every page gives the items getTextContent gives',
    async (file) => {
      const { pages, items, differing } = await withPdf(readFileSync(file), async (doc) => {
        let items = 0;
        const differing: string[] = [];
        for (let p = 1; p <= doc.numPages; p++) {
          const page = await doc.getPage(p);
          const [ops, tc] = await Promise.all([page.getOperatorList(), page.getTextContent()]);
          const fonts = page.commonObjs as unknown as { has(id: string): boolean; get(id: string): unknown };
          const mine = visible(textFromOperatorList(ops, (id) => (fonts.has(id) ? (fonts.get(id) as OpFont) : null), page.view));
          const theirs = visible(tc.items);
          items += theirs.length;
          if (mine.length !== theirs.length) differing.push(`page ${p}: ${mine.length} items, pdf.js ${theirs.length}`);
          else {
            mine.forEach((m, i) => {
              const t = theirs[i]!;
              const same = m.str === t.str && close(m.width, t.width) && close(m.height, t.height) && m.transform.every((v, k) => close(v, t.transform[k]!));
              if (!same) differing.push(`page ${p} item ${i}: ${JSON.stringify(m)} vs pdf.js ${JSON.stringify(t)}`);
            });
          }
          page.cleanup();
        }
        return { pages: doc.numPages, items, differing };
      });
      expect(pages).toBeGreaterThan(0);
      expect(items).toBeGreaterThan(pages * 10);
      expect(differing.slice(0, 5)).toEqual([]);
    },
    PDF_TIMEOUT,
  );
});

describe('text items from a hand-made operator list', () => {
  const font: OpFont = { name: 'F1', vertical: false, fontMatrix: [0.001, 0, 0, 0.001, 0, 0] };
  const fontOf = (id: string): OpFont | null => (id === 'F1' ? font : null);
  const glyphs = (s: string): { unicode: string; width: number; originalCharCode: number }[] =>
    [...s].map((ch) => ({ unicode: ch, width: 1000, originalCharCode: ch.codePointAt(0)! }));
  const read = (ops: [number, unknown[] | null][]): Item[] =>
    visible(textFromOperatorList({ fnArray: ops.map((o) => o[0]), argsArray: ops.map((o) => o[1]) }, fontOf, [0, 0, 600, 800]));
  const line = (x: number, y: number, text: unknown[]): [number, unknown[] | null][] => [
    [O.beginText, null],
    [O.setFont, ['F1', 10]],
    [O.setTextMatrix, [new Float32Array([1, 0, 0, 1, x, y])]],
    [O.showText, [text]],
    [O.endText, null],
  ];

  it('keeps a line of glyphs as one item, at the position the text matrix gives', () => {
    const items = read(line(306.12, 500, glyphs('合计')));
    expect(items).toHaveLength(1);
    expect(items[0]!.str).toBe('合计');
    // the operator list holds 306.12 as a 32-bit float; the number written is recovered
    expect(items[0]!.transform).toEqual([10, 0, 0, 10, 306.12, 500]);
    expect(items[0]!.width).toBeCloseTo(20, 9);
  });

  it('splits an item where a TJ adjustment leaves a gap wider than a space', () => {
    const items = read(line(100, 500, [...glyphs('项目'), -3000, ...glyphs('123')]));
    expect(items.map((i) => i.str)).toEqual(['项目', '123']);
    expect(items[1]!.transform[4]).toBeCloseTo(100 + 20 + 30, 9);
  });

  it('puts a space inside an item for a gap of a word space', () => {
    const items = read(line(100, 500, [...glyphs('ab'), -300, ...glyphs('cd')]));
    expect(items.map((i) => i.str)).toEqual(['ab cd']);
  });

  it('leaves out the text of annotations, as getTextContent does', () => {
    const items = read([...line(100, 500, glyphs('正文')), [O.beginAnnotation, ['a1', [0, 0, 10, 10], [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 0, 0], false]], ...line(100, 400, glyphs('批注')), [O.endAnnotation, null]]);
    expect(items.map((i) => i.str)).toEqual(['正文']);
  });

  it('places the text of a form by its matrix and restores the page state after it', () => {
    const items = read([
      [O.paintFormXObjectBegin, [new Float32Array([1, 0, 0, 1, 50, 0]), null]],
      ...line(100, 500, glyphs('表内')),
      [O.paintFormXObjectEnd, null],
      ...line(100, 400, glyphs('表外')),
    ]);
    expect(items.map((i) => [i.str, i.transform[4]])).toEqual([
      ['表内', 150],
      ['表外', 100],
    ]);
  });

  it('takes the font of an ExtGState and ends the item there, as getTextContent does', () => {
    const items = read([
      [O.beginText, null],
      [O.setFont, ['F1', 10]],
      [O.setTextMatrix, [new Float32Array([1, 0, 0, 1, 100, 500])]],
      [O.showText, [glyphs('合')]],
      [O.setGState, [[['Font', ['F1', 20]], ['CA', 1]]]],
      [O.showText, [glyphs('计')]],
      [O.endText, null],
    ]);
    expect(items.map((i) => [i.str, i.transform[0], i.transform[4]])).toEqual([
      ['合', 10, 100],
      ['计', 20, 110],
    ]);
  });

  it('leaves out glyphs outside the page and text shown before any font', () => {
    const items = read([[O.beginText, null], [O.showText, [glyphs('无字体')]], [O.endText, null], ...line(700, 500, glyphs('页外')), ...line(10, 10, glyphs('页内'))]);
    expect(items.map((i) => i.str)).toEqual(['页内']);
  });
});
