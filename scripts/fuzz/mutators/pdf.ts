// Damage that knows PDF: the cross-reference table, object streams, fonts, CMaps, content
// streams, declared sizes, nesting and compression bombs. Most change one or two objects and
// write them back as an incremental update (pdf-objects.ts), so the rest of the file stays
// valid and the damage is what pdf.js meets.
import { deflateSync } from 'node:zlib';
import type { Rng } from '../rng.ts';
import { appendUpdate, canUpdate, dictEntries, pageObjects, refsOf, scanObjects, streamBody, streamData, type PdfObject } from '../pdf-objects.ts';
import type { Mutator } from './types.ts';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A stream object's body with new (unencoded) data, flate-encoded again. */
function restream(obj: PdfObject, data: Buffer): Buffer {
  return streamBody(`${dictEntries(obj.dict, ['Length', 'Filter', 'DecodeParms'])} /Filter /FlateDecode`, deflateSync(data));
}

/** Damage a buffer in place-ish: flip, cut or zero some of it. */
function damage(data: Buffer, rng: Rng): { data: Buffer; how: string } {
  const out = Buffer.from(data);
  switch (rng.int(0, 2)) {
    case 0: {
      const n = rng.size(1, 64);
      for (let i = 0; i < n; i++) if (out.length) out[rng.int(0, out.length - 1)]! ^= rng.int(1, 255);
      return { data: out, how: `${n} bytes flipped` };
    }
    case 1: {
      const at = rng.int(0, out.length);
      return { data: out.subarray(0, at), how: `cut at ${at} of ${out.length}` };
    }
    default: {
      const len = rng.size(1, Math.max(1, out.length));
      const at = rng.int(0, Math.max(0, out.length - len));
      out.fill(0, at, at + len);
      return { data: out, how: `${len} bytes zeroed` };
    }
  }
}

function objectsWhere(src: Buffer, test: (o: PdfObject) => boolean): { objs: Map<number, PdfObject>; hits: PdfObject[] } {
  const objs = scanObjects(src);
  return { objs, hits: [...objs.values()].filter(test) };
}

export const xref: Mutator = {
  name: 'xref',
  kinds: ['pdf'],
  apply(src, rng) {
    const text = src.toString('latin1');
    const out = Buffer.from(src);
    const variant = rng.int(0, 3);
    if (variant === 0) {
      const m = [...text.matchAll(/startxref\s+(\d+)/g)].pop();
      if (!m) return null;
      const at = m.index + m[0].length - m[1]!.length;
      const v = rng.pick([0, rng.int(0, src.length), 9_999_999_999, Number(m[1]) + rng.int(-50, 50)]);
      const bytes = Buffer.concat([src.subarray(0, at), latin1(String(Math.max(0, v))), src.subarray(at + m[1]!.length)]);
      return { bytes, detail: `startxref ${m[1]} → ${Math.max(0, v)}` };
    }
    const table = [...text.matchAll(/xref\s*\n/g)].filter((m) => !text.startsWith('start', m.index - 5)).pop();
    if (table && variant !== 3) {
      // entries of a classic table: 20 bytes each, `oooooooooo ggggg n`
      const entries = [...text.slice(table.index, table.index + 2_000_000).matchAll(/\d{10} \d{5} [nf]/g)].map((e) => table.index + e.index);
      if (!entries.length) return null;
      const n = rng.size(1, entries.length);
      for (let i = 0; i < n; i++) {
        const e = rng.pick(entries);
        const k = rng.int(0, 2);
        if (k === 0) out.write(String(rng.int(0, src.length * 2)).padStart(10, '0').slice(-10), e, 'latin1');
        else if (k === 1) out.write(rng.pick(['f', 'x', ' ']), e + 17, 'latin1');
        else out.write(String(rng.int(0, 99999)).padStart(5, '0'), e + 11, 'latin1');
      }
      return { bytes: out, detail: `${n} of ${entries.length} xref entries damaged` };
    }
    const { hits } = objectsWhere(src, (o) => /\/Type\s*\/XRef\b/.test(o.dict) && o.data !== undefined);
    const xs = hits.pop();
    if (!xs || !xs.span || !xs.data) {
      if (!table) return null;
      out.fill(0x20, table.index, Math.min(out.length, table.index + rng.size(8, 100_000)));
      return { bytes: out, detail: 'xref table blanked' };
    }
    if (rng.chance(0.5)) {
      for (let i = 0, n = rng.size(1, 32); i < n; i++) out[rng.int(xs.data.start, Math.max(xs.data.start, xs.data.end - 1))]! ^= rng.int(1, 255);
      return { bytes: out, detail: 'xref stream data flipped' };
    }
    // same length as before, so that the stream data stays where /Length says
    const dict = xs.dict.replace(/\/W\s*\[\s*\d\s+\d\s+\d\s*\]/, `/W [${rng.int(0, 9)} ${rng.int(0, 9)} ${rng.int(0, 9)}]`).replace(/\/Size\s+(\d+)/, (m, d: string) => `/Size ${String(rng.int(0, 10 ** d.length - 1))}`.slice(0, m.length).padEnd(m.length, ' '));
    if (dict.length !== xs.dict.length) return null;
    out.write(dict, xs.span.start + text.slice(xs.span.start).indexOf(xs.dict), 'latin1');
    return { bytes: out, detail: 'xref stream /W and /Size changed' };
  },
};

