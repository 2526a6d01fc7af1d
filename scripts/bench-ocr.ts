// OCR throughput and accuracy: yusuan's OCR (tesseract.js workers, one per core) against
// Debian's `tesseract` command run as as many processes, on the same page images in the same
// run. Reports pages per minute, CPU seconds per page, peak memory, and the share of the
// original's amounts read exactly by each, per document and in all. The page images are taken
// from the PDFs once, the way the pipeline takes them (a scanned page's own image, else
// rendered), kept on disk, and that time is reported apart: both engines then read the same
// pictures, each loading them from disk.
//
//   npx tsx scripts/bench-ocr.ts [SCANNED.pdf…] [--pages 1-12] [--workers 2] [--misses]
//   (--pages: only these pages of each; --misses: list the amounts each engine did not read
//   exactly, by page)
//
// Defaults: every scanned twin in samples/scanned (made first with scripts/make-scanned-twin.ts
// from the PDFs in samples/real that have gold files, when there are none), each against its
// original of the same name in samples/real. Installs tesseract-ocr and
// tesseract-ocr-chi-sim with apt-get when missing (as root), else names them.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { parsePages } from './lib/pages.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pages: { type: 'string' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
    misses: { type: 'boolean', default: false },
  },
});
const twins = (): string[] =>
  existsSync('samples/scanned') ? readdirSync('samples/scanned').filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join('samples/scanned', f)) : [];
if (positionals.length === 0 && twins().length === 0) {
  // A fresh clone has no twins (they are not committed): make them from the gold PDFs.
  const gold = readdirSync('samples/real').filter((f) => f.endsWith('.pdf') && existsSync(path.join('samples/gold', f.replace(/\.pdf$/u, '.json'))));
  console.error(`bench-ocr: making the scanned twins of ${gold.length} gold PDF(s) (scripts/make-scanned-twin.ts)…`);
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-scanned-twin.ts', ...gold.map((f) => path.join('samples/real', f)), '--gold', 'samples/gold'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
const scannedFiles = positionals.length ? positionals : twins();
if (scannedFiles.length === 0) {
  console.error('bench-ocr: no scanned PDFs (scripts/make-scanned-twin.ts made none)');
  process.exit(2);
}
const originalOf = (scanned: string): string | null => {
  const o = path.join('samples/real', path.basename(scanned));
  return existsSync(o) && path.resolve(o) !== path.resolve(scanned) ? o : null;
};
const workers = Number(values.workers);

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

/** Resident memory of a process and all its descendants (bytes). */
function rssOfTree(pid: number): number {
  let rss = 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) rss += Number(m[1]) * 1024;
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u)) if (child) rss += rssOfTree(Number(child));
  } catch {
    // the process has ended
  }
  return rss;
}

function readPgm(file: string): GrayImage {
  const b = readFileSync(file);
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(b.subarray(0, 40).toString('latin1'));
  if (!m) throw new Error(`${file}: not a P5 PGM`);
  return { width: Number(m[1]), height: Number(m[2]), data: new Uint8Array(b.buffer, b.byteOffset + m[0].length, Number(m[1]) * Number(m[2])) };
}

