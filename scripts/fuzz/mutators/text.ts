// Damage that knows text dumps: the wrong encoding (or two in one file), NULs, a line or a
// row without end, pages by the hundred thousand.
import type { Mutator } from './types.ts';
import { encodeGb18030 } from './encodings.ts';

/** The dump's text whatever it was saved as (the sources are UTF-8, UTF-16 or GB18030). */
function textOf(src: Buffer): string {
  if (src[0] === 0xff && src[1] === 0xfe) return src.subarray(2).toString('utf16le');
  if (src[0] === 0xfe && src[1] === 0xff) return Buffer.from(src.subarray(2)).swap16().toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(src).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(src);
  }
}

const ENCODINGS = ['utf-16le', 'utf-16be', 'utf-16le-bom', 'utf-16be-bom', 'gb18030', 'gb18030-with-utf8-bom', 'utf8-bom-then-utf16', 'latin1-double', 'half-gb-half-utf8', 'utf-32le'] as const;

function encode(text: string, how: (typeof ENCODINGS)[number]): Buffer {
  const le = (t: string): Buffer => Buffer.from(t, 'utf16le');
  const be = (t: string): Buffer => le(t).swap16();
  switch (how) {
    case 'utf-16le':
      return le(text);
    case 'utf-16be':
      return be(text);
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]);
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]);
    case 'gb18030':
      return encodeGb18030(text);
    case 'gb18030-with-utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encodeGb18030(text)]);
    case 'utf8-bom-then-utf16':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), le(text)]);
    case 'latin1-double':
      return Buffer.from(Buffer.from(text, 'utf8').toString('latin1'), 'utf8');
    case 'half-gb-half-utf8': {
      const mid = Math.floor(text.length / 2);
      return Buffer.concat([encodeGb18030(text.slice(0, mid)), Buffer.from(text.slice(mid), 'utf8')]);
    }
    case 'utf-32le': {
      const cps = [...text].map((c) => c.codePointAt(0)!);
      const b = Buffer.alloc(cps.length * 4);
      cps.forEach((c, i) => b.writeUInt32LE(c, i * 4));
      return b;
    }
  }
}

export const encoding: Mutator = {
  name: 'text-encoding',
  kinds: ['text'],
  apply(src, rng) {
    const how = rng.pick(ENCODINGS);
    return { bytes: encode(textOf(src), how), detail: `saved as ${how}` };
  },
};

export const structure: Mutator = {
  name: 'text-structure',
  kinds: ['text'],
  apply(src, rng) {
    const text = textOf(src);
    const at = rng.int(0, text.length);
    const n = rng.size(10, 500_000);
    const [what, chunk] = rng.pick([
      ['NULs', '\0'.repeat(Math.min(n, 1000))],
      ['form feeds', '\f'.repeat(n)],
      ['tabs in one row', `合计${'\t1,234.56'.repeat(n)}\n`],
      ['one line without end', '一'.repeat(n * 10)],
      ['rows of a table', '201\t一般公共服务支出\t1,234.56\t1,000.00\n'.repeat(n)],
      ['section markers', '一、\n（一）\n1.\n'.repeat(n)],
      ['lone surrogates and private use', '\ud800\ue000\ufffd'.repeat(n)],
    ] as const);
    return { bytes: Buffer.from(text.slice(0, at) + chunk + text.slice(at), 'utf8'), detail: `${n} ${what} at character ${at}` };
  },
};

export const TEXT_MUTATORS: readonly Mutator[] = [encoding, structure];
