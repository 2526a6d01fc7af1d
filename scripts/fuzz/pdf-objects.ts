// Just enough PDF structure for the mutators: where each object is in the file (plain, or
// inside an object stream), its dictionary text and stream data; and an incremental update
// that replaces objects by appending new versions and a cross-reference section, so that a
// mutation can change one object and leave the rest of the file valid.
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  readonly num: number;
  readonly gen: number;
  /** The text between `N G obj` and `stream`/`endobj` (latin1). */
  readonly dict: string;
  /** Byte range of the stream data, for a stream object in the file. */
  readonly data?: { readonly start: number; readonly end: number };
  /** Byte range of the whole `N G obj … endobj`, for an object in the file. */
  readonly span?: { readonly start: number; readonly end: number };
  /** The object stream holding it, for an object inside one. */
  readonly inStream?: number;
}

/** Every object of the file, the last definition of a number winning (as an update does). */
export function scanObjects(bytes: Buffer): Map<number, PdfObject> {
  const text = bytes.toString('latin1');
  const out = new Map<number, PdfObject>();
  const streams: PdfObject[] = [];
  // exec, not matchAll: the search resumes after each object, so stream data is never searched
  const OBJ = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = OBJ.exec(text); m; m = OBJ.exec(text)) {
    const start = m.index;
    const bodyStart = start + m[0].length;
    const endobj = text.indexOf('endobj', bodyStart);
    if (endobj < 0) break;
    const s = text.indexOf('stream', bodyStart);
    let obj: PdfObject;
    if (s >= 0 && s < endobj && !text.startsWith('endstream', s - 3)) {
      let dataStart = s + 'stream'.length;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      const dict = text.slice(bodyStart, s);
      const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
      let end = len ? dataStart + Number(len[1]) : -1;
      if (end < 0 || end > text.length || !text.slice(end, end + 12).includes('endstream')) end = text.indexOf('endstream', dataStart);
      const endobj2 = text.indexOf('endobj', Math.max(end, dataStart));
      if (end < 0 || endobj2 < 0) continue;
      obj = { num: Number(m[1]), gen: Number(m[2]), dict, data: { start: dataStart, end }, span: { start, end: endobj2 + 6 } };
      OBJ.lastIndex = endobj2;
      streams.push(obj);
    } else {
      obj = { num: Number(m[1]), gen: Number(m[2]), dict: text.slice(bodyStart, endobj), span: { start, end: endobj + 6 } };
      OBJ.lastIndex = endobj;
    }
    out.set(obj.num, obj);
  }
  for (const st of streams) if (/\/Type\s*\/ObjStm\b/.test(st.dict)) for (const o of objectStreamMembers(bytes, st)) if (!out.has(o.num)) out.set(o.num, o);
  return out;
}

/** The decoded data of a stream object (FlateDecode alone, or none); null when it cannot be. */
export function streamData(bytes: Buffer, obj: PdfObject): Buffer | null {
  if (!obj.data) return null;
  const raw = bytes.subarray(obj.data.start, obj.data.end);
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(obj.dict)?.[1] ?? '';
  if (filter === '') return Buffer.from(raw);
  if (!/^(?:\/FlateDecode|\[\s*\/FlateDecode\s*\])$/.test(filter) || /\/DecodeParms/.test(obj.dict)) return null;
  try {
    return inflateSync(raw);
  } catch {
    return null;
  }
}

function objectStreamMembers(bytes: Buffer, st: PdfObject): PdfObject[] {
  const data = streamData(bytes, st);
  const first = Number(/\/First\s+(\d+)/.exec(st.dict)?.[1] ?? NaN);
  if (!data || !Number.isFinite(first)) return [];
  const text = data.toString('latin1');
  const nums = text.slice(0, first).trim().split(/\s+/).map(Number);
  const out: PdfObject[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const from = first + nums[i + 1]!;
    const to = i + 3 < nums.length ? first + nums[i + 3]! : text.length;
    out.push({ num: nums[i]!, gen: 0, dict: text.slice(from, to), inStream: st.num });
  }
  return out;
}

/** The trailer's /Root reference, from the last trailer or cross-reference stream. */
function lastRef(text: string, key: string): string | null {
  let found: string | null = null;
  for (const m of text.matchAll(new RegExp(`/${key}\\s+(\\d+\\s+\\d+\\s+R)`, 'g'))) found = m[1]!;
  return found;
}

/** Whether the file can take an incremental update here (it has a trailer to chain to, and is not encrypted). */
export function canUpdate(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  return /startxref\s+\d+/.test(text) && lastRef(text, 'Root') !== null && !/\/Encrypt\s+\d+\s+\d+\s+R/.test(text);
}

export interface NewObject {
  readonly num: number;
  /** Everything between `N 0 obj` and `endobj`. */
  readonly body: Buffer;
}

/** Append new versions of objects with their cross-reference section and a trailer chained to the last one. */
export function appendUpdate(bytes: Buffer, objects: readonly NewObject[]): Buffer {
  const text = bytes.toString('latin1');
  const prev = [...text.matchAll(/startxref\s+(\d+)/g)].pop()?.[1];
  const root = lastRef(text, 'Root');
  if (!prev || !root) throw new Error('appendUpdate: no trailer to chain to');
  const sizes = [...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1]));
  const size = Math.max(0, ...sizes, ...objects.map((o) => o.num + 1));
  const parts: Buffer[] = [bytes, Buffer.from('\n', 'latin1')];
  let offset = bytes.length + 1;
  const entries: string[] = [];
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    entries.push(`${o.num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
    const chunk = Buffer.concat([Buffer.from(`${o.num} 0 obj\n`, 'latin1'), o.body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  }
  parts.push(Buffer.from(`xref\n${entries.join('')}trailer\n<< /Size ${size} /Root ${root} /Prev ${prev} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object's body: its dictionary entries (without << >>) and data, /Length set. */
export function streamBody(dictEntries: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dictEntries} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** The entries of a dictionary's text without its outer << >> and without the keys named. */
export function dictEntries(dict: string, drop: readonly string[]): string {
  let inner = dict.trim();
  if (inner.startsWith('<<')) inner = inner.slice(2);
  if (inner.endsWith('>>')) inner = inner.slice(0, -2);
  for (const k of drop) inner = inner.replace(new RegExp(`/${k}\\s*(?:\\[[^\\]]*\\]|<<[^>]*>>|\\d+\\s+\\d+\\s+R|/\\w+|\\d+)`, 'g'), ' ');
  return inner.trim();
}

/** Page objects (in the file or in object streams), in object-number order. */
export function pageObjects(objs: Map<number, PdfObject>): PdfObject[] {
  return [...objs.values()].filter((o) => /\/Type\s*\/Page(?!s)\b/.test(o.dict)).sort((a, b) => a.num - b.num);
}

/** The object numbers a dictionary's key refers to (`/Contents 5 0 R` or `[5 0 R 6 0 R]`). */
export function refsOf(dict: string, key: string): number[] {
  const m = new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+\\s+\\d+\\s+R)`).exec(dict);
  if (!m) return [];
  return [...m[1]!.matchAll(/(\d+)\s+\d+\s+R/g)].map((r) => Number(r[1]));
}
