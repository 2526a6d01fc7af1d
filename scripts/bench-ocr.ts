// OCR throughput and accuracy: yusuan's OCR (tesseract.js workers, one per core) against
// Debian's `tesseract` command run as as many processes, on the same page images in the same
// run. Reports pages per minute, CPU seconds per page, peak memory, and the share of the
// original's amounts read exactly by each. The page images are taken from the PDF once, the
// way the pipeline takes them (a scanned page's own image, else rendered), and that time is
// reported apart: both engines then read the same pictures.
//
//   npx tsx scripts/bench-ocr.ts [SCANNED.pdf] [--original TEXT.pdf] [--pages 1-12] [--workers 2] [--misses]
//   (--misses: list the amounts each engine did not read exactly, by page)
//
// Defaults: the scanned twin samples/scanned/gbc__unit_budget.pdf against its original in
// samples/real. Installs tesseract-ocr and tesseract-ocr-chi-sim with apt-get when missing
// (as root), else names them.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page, SourceFile } from '../src/core/types.ts';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { encodePgm, type GrayImage } from '../src/extract/ocr/image.ts';
import { ocrPageImage, type OcrPage } from '../src/extract/ocr/page.ts';
import { correctOcrDocument } from '../src/extract/ocr/correct.ts';
import { OcrPool } from '../src/extract/ocr/pool.ts';
import { repairOcrPage } from '../src/extract/ocr/repair.ts';
import { embeddedScan, ocrDpi, placedImages, renderGray, withRenderablePdf } from '../src/extract/ocr/render.ts';
import { pageText } from '../src/extract/ocr/trust.ts';
import { parseTsv } from '../src/extract/ocr/words.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    original: { type: 'string' },
    pages: { type: 'string', default: '1-12' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
    misses: { type: 'boolean', default: false },
  },
});
const scanned = positionals[0] ?? 'samples/scanned/gbc__unit_budget.pdf';
const original = values.original ?? (existsSync(path.join('samples/real', path.basename(scanned))) ? path.join('samples/real', path.basename(scanned)) : null);
const workers = Number(values.workers);

function parsePages(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let p = a; p <= (b ?? a); p++) out.push(p);
  }
  return out;
}

