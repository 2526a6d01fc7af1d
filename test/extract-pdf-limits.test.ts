// Issue 17: bounded work per PDF. Compression bombs are found in the bytes before pdf.js sees
// them; a page whose operator list passes the limit is stopped as pdf.js hands it over, typed,
// within seconds; pdf.js's failures are typed by where they were raised.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { SourceFile } from '../src/core/types.ts';
import { pdfStream, writePdf } from '../scripts/lib/write-pdf.ts';
import { findCompressionBomb, MAX_INFLATED_STREAM_BYTES } from '../src/extract/pdf/inflate-check.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { MAX_PAGE_OPERATIONS, MAX_SAVE_DEPTH } from '../src/extract/pdf/budget.ts';
import { largestImage } from '../src/pipeline/limits.ts';
import { pdfjsClass } from '../src/extract/pdf/errors.ts';
import { raisedInPdfJs } from '../src/extract/pdf/damage.ts';
import { classifyError } from '../src/pipeline/classify-error.ts';
import { pdfjs } from '../src/extract/pdf/load.ts';

const fileOf = (bytes: Uint8Array): SourceFile => ({ path: 'test/x.pdf', name: 'x.pdf', sha256: createHash('sha256').update(bytes).digest('hex'), kind: 'pdf', bytes: bytes.length });

/** One page whose content stream is `content`, flate-encoded; `extra` dictionary entries on the stream. */
function onePage(content: Buffer, extra = ''): Buffer {
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
    pdfStream(`/Filter /FlateDecode ${extra}`, deflateSync(content)),
  ]);
}

describe('work limits', () => {
  it('finds a stream that inflates past the limit, and lets a font program be larger', () => {
    const big = Buffer.alloc(MAX_INFLATED_STREAM_BYTES + 1024, 0x20);
    expect(findCompressionBomb(onePage(big))).toMatchObject({ stage: 1, limit: MAX_INFLATED_STREAM_BYTES });
    expect(findCompressionBomb(onePage(big, '/Length1 9000000'))).toBeNull();
    expect(findCompressionBomb(onePage(Buffer.from('BT ET', 'latin1')))).toBeNull();
  });

  it('skips inflating only streams too short to reach the limit: deflate packs at most 1032 to 1', () => {
    // the densest input there is (one byte repeated), at zlib's strongest level, stays above
    // the bound that lets the check skip short streams
    for (const n of [1 << 20, MAX_INFLATED_STREAM_BYTES + 1024]) {
      const packed = deflateSync(Buffer.alloc(n, 0x20), { level: 9 });
      expect(packed.length * 1032).toBeGreaterThanOrEqual(n);
    }
    // and a bomb just over the limit, packed as tight as zlib can, is still found
    const tight = writePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
      pdfStream('/Filter /FlateDecode', deflateSync(Buffer.alloc(MAX_INFLATED_STREAM_BYTES + 1, 0), { level: 9 })),
    ]);
    expect(findCompressionBomb(tight)).toMatchObject({ stage: 1 });
  });

  it('stops a page of too many drawing operations as they arrive, typed E_TOO_LARGE', async () => {
    // pdf.js folds a path and its painting into one operation: one per repetition
    const ops = Buffer.from('0 0 m 9 9 l S\n'.repeat(MAX_PAGE_OPERATIONS + 50_000), 'latin1');
    const bytes = new Uint8Array(onePage(ops));
    const t0 = performance.now();
    const err = (await extractPdf(fileOf(bytes), bytes).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('E_TOO_LARGE');
    expect(err.message).toMatch(/page 1 holds more than 300000 drawing operations/);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  it('stops a page of unbalanced saves before pdf.js spends their square in time, typed E_TOO_LARGE', async () => {
    // 20,000 saves took pdf.js some 15 s on one page (its state stack costs the depth per save)
    const bytes = new Uint8Array(onePage(Buffer.from('q '.repeat(20_000) + '\nBT ET\n', 'latin1')));
    const t0 = performance.now();
    const err = (await extractPdf(fileOf(bytes), bytes).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('E_TOO_LARGE');
    expect(err.message).toMatch(new RegExp(`page 1 holds graphics states saved more than ${MAX_SAVE_DEPTH} deep`));
    expect(performance.now() - t0).toBeLessThan(10_000);
    // saves balanced by restores go as deep as a clean page does, however many there are
    const balanced = new Uint8Array(onePage(Buffer.from('q q 1 0 0 1 0 0 cm Q Q\n'.repeat(20_000), 'latin1')));
    await expect(extractPdf(fileOf(balanced), balanced)).resolves.toMatchObject({ pages: [expect.anything()] });
  }, 60_000);

  it('sizes an image by the larger of its own and its mask’s dimensions, as pdf.js decodes it', () => {
    const pdf = (w: number, h: number): Uint8Array =>
      new Uint8Array(writePdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Count 0 /Kids [] >>',
        pdfStream(`/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /BitsPerComponent 8 /ColorSpace /DeviceRGB /SMask 4 0 R`, Buffer.alloc(16)),
        pdfStream('/Type /XObject /Subtype /Image /Width 600 /Height 2000 /BitsPerComponent 8 /ColorSpace /DeviceGray', Buffer.alloc(16)),
      ]));
    // declared a million wide and one high over a mask 2000 high: pdf.js draws 1e6 × 2000
    expect(largestImage(pdf(1_000_000, 1))).toEqual({ width: 1_000_000, height: 2000 });
    expect(largestImage(pdf(300, 400))).toEqual({ width: 600, height: 2000 });
  });
});

describe('errors typed by where they were raised', () => {
  it('knows pdf.js’s exceptions by class, and where they were raised by their stack', () => {
    expect(pdfjsClass(new pdfjs.InvalidPDFException('x'))).toBe('InvalidPDFException');
    expect(pdfjsClass(new Error('InvalidPDFException'))).toBeNull();
    expect(raisedInPdfJs(new Error('ours'))).toBe(false);
  });

  it('a PDF whose structure pdf.js cannot get past is E_PDF_CORRUPT from the open stage, whatever the wording', async () => {
    const bytes = new Uint8Array(Buffer.from('%PDF-1.7\n' + 'x'.repeat(3000) + '\n%%EOF\n', 'latin1'));
    const err = await extractPdf(fileOf(bytes), bytes).catch((e: unknown) => e);
    expect(classifyError(err, 'x.pdf')).toMatchObject({ code: 'E_PDF_CORRUPT', message: expect.stringMatching(/^x\.pdf: corrupt PDF: the PDF could not be opened \(InvalidPDFException/) });
  }, 30_000);
});
