// How pdf.js is loaded and talked to (src/extract/pdf/load.ts, port.ts, builtins.ts): the
// speed-ups there must not change what pdf.js gives, and must notice when a pdf.js upgrade
// takes away what they rely on.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { SourceFile } from '../src/core/types.ts';
import { pdfStream, writePdf } from '../scripts/lib/write-pdf.ts';
import { builtinsAreNative } from '../src/extract/pdf/builtins.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { pdfjs, skipFontInstall, withPdf } from '../src/extract/pdf/load.ts';
import { normalizedText } from '../src/extract/pdf/normalized.ts';
import { copyMessage } from '../src/extract/pdf/port.ts';
import { normalizeText } from '../src/normalize/text.ts';

const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../samples/pdf/${name}`, import.meta.url)));
const fileOf = (name: string, bytes: Uint8Array): SourceFile => ({
  path: `test/${name}`,
  name,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  kind: 'pdf',
  bytes: bytes.length,
});

/** One A4 page showing a `side`×`side` grey image over the whole page, and no text. */
function imagePage(side: number): Uint8Array {
  const objects: (string | Buffer)[] = [];
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push('<< /Type /Pages /Count 1 /Kids [3 0 R] >>');
  objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>');
  objects.push(pdfStream('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q', 'latin1')));
  objects.push(pdfStream(`/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(Buffer.alloc(side * side, 0x80))));
  return new Uint8Array(writePdf(objects));
}

describe('loading pdf.js', () => {
  it('leaves the native Array.prototype.push and JSON.stringify in place (pdf.js’s core-js replaces them)', async () => {
    const bytes = sample('fuzhou-p9.pdf');
    await extractPdf(fileOf('x.pdf', bytes), bytes);
    expect(builtinsAreNative()).toBe(true);
    // what core-js's push is for (a length that cannot change) is not something we rely on
    const a: number[] = [];
    a.push(1, 2);
    expect(a).toEqual([1, 2]);
  });

  it('can make the font loader a no-op (pdf.js internals it reaches into are still there)', async () => {
    await withPdf(sample('fuzhou-p9.pdf'), async (doc) => {
      expect(skipFontInstall(doc)).toBe(true);
    });
  });

  it('gives the same operator list and text as pdf.js on its own (its port, disableFontFace)', async () => {
    const bytes = sample('gbc-unit-budget-p8-10.pdf');
    const read = async (doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>) => {
      const out: unknown[] = [];
      for (let p = 1; p <= doc.numPages; p++) {
        const page = await doc.getPage(p);
        const [tc, ops] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
        // plain data on both sides (the reference's arguments went through structuredClone),
        // font ids without the document's number (`g_d3_f1`: each document counts on)
        out.push(JSON.parse(JSON.stringify({ items: tc.items, fnArray: ops.fnArray, argsArray: ops.argsArray }).replace(/\bg_d\d+_/g, 'g_d_')));
        page.cleanup();
      }
      return out;
    };
    const ours = await withPdf(bytes, read);
    const task = pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: new URL('../node_modules/pdfjs-dist/cmaps/', import.meta.url).pathname,
      cMapPacked: true,
      standardFontDataUrl: new URL('../node_modules/pdfjs-dist/standard_fonts/', import.meta.url).pathname,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    });
    try {
      const theirs = await read(await task.promise);
      expect(ours).toEqual(theirs);
    } finally {
      await task.destroy();
    }
  });

  it('leaves out an image over maxImagePixels (not decoded, not counted)', async () => {
    const bytes = imagePage(40);
    const whole = await extractPdf(fileOf('img.pdf', bytes), bytes);
    expect(whole.pages[0]!.warnings).toEqual(['image-only page']);
    const guarded = await extractPdf(fileOf('img.pdf', bytes), bytes, { maxImagePixels: 1000 });
    expect(guarded.pages[0]!.warnings).toEqual(['blank page']);
    await expect(extractPdf(fileOf('img.pdf', bytes), bytes, { maxImagePixels: 0 })).rejects.toThrow(/maxImagePixels/);
  });
});

describe('the same-thread port', () => {
  it('copies the arrays of an operator-list chunk and shares the arguments', () => {
    const args = [[1, 2], ['#000000']];
    const msg = { sourceName: 'w', targetName: 'm', stream: 1, streamId: 3, chunk: { fnArray: [12, 59], argsArray: args, lastChunk: false, length: 2 } };
    const copy = copyMessage(msg) as typeof msg;
    msg.chunk.fnArray.length = 0; // the worker empties its arrays once sent
    args.length = 0;
    expect(copy.chunk.fnArray).toEqual([12, 59]);
    expect(copy.chunk.argsArray).toHaveLength(2);
    expect(copy.chunk.lastChunk).toBe(false);
    expect(copy.streamId).toBe(3);
  });

  it('deep-copies every other message, transferring what it is told to', () => {
    const data = new Uint8Array([1, 2, 3]);
    const msg = { action: 'obj', data: { items: [{ str: '预算' }], data } };
    const copy = copyMessage(msg, [data.buffer]) as typeof msg;
    msg.data.items[0]!.str = 'changed';
    expect(copy.data.items[0]!.str).toBe('预算');
    expect(Array.from(copy.data.data)).toEqual([1, 2, 3]);
    expect(data.byteLength).toBe(0); // transferred, as through a real port
  });
});

describe('normalizedText', () => {
  it('is normalizeText, remembered', () => {
    for (const s of ['', '  合 计 ', '1,234.56', '（一）工资福利支出', 'a , b', '一般公共服务支出 (201)', '  合 计 ']) {
      expect(normalizedText(s)).toBe(normalizeText(s));
    }
  });
});
