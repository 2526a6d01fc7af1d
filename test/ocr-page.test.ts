// OCR end to end on one small scanned page (the top of page 9 of the gbc twin, made by
// scripts/make-scanned-twin.ts and cut): the text layer is empty, the trust check sends the
// page to OCR, and the page comes back as lines and a ruled grid with the amounts exact.
// Offline: the models come from node_modules. About two seconds of OCR.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceFile, TableGrid } from '../src/core/types.ts';
import { ocrFindings, ocrUntrustedPages, type OcrPage } from '../src/extract/ocr/index.ts';
import { LARGE_IMAGE_BYTES, OcrPool } from '../src/extract/ocr/pool.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';

const name = 'gbc-p9-top-scan.pdf';
const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/ocr/${name}`, import.meta.url)));
const file: SourceFile = { path: `test/fixtures/ocr/${name}`, name, sha256: 'f'.repeat(64), kind: 'pdf', bytes: bytes.length };
const pool = new OcrPool({ size: 2 });
afterAll(() => pool.close());

describe('a scanned page', () => {
  it('is read by OCR into lines and a ruled grid with exact amounts', async () => {
    const text = await extractPdf(file, bytes);
    expect(text.pages[0]!.warnings).toContain('image-only page');
    const doc = await ocrUntrustedPages(text, bytes, { pool });
    const page = doc.pages[0]! as OcrPage;
    expect(page.method).toBe('ocr');
    expect(page.warnings?.[0]).toBe('read by OCR: image-only page');
    expect(doc.warnings.join('\n')).toMatch(/page 1: read by OCR/);
    const lines = page.blocks.filter((b) => b.kind === 'line').map((b) => (b.kind === 'line' ? b.text : ''));
    expect(lines.join('\n')).toMatch(/预算单位收入预算总表/);
    const grid = page.blocks.find((b): b is TableGrid => b.kind === 'grid')!;
    expect(grid.quality.method).toBe('ruled');
    const rows = grid.rows.map((r) => r.cells.map((c) => c.text));
    expect(rows).toContainEqual(['204', '', '', '公共安全支出', '79,189,400.34', '79,189,400.34', '0.00', '0.00', '0.00']);
    expect(rows).toContainEqual(['204', '06', '', '司法', '79,189,400.34', '79,189,400.34', '0.00', '0.00', '0.00']);
    // Words keep their boxes (points) and confidences.
    expect(page.ocr!.words.length).toBeGreaterThan(20);
    expect(page.ocr!.words[0]!.bbox).toHaveLength(4);
    expect(ocrFindings(doc).map((f) => f.code)).toContain('ocr-page');
  }, 60_000);
});

describe('the OCR pool', () => {
  // a wasm heap only grows: an engine that read an image past twice an A4 page is replaced
  const pgm = (w: number, h: number) => {
    const head = new TextEncoder().encode(`P5\n${w} ${h}\n255\n`);
    const out = new Uint8Array(head.length + w * h).fill(255);
    out.set(head);
    return out;
  };
  it('replaces an engine after a very large image, and keeps it after a page-sized one', async () => {
    const one = new OcrPool({ size: 1 });
    try {
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      expect(one.stats.workersStarted).toBe(1);
      const side = Math.ceil(Math.sqrt(LARGE_IMAGE_BYTES)) + 16;
      await one.recognize({ pgm: pgm(side, side), dpi: 300 });
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      expect(one.stats.workersStarted).toBe(2);
    } finally {
      await one.close();
    }
  }, 120_000);

  it('ends an engine left idle, and starts one again for the next page', async () => {
    const one = new OcrPool({ size: 1, idleRetireMs: 300 });
    try {
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      expect(one.stats).toMatchObject({ workersStarted: 1, idleRetired: 0 });
      await new Promise((r) => setTimeout(r, 900));
      expect(one.stats.idleRetired).toBe(1);
      await one.recognize({ pgm: pgm(200, 100), dpi: 300 });
      expect(one.stats).toMatchObject({ workersStarted: 2, idleRetired: 1 });
    } finally {
      await one.close();
    }
  }, 120_000);
});
