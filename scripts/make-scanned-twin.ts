// Make the "scanned twin" of a text PDF: every page rendered to a grayscale picture at a scan's
// resolution, turned by a slight angle, given sensor noise, saved as JPEG and rebuilt into an
// image-only PDF. The twin holds the same figures as the original, so the original's gold
// file scores the OCR path.
//
//   npx tsx scripts/make-scanned-twin.ts IN.pdf… [--out samples/scanned] [--dpi 300] [--gold samples/gold]
//        [--max-skew DEG]  the largest turn of a page, either way (default 0.8)
//        [--scanner]       as an office scanner makes them: landscape pages fed upright (turned
//                          90° one way or the other), the lid's dark border along an edge, a
//                          background brighter on one side than the other, a seal on the
//                          first and last pages, and the page thresholded to 1 bit
//        [--threshold]     only the 1-bit thresholding of --scanner
//
// With --gold, each twin's gold file is copied to OUT/gold/ (the twin keeps the original's
// file name, so the gold file's `file` matches as it is). Needs Debian's poppler-utils (pdftoppm), imagemagick (/usr/bin/convert: the
// `convert` first on PATH may be a stand-in) and img2pdf; installs them with apt-get when
// missing and run as root, else stops and names them.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const TOOLS: readonly { bin: string; pkg: string }[] = [
  { bin: '/usr/bin/pdftoppm', pkg: 'poppler-utils' },
  { bin: '/usr/bin/convert', pkg: 'imagemagick' },
  { bin: '/usr/bin/img2pdf', pkg: 'img2pdf' },
];

function ensureTools(): void {
  const missing = TOOLS.filter((t) => !existsSync(t.bin));
  if (missing.length === 0) return;
  const pkgs = missing.map((t) => t.pkg);
  if (process.getuid?.() !== 0) {
    console.error(`missing ${missing.map((t) => t.bin).join(', ')}: run  sudo apt-get install -y ${pkgs.join(' ')}`);
    process.exit(2);
  }
  console.error(`installing ${pkgs.join(' ')} …`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** A repeatable number in [-1, 1) from a string: the same file and page always get the same skew. */
function unit(seed: string): number {
  const h = createHash('sha256').update(seed).digest();
  return h.readUInt32BE(0) / 2 ** 31 - 1;
}

function run(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status}): ${r.stderr?.toString().trim()}`);
}

export interface TwinOptions {
  /** Office-scanner faults: upright feed, border, uneven background, a seal, 1 bit. */
  readonly scanner?: boolean;
  /** Threshold to 1 bit (also part of `scanner`). */
  readonly threshold?: boolean;
}

/**
 * ImageMagick arguments for the faults of an office scanner on one page (`seed` picks which
 * way and where, repeatably): a seal ring and its text in mid grey (a red seal scanned in
 * grey), a background darker towards one side, the lid's shadow along one edge.
 */
function scannerFaults(seed: string, w: number, h: number, first: boolean): { page: string[]; platen: string[] } {
  const args: string[] = [];
  const platen: string[] = [];
  if (first) {
    // A seal: a ring of grey ink, about 4 cm across, over the lower right of the text.
    const r = Math.round(w * 0.09);
    const cx = Math.round(w * (0.62 + 0.1 * unit(`${seed}#sx`)));
    const cy = Math.round(h * (0.55 + 0.1 * unit(`${seed}#sy`)));
    args.push('-fill', 'none', '-stroke', 'gray55', '-strokewidth', String(Math.max(3, Math.round(r / 14))), '-draw', `circle ${cx},${cy} ${cx + r},${cy}`);
    args.push('-fill', 'gray55', '-stroke', 'none', '-draw', `path 'M ${cx},${cy - r / 3} L ${cx + r / 5},${cy + r / 4} L ${cx - r / 4},${cy - r / 12} L ${cx + r / 4},${cy - r / 12} L ${cx - r / 5},${cy + r / 4} Z'`);
  }
  // After the page is turned on the platen, in the scanner's frame: a background darker
  // towards one side (a gradient multiplied in), and the lid's shadow, a dark band a few
  // millimetres wide along one edge.
  const dark = 78 + Math.round(8 * unit(`${seed}#bg`));
  platen.push('(', '-size', `${h}x${w}`, `gradient:white-gray${dark}`, '-rotate', unit(`${seed}#gd`) > 0 ? '90' : '-90', ')', '-compose', 'Multiply', '-composite');
  const band = Math.max(4, Math.round(w * (0.008 + 0.01 * Math.abs(unit(`${seed}#bw`)))));
  const edge = ['North', 'South', 'East', 'West'][Math.floor(Math.abs(unit(`${seed}#be`)) * 4) % 4]!;
  const size = edge === 'North' || edge === 'South' ? `${w}x${band}` : `${band}x${h}`;
  platen.push('(', '-size', size, 'xc:gray20', ')', '-gravity', edge, '-compose', 'Over', '-composite', '-gravity', 'center');
  return { page: args, platen };
}

