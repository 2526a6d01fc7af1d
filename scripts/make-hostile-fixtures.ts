// Writes the hostile-input fixtures under test/fixtures/hostile/ with their MANIFEST.tsv:
// small files that each break a batch in their own way and must each fail with their own
// error code while the rest of the batch goes on (test/hostile.test.ts).
//   node --import tsx scripts/make-hostile-fixtures.ts
// Needs qpdf (encryption, object streams); --static-id/--static-aes-iv keep its output the
// same from run to run, except the two AES-256 files, whose key salts are random: their new
// sha256 goes into the manifest with them. Symlink loops, unreadable files and named pipes
// cannot live in git: the test makes those in a temporary folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { pdfStream, writePdf } from './lib/write-pdf.ts';

const root = new URL('../', import.meta.url).pathname;
const out = join(root, 'test/fixtures/hostile');
const base = join(root, 'samples/pdf/gbc-unit-budget-p8-10.pdf');
const work = mkdtempSync(join(tmpdir(), 'yusuan-hostile-'));

/** A deterministic byte stream (xorshift32): "random" bytes that are the same every time. */
function pseudoRandom(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

function qpdf(args: string[]): void {
  execFileSync('qpdf', ['--static-id', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** `n` blank A4 pages sharing one empty content stream, packed into object streams by qpdf. */
function manyPages(n: number): Buffer {
  const first = 4;
  const kids = Array.from({ length: n }, (_, i) => `${first + i} 0 R`).join(' ');
  const objects: Array<string | Buffer> = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Count ${n} /Kids [${kids}] >>`, pdfStream('', Buffer.alloc(0))];
  for (let i = 0; i < n; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>');
  const raw = join(work, 'pages-raw.pdf');
  const packed = join(work, 'pages.pdf');
  writeFileSync(raw, writePdf(objects));
  qpdf(['--object-streams=generate', '--compress-streams=y', raw, packed]);
  return readFileSync(packed);
}

/**
 * One page showing a 1-bit image of `side`×`side` pixels. The all-white data is flate-encoded
 * twice (a filter array pdf.js follows), so gigapixels fit in a few hundred bytes.
 */
function imageBomb(side: number): Buffer {
  const raw = Buffer.alloc((Math.ceil(side / 8) * side), 0xff);
  const data = deflateSync(deflateSync(raw, { level: 9 }), { level: 9 });
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>',
    pdfStream('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q', 'latin1')),
    pdfStream(`/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter [/FlateDecode /FlateDecode]`, data),
  ]);
}

/** A 1×1 PNG, valid to the byte. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8-bit gray
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0xff]))), chunk('IEND', Buffer.alloc(0))]);
}

interface Fixture {
  readonly file: string;
  /** The outcome the batch must give: an error code, or `stored`. */
  readonly expect: string;
  readonly exercises: string;
  readonly made: string;
  readonly bytes: () => Buffer;
}

const gbc = readFileSync(base);
const fixtures: Fixture[] = [
  { file: 'empty.pdf', expect: 'E_EMPTY', exercises: 'a zero-byte download', made: 'empty', bytes: () => Buffer.alloc(0) },
  {
    file: 'truncated.pdf',
    expect: 'E_PDF_CORRUPT',
    exercises: 'a download cut short: no xref, no %%EOF',
    made: 'first 40% of samples/pdf/gbc-unit-budget-p8-10.pdf',
    bytes: () => gbc.subarray(0, Math.floor(gbc.length * 0.4)),
  },
  {
    file: 'corrupt.pdf',
    expect: 'E_PDF_CORRUPT',
    exercises: 'a PDF header over garbage',
    made: '%PDF-1.7 + 4 KiB of xorshift bytes (seed 7) + %%EOF',
    bytes: () => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), pseudoRandom(4096, 7), Buffer.from('\n%%EOF\n', 'latin1')]),
  },
  {
    file: 'encrypted-user-password.pdf',
    expect: 'E_PDF_ENCRYPTED',
    exercises: 'AES-256 with a user password: cannot be opened',
    made: 'qpdf --static-id --static-aes-iv --encrypt secret owner 256 on gbc-unit-budget-p8-10.pdf',
    bytes: () => {
      qpdf(['--static-aes-iv', '--encrypt', 'secret', 'owner', '256', '--', base, join(work, 'enc-user.pdf')]);
      return readFileSync(join(work, 'enc-user.pdf'));
    },
  },
  {
    file: 'encrypted-owner-only.pdf',
    expect: 'stored',
    exercises: 'AES-256 with only an owner password: opens without one and must be read like its plain twin',
    made: 'qpdf --static-id --static-aes-iv --encrypt "" owner 256 on gbc-unit-budget-p8-10.pdf',
    bytes: () => {
      qpdf(['--static-aes-iv', '--encrypt', '', 'owner', '256', '--', base, join(work, 'enc-owner.pdf')]);
      return readFileSync(join(work, 'enc-owner.pdf'));
    },
  },
  { file: 'png-named.pdf', expect: 'E_NOT_PDF', exercises: 'an image saved under a .pdf name', made: 'a valid 1×1 gray PNG', bytes: tinyPng },
  {
    file: 'html-named.pdf',
    expect: 'E_NOT_PDF',
    exercises: "a site's error page saved under a .pdf name",
    made: 'a small HTML 404 page',
    bytes: () => Buffer.from('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head><body><h1>404</h1><p>您访问的页面不存在。</p></body></html>\n', 'utf8'),
  },
  { file: 'random-bytes.pdf', expect: 'E_NOT_PDF', exercises: 'random bytes under a .pdf name', made: '4 KiB of xorshift bytes (seed 42)', bytes: () => pseudoRandom(4096, 42) },
  { file: 'random-bytes.txt', expect: 'E_NOT_TEXT', exercises: 'random bytes under a .txt name', made: '4 KiB of xorshift bytes (seed 43)', bytes: () => pseudoRandom(4096, 43) },
  {
    file: 'pages-5000.pdf',
    expect: 'E_TOO_LARGE',
    exercises: 'a PDF of thousands of pages: refused before reading by the page limit (default 2000)',
    made: '5000 blank pages, object streams by qpdf',
    bytes: () => manyPages(5000),
  },
  {
    file: 'image-bomb.pdf',
    expect: 'E_TOO_LARGE',
    exercises: 'a page bomb: one 30000×30000 image (900 million pixels) in a few hundred bytes, refused by the pixel limit',
    made: '1-bit all-white image, flate-encoded twice',
    bytes: () => imageBomb(30000),
  },
];

try {
  mkdirSync(out, { recursive: true });
  const rows = ['file\tsha256\texpect\texercises\tmade'];
  for (const f of fixtures) {
    const bytes = f.bytes();
    writeFileSync(join(out, f.file), bytes);
    rows.push([f.file, createHash('sha256').update(bytes).digest('hex'), f.expect, f.exercises, f.made].join('\t'));
    process.stdout.write(`${f.file.padEnd(30)} ${String(bytes.length).padStart(8)} bytes  expect ${f.expect}\n`);
  }
  writeFileSync(join(out, 'MANIFEST.tsv'), rows.join('\n') + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