function ensureTesseract(): void {
  const ok = (): boolean => {
    try {
      return execFileSync('tesseract', ['--list-langs'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().includes('chi_sim');
    } catch {
      return false;
    }
  };
  if (ok()) return;
  if (process.getuid?.() !== 0) {
    console.error('Debian tesseract missing: run  sudo apt-get install -y tesseract-ocr tesseract-ocr-chi-sim');
    process.exit(2);
  }
  console.error('installing tesseract-ocr tesseract-ocr-chi-sim …');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'tesseract-ocr', 'tesseract-ocr-chi-sim'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Amounts as printed (`1,234.56`, `0.00`): what must come out exact. */
function amounts(text: string): string[] {
  return text.match(/\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)/g) ?? [];
}

/** A page's text as the interpretation reads it: after repairs and corrections (pageText gives the raw reading). */
function readText(page: Page): string {
  return page.blocks.flatMap((b) => (b.kind === 'line' ? [b.text] : b.rows.flatMap((r) => r.cells.map((c) => c.text)))).join('\n');
}

/** Share of `want` found in `got` (as a multiset). */
function recall(want: readonly string[], got: readonly string[]): { hit: number; n: number } {
  const bag = new Map<string, number>();
  for (const g of got) bag.set(g, (bag.get(g) ?? 0) + 1);
  let hit = 0;
  for (const w of want) {
    const c = bag.get(w) ?? 0;
    if (c > 0) {
      hit++;
      bag.set(w, c - 1);
    }
  }
  return { hit, n: want.length };
}

/** Sample a memory figure every 100 ms; returns a stop function giving the peak. */
function peakOf(sample: () => number): () => number {
  let peak = sample();
  const t = setInterval(() => (peak = Math.max(peak, sample())), 100);
  return () => {
    clearInterval(t);
    return Math.max(peak, sample());
  };
}

function rssOfPid(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  ensureTesseract();
  const pages = parsePages(values.pages);
  const bytes = new Uint8Array(readFileSync(scanned));
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ocr-'));
  try {
    // 1. The page images, rendered once, at the scan's resolution.
    const images: { n: number; image: GrayImage; dpi: number; file: string }[] = [];
    const tRender = performance.now();
    await withRenderablePdf(bytes, async (doc) => {
      for (const n of pages.filter((p) => p <= doc.numPages)) {
        const page = await doc.getPage(n);
        const vp = page.getViewport({ scale: 1 });
        const ops = await page.getOperatorList();
        const { dpi } = ocrDpi(placedImages(ops, vp.transform as number[]), vp.width, vp.height);
        const scan = embeddedScan(page, ops, vp.transform as number[], vp.width, vp.height);
        const image = scan && Math.abs(scan.dpi - dpi) <= 2 ? scan.image : await renderGray(doc, page, dpi);
        const file = path.join(dir, `p${n}.pgm`);
        writeFileSync(file, encodePgm(image));
        images.push({ n, image, dpi, file });
        page.cleanup();
      }
    });
    const renderMs = (performance.now() - tRender) / images.length;
    let want = new Map<number, string[]>();
    if (original) {
      const ob = new Uint8Array(readFileSync(original));
      const file: SourceFile = { path: original, name: path.basename(original), sha256: '', kind: 'pdf', bytes: ob.length };
      const od = await extractPdf(file, ob);
      want = new Map(od.pages.map((p) => [p.number ?? 0, amounts(pageText(p))]));
    }

    // 2. yusuan: the whole page stage (despeckle, straighten, rules, cells, OCR, layout, repair).
    const pool = new OcrPool({ size: workers });
    // Start the engines first (models loaded), as the pipeline's pool is by its second page.
    const blank = encodePgm({ width: 64, height: 64, data: new Uint8Array(64 * 64).fill(255) });
    await Promise.all(Array.from({ length: workers }, () => pool.recognize({ pgm: blank, dpi: 300 })));
    await Promise.all(Array.from({ length: workers }, () => pool.recognize({ pgm: blank, dpi: 300, lang: 'eng' })));
    const cpu0 = process.cpuUsage();
    const stopMem = peakOf(() => process.memoryUsage().rss);
    const t0 = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    const read: OcrPage[] = [];
    for (const im of images) {
      while (inFlight.size > workers) await Promise.race(inFlight);
      const job = ocrPageImage({ number: im.n, image: im.image, dpi: im.dpi }, pool)
        .then(repairOcrPage)
        .then((p) => read.push(p));
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    // The corrections over the whole document, as the pipeline makes them once every page is read.
    const file: SourceFile = { path: scanned, name: path.basename(scanned), sha256: '', kind: 'pdf', bytes: bytes.length };
    const corrected = correctOcrDocument({ file, pages: read.sort((a, b) => (a.number ?? 0) - (b.number ?? 0)), warnings: [], meta: {} });
    const ours = new Map(corrected.pages.map((p) => [p.number ?? 0, amounts(readText(p))]));
    const oursMs = performance.now() - t0;
    const oursCpu = process.cpuUsage(cpu0);
    const oursPeak = stopMem();
    await pool.close();

    // 3. Debian's tesseract, as many processes as workers, one thread each.
    const native = new Map<number, string[]>();
    let nativePeak = 0;
    let nativeCpu = 0;
    const live = new Set<number>();
    const stopNative = peakOf(() => [...live].reduce((a, pid) => a + rssOfPid(pid), 0));
    const t1 = performance.now();
    const queue = [...images];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let im = queue.shift(); im; im = queue.shift()) {
          const cur = im;
          const tsv = await new Promise<string>((resolve, reject) => {
            // Through /usr/bin/time, for the process's CPU seconds (on stderr).
            const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', 'tesseract', cur.file, 'stdout', '-l', 'chi_sim+eng', '--psm', '3', '--dpi', String(cur.dpi), 'tsv'], {
              env: { ...process.env, OMP_THREAD_LIMIT: '1' },
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            if (child.pid) live.add(child.pid);
            let out = '';
            let err = '';
            child.stdout.on('data', (d: Buffer) => (out += d.toString()));
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('error', reject);
            child.on('close', () => {
              if (child.pid) live.delete(child.pid);
              const m = /cpu ([\d.]+) ([\d.]+)/.exec(err);
              if (m) nativeCpu += Number(m[1]) + Number(m[2]);
              resolve(out);
            });
          });
          // Lines of words, joined as the words stand (amounts are single words).
          native.set(cur.n, amounts(parseTsv(tsv).map((w) => w.text).join(' ')));
        }
      }),
    );
    const nativeMs = performance.now() - t1;
    nativePeak = stopNative();

    // 4. Report.
    const n = images.length;
    const ppm = (ms: number): string => ((n / ms) * 60_000).toFixed(1);
    const acc = (got: Map<number, string[]>): string => {
      if (!original) return 'n/a (no original)';
      let hit = 0;
      let all = 0;
      for (const im of images) {
        const r = recall(want.get(im.n) ?? [], got.get(im.n) ?? []);
        hit += r.hit;
        all += r.n;
      }
      return `${((hit / Math.max(1, all)) * 100).toFixed(1)}% of ${all} amounts exact`;
    };
    if (values.misses && original) {
      for (const [name, got] of [['yusuan', ours], ['native', native]] as const) {
        for (const im of images) {
          const bag = [...(got.get(im.n) ?? [])];
          const miss = (want.get(im.n) ?? []).filter((a) => {
            const i = bag.indexOf(a);
            if (i >= 0) bag.splice(i, 1);
            return i < 0;
          });
          if (miss.length) console.log(`${name} p${im.n} missed ${miss.join(' ')}; unmatched read ${bag.join(' ')}`);
        }
      }
    }
    const mb = (b: number): string => `${Math.round(b / 2 ** 20)} MB`;
    console.log(`pages: ${n} of ${path.basename(scanned)} at ${[...new Set(images.map((i) => i.dpi))].join('/')} dpi; ${workers} workers/processes on ${os.availableParallelism()} cores`);
    const cpuPer = (s: number): string => `${(s / n).toFixed(2)} CPU s/page`;
    console.log(`page images from the PDF (once, shared; the pipeline's way): ${Math.round(renderMs)} ms/page`);
    console.log(`yusuan OCR (tesseract.js ${workers} workers): ${ppm(oursMs)} pages/min, ${cpuPer((oursCpu.user + oursCpu.system) / 1e6)}, peak RSS ${mb(oursPeak)}, ${acc(ours)}`);
    console.log(`Debian tesseract (${workers} processes, chi_sim+eng, PSM 3): ${ppm(nativeMs)} pages/min, ${cpuPer(nativeCpu)}, peak RSS ${mb(nativePeak)}, ${acc(native)}`);
    console.log(`ratio yusuan/native: ${((nativeMs / oursMs) * 1).toFixed(2)}× pages/min, ${(nativeCpu / ((oursCpu.user + oursCpu.system) / 1e6)).toFixed(2)}× less CPU per page`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