export function makeTwin(input: string, outDir: string, dpi: number, maxSkew: number, opts: TwinOptions = {}): string {
  const name = path.basename(input);
  const work = mkdtempSync(path.join(tmpdir(), 'twin-'));
  try {
    run('/usr/bin/pdftoppm', ['-r', String(dpi), '-gray', input, path.join(work, 'p')]);
    const pages = readdirSync(work)
      .filter((f) => f.endsWith('.pgm'))
      .sort();
    const jpgs: string[] = [];
    const bilevel = opts.scanner || opts.threshold;
    for (const [k, f] of pages.entries()) {
      const angle = (unit(`${name}#${f}`) * maxSkew).toFixed(2);
      const src = path.join(work, f);
      const dst = src.replace(/\.pgm$/, bilevel ? '.png' : '.jpg');
      let [w, h] = execFileSync('/usr/bin/identify', ['-format', '%w %h', src]).toString().trim().split(' ').map(Number) as [number, number];
      // A sheet feeder takes a landscape page upright: its picture is portrait, the text
      // turned a quarter one way or the other.
      const turn = opts.scanner && w > h ? (unit(`${name}#${f}#turn`) > 0 ? '90' : '-90') : null;
      if (turn) [w, h] = [h, w];
      const faults = opts.scanner ? scannerFaults(`${name}#${f}`, w, h, k === 0 || k === pages.length - 1) : { page: [], platen: [] };
      // Rotate on white, crop back to the page, a little blur (optics) and Gaussian noise
      // (sensor), then JPEG as most scanners save it (or 1 bit, thresholded, as PNG).
      run('/usr/bin/convert', [
        src,
        ...(turn ? ['-rotate', turn] : []),
        ...faults.page,
        '-background', 'white',
        '-rotate', angle,
        '-gravity', 'center',
        '-crop', `${w}x${h}+0+0`,
        '+repage',
        ...faults.platen,
        '-blur', '0x0.6',
        '-attenuate', '0.35',
        '+noise', 'Gaussian',
        '-colorspace', 'Gray',
        // An office scanner's fixed threshold: the uneven background and the grey seal
        // survive it in part, as they do on real scans.
        ...(bilevel ? ['-threshold', '58%', '-type', 'bilevel'] : []),
        '-units', 'PixelsPerInch',
        '-density', String(dpi),
        ...(bilevel ? [] : ['-quality', '70']),
        dst,
      ]);
      jpgs.push(dst);
    }
    mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, name);
    run('/usr/bin/img2pdf', ['--output', out, ...jpgs]);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'samples/scanned' },
      dpi: { type: 'string', default: '300' },
      gold: { type: 'string' },
      'max-skew': { type: 'string', default: '0.8' },
      scanner: { type: 'boolean', default: false },
      threshold: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) {
    console.error('usage: npx tsx scripts/make-scanned-twin.ts IN.pdf… [--out DIR] [--dpi 300] [--gold GOLD_DIR] [--max-skew DEG] [--scanner] [--threshold]');
    process.exit(2);
  }
  ensureTools();
  const dpi = Number(values.dpi);
  for (const input of positionals) {
    const t0 = Date.now();
    const out = makeTwin(input, values.out, dpi, Number(values['max-skew']), { scanner: values.scanner, threshold: values.threshold });
    const name = path.basename(input);
    let note = '';
    if (values.gold) {
      const goldIn = path.join(values.gold, name.replace(/\.pdf$/i, '.json'));
      if (existsSync(goldIn)) {
        // The twin keeps the original's file name, so the gold file is an exact copy.
        const goldDir = path.join(values.out, 'gold');
        mkdirSync(goldDir, { recursive: true });
        copyFileSync(goldIn, path.join(goldDir, path.basename(goldIn)));
        note = ' + gold';
      } else note = ' (no gold file)';
    }
    console.log(`${out}${note}  ${Math.round((Date.now() - t0) / 1000)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('make-scanned-twin.ts')) main();
