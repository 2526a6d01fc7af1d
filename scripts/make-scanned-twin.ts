// Make the "scanned twin" of a text PDF: every page rendered to a grayscale picture at a scan's
// resolution, turned by a slight angle, given sensor noise, saved as JPEG and rebuilt into an
// image-only PDF. The twin holds the same figures as the original, so the original's gold
// file scores the OCR path.
//
//   npx tsx scripts/make-scanned-twin.ts IN.pdf… [--out samples/scanned] [--dpi 300] [--gold samples/gold]
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

export function makeTwin(input: string, outDir: string, dpi: number, maxSkew: number): string {
  const name = path.basename(input);
  const work = mkdtempSync(path.join(tmpdir(), 'twin-'));
  try {
    run('/usr/bin/pdftoppm', ['-r', String(dpi), '-gray', input, path.join(work, 'p')]);
    const pages = readdirSync(work)
      .filter((f) => f.endsWith('.pgm'))
      .sort();
    const jpgs: string[] = [];
    for (const f of pages) {
      const angle = (unit(`${name}#${f}`) * maxSkew).toFixed(2);
      const src = path.join(work, f);
      const dst = src.replace(/\.pgm$/, '.jpg');
      // Rotate on white, crop back to the page, a little blur (optics) and Gaussian noise
      // (sensor), then JPEG as most scanners save it.
      const size = execFileSync('/usr/bin/identify', ['-format', '%wx%h', src]).toString().trim();
      run('/usr/bin/convert', [
        src,
        '-background', 'white',
        '-rotate', angle,
        '-gravity', 'center',
        '-crop', `${size}+0+0`,
        '+repage',
        '-blur', '0x0.6',
        '-attenuate', '0.35',
        '+noise', 'Gaussian',
        '-colorspace', 'Gray',
        '-units', 'PixelsPerInch',
        '-density', String(dpi),
        '-quality', '70',
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
    },
  });
  if (positionals.length === 0) {
    console.error('usage: npx tsx scripts/make-scanned-twin.ts IN.pdf… [--out DIR] [--dpi 300] [--gold GOLD_DIR] [--max-skew DEG]');
    process.exit(2);
  }
  ensureTools();
  const dpi = Number(values.dpi);
  for (const input of positionals) {
    const t0 = Date.now();
    const out = makeTwin(input, values.out, dpi, Number(values['max-skew']));
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