export const objstm: Mutator = {
  name: 'objstm',
  kinds: ['pdf'],
  apply(src, rng) {
    const { hits } = objectsWhere(src, (o) => /\/Type\s*\/ObjStm\b/.test(o.dict) && o.data !== undefined);
    if (!hits.length) return null;
    const st = rng.pick(hits);
    if (rng.chance(0.3) || !canUpdate(src)) {
      const out = Buffer.from(src);
      for (let i = 0, n = rng.size(1, 32); i < n; i++) out[rng.int(st.data!.start, st.data!.end - 1)]! ^= rng.int(1, 255);
      return { bytes: out, detail: `object stream ${st.num}: compressed data flipped` };
    }
    const data = streamData(src, st);
    if (!data) return null;
    const first = Number(/\/First\s+(\d+)/.exec(st.dict)?.[1] ?? 0);
    let dict = st.dict;
    let body = data;
    let how: string;
    switch (rng.int(0, 3)) {
      case 0: {
        const head = data.subarray(0, first).toString('latin1').replace(/\d+/g, (d) => (rng.chance(0.2) ? String(rng.int(0, 2 ** 31)) : d));
        body = Buffer.concat([latin1(head.padEnd(first, ' ').slice(0, first)), data.subarray(first)]);
        how = 'header numbers changed';
        break;
      }
      case 1:
        dict = dict.replace(/\/N\s+\d+/, `/N ${rng.pick([0, 2 ** 31 - 1, 1e9, 100000])}`);
        how = '/N changed';
        break;
      case 2:
        dict = dict.replace(/\/First\s+\d+/, `/First ${rng.pick([0, data.length + 10, 2 ** 31, first + rng.int(-20, 20)])}`);
        how = '/First changed';
        break;
      default: {
        const d = damage(data, rng);
        body = d.data;
        how = `decoded data: ${d.how}`;
      }
    }
    return { bytes: appendUpdate(src, [{ num: st.num, body: restream({ ...st, dict }, body) }]), detail: `object stream ${st.num}: ${how}` };
  },
};

const bombs = new Map<string, Buffer>();

/** Flate data that inflates to `size` bytes of `unit` repeated; twice-encoded data for large sizes. Kept per run. */
function bombData(unit: string, size: number): { data: Buffer; filter: string } {
  const key = `${unit}:${size}`;
  let data = bombs.get(key);
  if (!data) {
    const u = latin1(unit);
    const buf = Buffer.alloc(Math.floor(size / u.length) * u.length);
    for (let i = 0; i < buf.length; i += u.length) u.copy(buf, i);
    data = deflateSync(deflateSync(buf, { level: 9 }), { level: 9 });
    bombs.set(key, data);
  }
  return { data, filter: '[/FlateDecode /FlateDecode]' };
}

/** A page of a file an incremental update can be appended to, picked at random, and the next free object number. */
function pageToUpdate(src: Buffer, rng: Rng): { objs: ReturnType<typeof scanObjects>; page: ReturnType<typeof pageObjects>[number]; num: number } | null {
  if (!canUpdate(src)) return null;
  const objs = scanObjects(src);
  const pages = pageObjects(objs);
  if (!pages.length) return null;
  return { objs, page: rng.pick(pages), num: Math.max(...objs.keys()) + 1 };
}

