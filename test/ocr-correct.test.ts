// Corrections of OCR'd text (vocab.ts, correct.ts) and the glyph and figure repairs of words.ts:
// pure functions, no engine.

import { describe, expect, it } from 'vitest';
import type { ExtractedDoc, Page, TextLine } from '../src/core/types.ts';
import { charConfidences, correctOcrDocument, fixBrackets, fixCaption, fixDashOne, fixEnumerator, fixQuotes, fixPercent, fixYears, repeatedNames } from '../src/extract/ocr/correct.ts';
import { budgetVocabulary, Vocabulary } from '../src/extract/ocr/vocab.ts';
import { cleanFolios, dropSmudges, restoreInequalities, wordsToRuns, type OcrWord, type PageWord } from '../src/extract/ocr/words.ts';

const vocab = budgetVocabulary();

describe('vocabulary', () => {
  it('puts back look-alike misreadings of known phrases', () => {
    expect(vocab.correct('商品和服务支册').text).toBe('商品和服务支出');
    expect(vocab.correct('公务用车运行维护发').text).toBe('公务用车运行维护费');
    expect(vocab.correct('国有资本经营预算投款收入').text).toBe('国有资本经营预算拨款收入');
    // a dropped character, and a stray one
    expect(vocab.correct('财政拨款文预算表').text).toBe('财政拨款支出预算表');
    expect(vocab.correct('政府性基人金预算氢款收入').text).toBe('政府性基金预算拨款收入');
    // 收文: 收支 or 收入? 文 is a known look-alike of 支
    expect(vocab.correct('2026年度收文预算总表').text).toBe('2026年度收支预算总表');
  });
  it('leaves correct and unknown text alone', () => {
    for (const t of ['一般公共服务支出', '一般公共预算支出', '住房改革支出', '行政运行', '基层司法业务', '2026年度预算']) expect(vocab.correct(t).text).toBe(t);
  });
  it('never edits characters read with confidence, nor digits', () => {
    expect(vocab.correct('项目文出', false, [97, 97, 96, 95]).text).toBe('项目文出');
    expect(vocab.correct('项目文出', false, [97, 97, 40, 95]).text).toBe('项目支出');
    expect(vocab.correct('公务接待1费').text).toBe('公务接待1费');
  });
  it("takes the document's own names, whose ends must be read as printed", () => {
    const v = new Vocabulary().with(['福州市鼓楼生态环境局']);
    expect(v.correct('倡州市求楼生态环境局').text).toBe('福州市鼓楼生态环境局');
    expect(v.correct('福州市辟楼生态环境局2026年').text).toBe('福州市鼓楼生态环境局2026年');
    expect(v.correct('福州市鼓楼生态环境保护综合执法大队').text).toBe('福州市鼓楼生态环境保护综合执法大队');
  });
  it('finds the names a document repeats', () => {
    const texts = ['福州市鼓楼生态环境局主要职责', '2026年福州市鼓楼生态环境局', '福州市鼓楼生态环境局单位预算', '本单位'];
    expect(repeatedNames(texts)).toContain('福州市鼓楼生态环境局');
  });
});

describe('document fixes', () => {
  it('resolves a year read with a digit too many by the years the document names', () => {
    expect(fixYears('20256年度', new Map([['2026', 12], ['2025', 3]]))).toBe('2026年度');
    expect(fixYears('20256年度', new Map([['2026', 4], ['2025', 4]]))).toBe('20256年度');
    expect(fixYears('收入20256万元', new Map([['2026', 12]]))).toBe('收入20256万元');
  });
  it('restores captions, brackets and enumerators', () => {
    expect(fixCaption('单位；万元')).toBe('单位：万元');
    expect(fixCaption('单信，元')).toBe('单位：元');
    expect(fixCaption('单位：：元')).toBe('单位：元');
    expect(fixBrackets('公共安全支出〈204类）司法（06款）')).toBe('公共安全支出（204类）司法（06款）');
    expect(fixBrackets('100万元（含〉以上')).toBe('100万元（含）以上');
    expect(fixEnumerator('十八\\住房保障支出')).toBe('十八、住房保障支出');
    expect(fixEnumerator('-、社会保障和就业支出')).toBe('一、社会保障和就业支出');
    expect(fixEnumerator('=、国有资本经营预算')).toBe('二、国有资本经营预算');
    expect(fixEnumerator('-0.5')).toBe('-0.5');
    expect(fixEnumerator('=三、国防支出')).toBe('三、国防支出');
    expect(fixDashOne('-般公共预算')).toBe('一般公共预算');
    expect(fixDashOne('其中：—次性支出')).toBe('其中：一次性支出');
    expect(fixDashOne('2024-2025年')).toBe('2024-2025年');
    expect(fixDashOne('——主要用于')).toBe('——主要用于');
    expect(fixDashOne('-12.00')).toBe('-12.00');
    expect(fixQuotes('财政拨款“三公经费支出表')).toBe('财政拨款“三公”经费支出表');
    expect(fixQuotes('2026年财政拨款“三公?”经费预算')).toBe('2026年财政拨款“三公”经费预算');
    expect(fixQuotes('压减三公”经费')).toBe('压减“三公”经费');
    expect(fixQuotes('“三公”经费')).toBe('“三公”经费');
  });
  it('restores a percent sign read as digits after a change of two decimals', () => {
    expect(fixPercent('比2025年预算执行数减少1.109%主要原因是')).toBe('比2025年预算执行数减少1.10%主要原因是');
    expect(fixPercent('增加17.629%5主要原因是')).toBe('增加17.62%主要原因是');
    expect(fixPercent('减少2.2798。主要原因是')).toBe('减少2.27%。主要原因是');
    // amounts and changes read right are left alone
    expect(fixPercent('比上年增加794.88万元。')).toBe('比上年增加794.88万元。');
    expect(fixPercent('增加0.97%。')).toBe('增加0.97%。');
    expect(fixPercent('增长12.5%。')).toBe('增长12.5%。');
  });
  it('maps each character of a text to the confidence of the word it was read in', () => {
    const w = (text: string, conf: number, x: number) => ({ text, conf, bbox: [x, 0, x + 10, 10] as const });
    expect(charConfidences('项目文出', [0, 0, 50, 10], [w('项目', 96, 0), w('文', 40, 20), w('出', 93, 30)])).toEqual([96, 96, 40, 93]);
    expect(charConfidences('项目支出', [0, 0, 50, 10], [w('项目', 96, 0)])).toBeNull();
  });
});