async function main(): Promise<void> {
  ensureTesseract();
  const only = values.pages ? new Set(parsePages(values.pages)) : null;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ocr-'));
  try {
    // 1. The page images, taken once at the scan's resolution, written to disk.
    interface Img { doc: string; n: number; dpi: number; file: string }
    const images: Img[] = [];
    const want = new Map<string, string[]>();
    const key = (doc: string, n: number): string => `${doc}#${n}`;
    const tRender = performance.now();
    for (const [d, scanned] of scannedFiles.entries()) {
      const doc = path.basename(scanned);
      await withRenderablePdf(new Uint8Array(readFileSync(scanned)), async (pdf) => {
        for (let n = 1; n <= pdf.numPages; n++) {
          if (only && !only.has(n)) continue;
          const page = await pdf.getPage(n);
          const vp = page.getViewport({ scale: 1 });
          const ops = await page.getOperatorList();
          const { dpi } = ocrDpi(placedImages(ops, vp.transform as number[]), vp.width, vp.height);
          const scan = await embeddedScan(page, ops, vp.transform as number[], vp.width, vp.height);
          const image = scan && Math.abs(scan.dpi - dpi) <= 2 ? scan.image : await renderGray(pdf, page, dpi);
          const file = path.join(dir, `d${d}-p${n}.pgm`);
          writeFileSync(file, encodePgm(image));
          images.push({ doc, n, dpi, file });
          page.cleanup();
        }
      });
      const original = originalOf(scanned);
      if (original) {
        const ob = new Uint8Array(readFileSync(original));
        const file: SourceFile = { path: original, name: path.basename(original), sha256: '', kind: 'pdf', bytes: ob.length };
        const od = await extractPdf(file, ob);
        for (const p of od.pages) if (p.number !== null) want.set(key(doc, p.number), amounts(pageText(p)));
      }
    }
    const renderMs = (performance.now() - tRender) / images.length;

    // 2. yusuan: the whole page stage (despeckle, straighten, rules, cells, OCR, layout, repair),
    // then the corrections over each whole document, as the pipeline makes them.
    const pool = new OcrPool({ size: workers });
    // Start the engines first (models loaded), as the pipeline's pool is by its second page.
    const blank = encodePgm({ width: 64, height: 64, data: new Uint8Array(64 * 64).fill(255) });
    await Promise.all(Array.from({ length: workers }, () => pool.recognize({ pgm: blank, dpi: 300 })));
    await Promise.all(Array.from({ length: workers }, () => pool.recognize({ pgm: blank, dpi: 300, lang: 'eng' })));
    const cpu0 = process.cpuUsage();
    const stopMem = peakOf(() => process.memoryUsage().rss);
    const t0 = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    const read = new Map<string, OcrPage[]>();
    for (const im of images) {
      while (inFlight.size > workers) await Promise.race(inFlight);
      const job = ocrPageImage({ number: im.n, image: readPgm(im.file), dpi: im.dpi }, pool)
        .then(repairOcrPage)
        .then((p) => read.set(im.doc, [...(read.get(im.doc) ?? []), p]));
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    const ours = new Map<string, string[]>();
    for (const [doc, pages] of read) {
      const file: SourceFile = { path: doc, name: doc, sha256: '', kind: 'pdf', bytes: 0 };
      const corrected = correctOcrDocument({ file, pages: pages.sort((a, b) => (a.number ?? 0) - (b.number ?? 0)), warnings: [], meta: {} });
      for (const p of corrected.pages) ours.set(key(doc, p.number ?? 0), amounts(readText(p)));
    }
    const oursMs = performance.now() - t0;
    const oursCpu = process.cpuUsage(cpu0);
    const oursPeak = stopMem();
    await pool.close();

    // 3. Debian's tesseract, as many processes as workers, one thread each.
    const native = new Map<string, string[]>();
    let nativeCpu = 0;
    const live = new Set<number>();
    const stopNative = peakOf(() => [...live].reduce((a, pid) => a + rssOfTree(pid), 0));
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
          native.set(key(cur.doc, cur.n), amounts(parseTsv(tsv).map((w) => w.text).join(' ')));
        }
      }),
    );
    const nativeMs = performance.now() - t1;
    const nativePeak = stopNative();

    // 4. Report.
    const n = images.length;
    const ppm = (ms: number): string => ((n / ms) * 60_000).toFixed(1);
    const acc = (got: Map<string, string[]>, doc?: string): string => {
      let hit = 0;
      let all = 0;
      for (const im of images) {
        if (doc && im.doc !== doc) continue;
        const r = recall(want.get(key(im.doc, im.n)) ?? [], got.get(key(im.doc, im.n)) ?? []);
        hit += r.hit;
        all += r.n;
      }
      return all ? `${((hit / all) * 100).toFixed(1)}% of ${all} amounts exact` : want.size ? 'no amounts on these pages' : 'n/a (no original)';
    };
    if (values.misses) {
      for (const [name, got] of [['yusuan', ours], ['native', native]] as const) {
        for (const im of images) {
          const bag = [...(got.get(key(im.doc, im.n)) ?? [])];
          const miss = (want.get(key(im.doc, im.n)) ?? []).filter((a) => {
            const i = bag.indexOf(a);
            if (i >= 0) bag.splice(i, 1);
            return i < 0;
          });
          if (miss.length) console.log(`${name} ${im.doc} p${im.n} missed ${miss.join(' ')}; unmatched read ${bag.join(' ')}`);
        }
      }
    }
    const mb = (b: number): string => `${Math.round(b / 2 ** 20)} MB`;
    const docs = [...new Set(images.map((i) => i.doc))];
    console.log(`pages: ${n} of ${docs.length} scanned document(s) at ${[...new Set(images.map((i) => i.dpi))].join('/')} dpi; ${workers} workers/processes on ${os.availableParallelism()} cores`);
    const cpuPer = (s: number): string => `${(s / n).toFixed(2)} CPU s/page`;
    console.log(`page images from the PDFs (once, shared; the pipeline's way): ${Math.round(renderMs)} ms/page`);
    console.log(`yusuan OCR (tesseract.js ${workers} workers): ${ppm(oursMs)} pages/min, ${cpuPer((oursCpu.user + oursCpu.system) / 1e6)}, peak RSS ${mb(oursPeak)}, ${acc(ours)}`);
    console.log(`Debian tesseract (${workers} processes, chi_sim+eng, PSM 3): ${ppm(nativeMs)} pages/min, ${cpuPer(nativeCpu)}, peak RSS ${mb(nativePeak)} (all processes), ${acc(native)}`);
    console.log(`ratio yusuan/native: ${(nativeMs / oursMs).toFixed(2)}× pages/min, ${(nativeCpu / ((oursCpu.user + oursCpu.system) / 1e6)).toFixed(2)}× less CPU per page`);
    for (const doc of docs) console.log(`  ${doc}: yusuan ${acc(ours, doc)}; native ${acc(native, doc)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