export const flateBomb: Mutator = {
  name: 'flate-bomb',
  kinds: ['pdf'],
  apply(src, rng) {
    const target = pageToUpdate(src, rng);
    if (!target) return null;
    const { page, num } = target;
    const [unit, what] = rng.pick([
      ['\0\0\0\0\0\0\0\0', 'zero bytes'],
      ['0 0 m 9 9 l S\n', 'path operators'],
      ['BT /F1 9 Tf 1 0 0 1 72 700 Tm (0123) Tj ET\n', 'text operators'],
      ['q 1 0 0 1 1 1 cm ', 'unbalanced saves'],
    ] as const);
    const size = rng.pick([8, 32, 128, 256]) * 1024 * 1024;
    const { data, filter } = bombData(unit, size);
    const stream = streamBody(`/Filter ${filter}`, data);
    const pageDict = page.dict.replace(/\/Contents\s*(?:\[[^\]]*\]|\d+\s+\d+\s+R)/, `/Contents ${num} 0 R`);
    const withContents = pageDict.includes(`/Contents ${num} 0 R`) ? pageDict : pageDict.replace(/>>\s*$/, ` /Contents ${num} 0 R >>`);
    return { bytes: appendUpdate(src, [{ num: page.num, body: latin1(withContents) }, { num, body: stream }]), detail: `page object ${page.num}: contents ${size >> 20} MB of ${what} in ${data.length} bytes` };
  },
};

export const pageCount: Mutator = {
  name: 'page-count',
  kinds: ['pdf'],
  apply(src, rng) {
    if (!canUpdate(src)) return null;
    const { hits } = objectsWhere(src, (o) => /\/Type\s*\/Pages\b/.test(o.dict) && /\/Count\s+-?\d+/.test(o.dict));
    if (!hits.length) return null;
    const node = rng.chance(0.7) ? (hits.find((o) => !/\/Parent\b/.test(o.dict)) ?? hits[0]!) : rng.pick(hits);
    const count = rng.pick([2 ** 31 - 1, 1e9, 99_999, 5_000, 0, -1, 2 ** 53]);
    const dict = node.dict.replace(/\/Count\s+-?\d+/, `/Count ${count}`);
    return { bytes: appendUpdate(src, [{ num: node.num, body: latin1(dict) }]), detail: `pages node ${node.num}: /Count ${count}` };
  },
};

export const imageSize: Mutator = {
  name: 'image-size',
  kinds: ['pdf'],
  apply(src, rng) {
    if (!canUpdate(src)) return null;
    const { hits } = objectsWhere(src, (o) => /\/Subtype\s*\/Image\b/.test(o.dict) && o.data !== undefined);
    if (!hits.length) return null;
    const img = rng.pick(hits);
    const w = rng.pick([65_535, 100_000, 1_000_000, 2 ** 31 - 1, 0, -5]);
    const h = rng.pick([65_535, 9_999, 100_000, 1]);
    const dict = img.dict.replace(/\/Width\s+\d+/, `/Width ${w}`).replace(/\/Height\s+\d+/, `/Height ${h}`);
    const body = Buffer.concat([latin1(`${dict}stream\n`), src.subarray(img.data!.start, img.data!.end), latin1('\nendstream')]);
    return { bytes: appendUpdate(src, [{ num: img.num, body }]), detail: `image ${img.num}: ${w}×${h} declared` };
  },
};

