// GB18030 (its two-byte GBK part) for the encoding mutators: Node decodes GB18030 but does not
// encode it, so the table is built once by decoding every two-byte code. Characters outside
// it become '?', which is damage too.
let table: Map<string, number> | null = null;

function gbTable(): Map<string, number> {
  if (table) return table;
  table = new Map();
  const dec = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (lead << 8) | trail);
    }
  }
  return table;
}

export function encodeGb18030(text: string): Buffer {
  const t = gbTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const code = t.get(ch);
      if (code === undefined) out.push(0x3f);
      else out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}