describe('words', () => {
  const word = (text: string, left: number, width: number, line = 1): OcrWord => ({ text, conf: 90, left, top: 100, width, height: 30, block: 1, par: 1, line });
  it('keeps the pieces of one figure split at its point together', () => {
    const runs = wordsToRuns([word('支', 0, 40), word('32.', 50, 30), word('52', 100, 25), word('万', 130, 40)], 1);
    expect(runs.map((r) => r.text).join('|')).toBe('支32.52万');
  });
  it('drops a smudge read as a lone character, and keeps characters read as such', () => {
    // as read on page 22 of a 200 dpi twin, after a table: `和` at 6.7, 193 × 27 px
    const at = (text: string, conf: number, left: number, width: number, line: number): OcrWord => ({ text, conf, left, top: 1500, width, height: 27, block: 3, par: 1, line });
    const ws = [
      at('和', 6.7, 1071, 193, 1),
      at('和', 91, 1071, 193, 2), // read with confidence
      at('二', 4, 1071, 26, 3), // as wide as a character
      at('全', 5, 300, 190, 4), // not alone on its line
      at('部门', 93, 600, 60, 4),
      at('生生', 9, 300, 156, 5),
    ];
    expect(dropSmudges(ws).map((w) => `${w.line}${w.text}`)).toEqual(['2和', '3二', '4全', '4部门']);
  });
  it('reads a page number with a stray mark beside it as the page number only', () => {
    // a landscape page of a 200 dpi twin (2339 × 1654 px): folios read `“2` and `13：` under a table
    const at = (text: string, left: number, top: number, line: number): OcrWord => ({ text, conf: 35, left, top, width: 75, height: 25, block: 9, par: 1, line });
    const ws = [
      at('“2', 1122, 1583, 1),
      at('13：', 1125, 1586, 2),
      at('2、', 1125, 1586, 3), // not alone on its line: the start of a paragraph
      at('加强', 1210, 1586, 3),
      at('13：', 1125, 800, 4), // mid-page
      at('13：', 600, 1586, 5), // neither centred nor at a margin
    ];
    expect(cleanFolios(ws, 2339, 1654).map((w) => w.text)).toEqual(['2', '13', '2、', '加强', '13：', '13：']);
  });
  it('reads a > or < with a bar under it as ≥ or ≤', () => {
    const W = 200;
    const H = 100;
    const data = new Uint8Array(W * H).fill(255);
    // a bar under the first glyph of the word at x 10..31, y 20..50
    for (let x = 10; x < 30; x++) data[48 * W + x] = 0;
    const img = { width: W, height: H, data };
    const ws = [{ ...word('>150', 10, 60), top: 20, height: 30 }, { ...word('>95%', 110, 60), top: 20, height: 30 }];
    expect(restoreInequalities(ws, img, 128).map((w) => w.text)).toEqual(['≥150', '>95%']);
  });
});

describe('a document title read by OCR', () => {
  it('is corrected whole across its wrapped tail, however sure tesseract was', () => {
    const line = (text: string, n: number): TextLine => ({ kind: 'line', text, raw: text, page: 1, line: n, bbox: [100, 100 + 40 * n, 500, 130 + 40 * n] });
    const words: PageWord[] = [];
    const page = { number: 1, method: 'ocr', blocks: [line('2026年深圳市统计局〈本级）部门巴', 1), line('算', 2)], ocr: { dpi: 300, skew: 0, words, confidence: 95, ms: 1 } } as unknown as Page;
    const doc: ExtractedDoc = { file: { path: 'x.pdf', name: 'x.pdf', sha256: 'x', kind: 'pdf', bytes: 1 }, pages: [page], warnings: [], meta: {} };
    const out = correctOcrDocument(doc).pages[0]!.blocks.map((b) => (b.kind === 'line' ? b.text : ''));
    expect(out).toEqual(['2026年深圳市统计局（本级）部门预', '算']);
  });
});