export const nesting: Mutator = {
  name: 'nesting',
  kinds: ['pdf'],
  apply(src, rng) {
    const target = pageToUpdate(src, rng);
    if (!target) return null;
    const { objs, page, num } = target;
    const depth = rng.size(100, 200_000);
    const at = (dict: string, extra: string): string => dict.replace(/>>\s*$/, ` ${extra} >>`);
    switch (rng.int(0, 4)) {
      case 0:
        return { bytes: appendUpdate(src, [{ num: page.num, body: latin1(at(page.dict, `/FzDeep ${'['.repeat(depth)}${']'.repeat(depth)}`)) }]), detail: `page ${page.num}: arrays nested ${depth} deep` };
      case 1:
        return { bytes: appendUpdate(src, [{ num: page.num, body: latin1(at(page.dict, `/FzDeep ${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)}`)) }]), detail: `page ${page.num}: dictionaries nested ${depth} deep` };
      case 2: {
        const content = rng.pick([`${'['.repeat(depth)}${']'.repeat(depth)} pop\n`, `${'q '.repeat(depth)}\n`, `${'BT '.repeat(depth)}\n`, `<< ${'/A << '.repeat(depth)}`]);
        const dict = page.dict.replace(/\/Contents\s*(?:\[[^\]]*\]|\d+\s+\d+\s+R)/, `/Contents ${num} 0 R`);
        return { bytes: appendUpdate(src, [{ num: page.num, body: latin1(dict) }, { num, body: streamBody('', latin1(content)) }]), detail: `page ${page.num}: content stream of ${content.slice(0, 4).trim()}… nested ${depth} deep` };
      }
      case 3: {
        // a form XObject that paints itself: recursion through the resources
        const form = streamBody(`/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /Fz ${num} 0 R >> >>`, latin1('/Fz Do\n'));
        const dict = page.dict.replace(/\/Contents\s*(?:\[[^\]]*\]|\d+\s+\d+\s+R)/, `/Contents ${num + 1} 0 R`).replace(/\/Resources\s*(?:<<(?:[^<>]|<<[^<>]*>>)*>>|\d+\s+\d+\s+R)/, `/Resources << /XObject << /Fz ${num} 0 R >> >>`);
        return { bytes: appendUpdate(src, [{ num: page.num, body: latin1(dict) }, { num, body: form }, { num: num + 1, body: streamBody('', latin1('/Fz Do\n')) }]), detail: `page ${page.num}: a form XObject that paints itself` };
      }
      default: {
        // a pages node that is its own kid
        const parent = refsOf(page.dict, 'Parent')[0];
        const node = parent === undefined ? undefined : objs.get(parent);
        if (!node) return null;
        const dict = node.dict.replace(/\/Kids\s*\[/, `/Kids [${node.num} 0 R `);
        return { bytes: appendUpdate(src, [{ num: node.num, body: latin1(dict) }]), detail: `pages node ${node.num}: its own kid` };
      }
    }
  },
};

/** Streams holding font programs. */
const isFontFile = (o: PdfObject): boolean => o.data !== undefined && (/\/Length[123]\b/.test(o.dict) || /\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType)\b/.test(o.dict));

export const font: Mutator = {
  name: 'font',
  kinds: ['pdf'],
  apply(src, rng) {
    if (!canUpdate(src)) return null;
    const objs = scanObjects(src);
    const files = [...objs.values()].filter(isFontFile);
    const dicts = [...objs.values()].filter((o) => /\/Type\s*\/Font\b/.test(o.dict));
    if (files.length && rng.chance(0.7)) {
      const f = rng.pick(files);
      const data = streamData(src, f);
      if (!data) return null;
      const d = damage(data, rng);
      return { bytes: appendUpdate(src, [{ num: f.num, body: restream(f, d.data) }]), detail: `font program ${f.num}: ${d.how}` };
    }
    if (!dicts.length) return null;
    const f = rng.pick(dicts);
    const change = rng.pick([
      (s: string) => s.replace(/\/Subtype\s*\/\w+/, `/Subtype /${rng.pick(['Type0', 'TrueType', 'Type3', 'Type1', 'CIDFontType2', 'Nonsense'])}`),
      (s: string) => s.replace(/\/FirstChar\s+\d+/, `/FirstChar ${rng.pick([2 ** 31, -1, 65535])}`),
      (s: string) => s.replace(/\/Encoding\s*(?:\/[\w-]+|\d+\s+\d+\s+R)/, `/Encoding /${rng.pick(['Identity-H', 'GBK-EUC-H', 'UniGB-UCS2-H', 'NoSuchCMap', 'Identity-V'])}`),
      (s: string) => s.replace(/\/Widths\s*\[[^\]]*\]/, `/Widths [${'1e308 '.repeat(rng.size(1, 5000))}]`),
      (s: string) => s.replace(/\/(?:DescendantFonts|FontDescriptor|ToUnicode)\s*(?:\[[^\]]*\]|\d+\s+\d+\s+R)/, `/DescendantFonts [${f.num} 0 R]`),
    ]);
    const dict = change(f.dict);
    if (dict === f.dict) return null;
    return { bytes: appendUpdate(src, [{ num: f.num, body: latin1(dict) }]), detail: `font dictionary ${f.num} changed` };
  },
};

