import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractTextDump } from '../src/extract/text-dump.ts';
import { decodeText } from '../src/extract/decode.ts';
import { joinableLines } from '../src/extract/line-join.ts';
import type { SourceFile, TableGrid, TextLine } from '../src/core/types.ts';
import { YusuanError } from '../src/core/errors.ts';

const fx = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const fileOf = (name: string, bytes: Uint8Array): SourceFile => ({ path: name, name, sha256: 'test', kind: 'text', bytes: bytes.length });
const read = (name: string) => {
  const bytes = readFileSync(fx(name));
  return extractTextDump(fileOf(name, bytes), bytes);
};

describe('encodings are detected from the bytes', () => {
  const expected = read('fujian-b1.utf8.txt');
  const grids = (d: ReturnType<typeof read>) => d.pages.flatMap((p) => p.blocks.filter((b): b is TableGrid => b.kind === 'grid'));
  for (const [name, enc] of [
    ['fujian-b1.utf8.txt', 'utf-8'],
    ['fujian-b1.utf8bom.txt', 'utf-8'],
    ['fujian-b1.utf16le.txt', 'utf-16le'],
    ['fujian-b1.utf16be.txt', 'utf-16be'],
    ['fujian-b1.gb18030.txt', 'gb18030'],
  ] as const) {
    it(`${name} reads as ${enc} with the same table`, () => {
      const d = read(name);
      expect(d.meta.encoding).toBe(enc);
      const g = grids(d)[0]!;
      expect(g.rows[2]!.cells.map((c) => c.text)).toEqual(['一、一般公共预算拨款收入', '245.78', '一、一般公共服务支出', '209.28']);
      expect(JSON.stringify(grids(d))).toBe(JSON.stringify(grids(expected)));
    });
  }
  it('rejects binary and empty input with a clear error naming the file', () => {
    expect(() => decodeText(new Uint8Array([0x00, 0xff, 0x00, 0x13, 0x10, 0x00]), 'x.txt')).toThrow(/x\.txt.*not readable/);
    expect(() => decodeText(new Uint8Array([]), 'empty.txt')).toThrow(YusuanError);
    expect(() => decodeText(new TextEncoder().encode('  \n\n '), 'blank.txt')).toThrow(/white space/);
  });
});

describe('pages and lines', () => {
  it('treats a form feed as a page break and numbers lines in the file', () => {
    const d = read('formfeed.txt');
    expect(d.pages.map((p) => p.number)).toEqual([1, 2]);
    const second = d.pages[1]!.blocks[0] as TextLine;
    expect(second.text).toBe('二、预算');
    expect(second.line).toBe(4);
  });
  it('joins a sentence broken mid-word but never a heading, a marker or a table title', () => {
    expect(joinableLines('（二）负责12345海口市民服务智慧联动平台（以下简', '称：12345海口智慧平台）建设', false)).toBe(true);
    expect(joinableLines('（四）2101102-事业单位医疗4.87万元，主要用于在', '职人员医疗保险支出。', true)).toBe(true);
    expect(joinableLines('一、主要职能', '根据《中共海口市委》文件内容', false)).toBe(false);
    expect(joinableLines('收入预算为245.78万元，比上年', '（一）人员经费', false)).toBe(false);
    expect(joinableLines('2026年度收支预算总表', '单位：万元', false)).toBe(false);
    expect(joinableLines('主要包括：', '基本工资', false)).toBe(false);
  });
  it('keeps tab-separated rows as grids with empty cells in place', () => {
    const d = read('fujian-b1.utf8.txt');
    const g = d.pages[0]!.blocks.find((b): b is TableGrid => b.kind === 'grid')!;
    expect(g.quality).toMatchObject({ method: 'tsv', columns: 4 });
    expect(g.rows[3]!.cells.map((c) => c.text)).toEqual(['二、政府性基金预算拨款收入', '', '二、外交支出', '']);
  });
});