export const cmap: Mutator = {
  name: 'cmap',
  kinds: ['pdf'],
  apply(src, rng) {
    if (!canUpdate(src)) return null;
    const objs = scanObjects(src);
    const maps: Array<{ obj: PdfObject; text: string }> = [];
    for (const o of objs.values()) {
      if (!o.data || o.data.end - o.data.start > 2_000_000 || /\/Subtype|\/Type\s*\/(?:XRef|ObjStm)/.test(o.dict)) continue;
      const d = streamData(src, o);
      if (d && d.includes('begincmap')) maps.push({ obj: o, text: d.toString('latin1') });
    }
    if (!maps.length) return null;
    const { obj, text } = rng.pick(maps);
    let t: string;
    let how: string;
    switch (rng.int(0, 4)) {
      case 0:
        t = text.replace(/<([0-9A-Fa-f]+)>/g, (m, h: string) => (rng.chance(0.3) ? `<${Array.from(h, () => '0123456789ABCDEF'[rng.int(0, 15)]).join('')}>` : m));
        how = 'codes garbled';
        break;
      case 1:
        t = text.replace(/begincmap/, `begincmap\n${rng.size(1, 2000)} beginbfrange\n${'<0000> <FFFF> <4E00>\n'.repeat(rng.size(1, 2000))}endbfrange\n`);
        how = 'whole-range mappings added';
        break;
      case 2:
        t = text.slice(0, rng.int(0, text.length));
        how = 'cut short';
        break;
      case 3:
        t = text.replace(/(\d+)\s+begin(bf|cid)(char|range)/g, () => `${rng.pick([0, 100000, 2 ** 31])} begin${rng.pick(['bf', 'cid'])}${rng.pick(['char', 'range'])}`);
        how = 'section counts and kinds changed';
        break;
      default:
        t = text.replace(/beginbfrange/, `beginbfrange\n<0000> <FFFF> ${'['.repeat(rng.size(10, 100000))}`);
        how = 'nested arrays in a range';
    }
    return { bytes: appendUpdate(src, [{ num: obj.num, body: restream(obj, latin1(t)) }]), detail: `CMap ${obj.num}: ${how}` };
  },
};

export const content: Mutator = {
  name: 'content',
  kinds: ['pdf'],
  apply(src, rng) {
    if (!canUpdate(src)) return null;
    const objs = scanObjects(src);
    const streams = pageObjects(objs).flatMap((p) => refsOf(p.dict, 'Contents')).map((n) => objs.get(n)).filter((o): o is PdfObject => o?.data !== undefined);
    if (!streams.length) return null;
    const st = rng.pick(streams);
    const data = streamData(src, st);
    if (!data) return null;
    const lines = data.toString('latin1').split('\n');
    const junk = ['1e308 1e308 m', 'BT', 'ET', 'Q', 'q', '(unterminated', '<4E2D', '/F999 12 Tf', '[1 2 3', 'BI /W 99999 /H 99999 /BPC 8 /CS /G ID \0\0 EI', '0 0 0 0 0 0 cm', 'Tj Tj Tj', '-1 Tz', '%'];
    const n = rng.size(1, Math.max(1, lines.length));
    for (let i = 0; i < n; i++) {
      const k = rng.int(0, lines.length - 1);
      switch (rng.int(0, 2)) {
        case 0:
          lines.splice(k, 1);
          break;
        case 1:
          lines.splice(k, 0, rng.pick(junk));
          break;
        default:
          lines[k] = lines[k]!.replace(/-?\d+(?:\.\d+)?/, () => rng.pick(['1e308', '-1e308', 'NaN', '99999999999', '0']));
      }
    }
    return { bytes: appendUpdate(src, [{ num: st.num, body: restream(st, latin1(lines.join('\n'))) }]), detail: `content stream ${st.num}: ${n} lines changed` };
  },
};

export const PDF_MUTATORS: readonly Mutator[] = [xref, objstm, flateBomb, pageCount, imageSize, nesting, font, cmap, content];
