// The catalogue of finding codes: one stable code per kind of anomaly, with a one-line
// description. Codes V/X/N/D follow the identities of shared/spec/domain.md §3; the others
// are ours. A finding's code never changes meaning: dashboards and gold files rely on it.
import type { Finding, Severity } from '../core/types.ts';

export type CodeFamily =
  | 'within' // an identity inside one table (V, and D01–D07 for final accounts)
  | 'cross' // an identity across tables (X, D08)
  | 'prose' // the text against the tables, or the text against itself (N, D09)
  | 'document' // the document as a whole: table of contents, notes, placeholders
  | 'reading' // raised while interpreting: conflicts, unknown names, unread tables
  | 'marker'; // bookkeeping about other findings (a table that does not balance)

interface CodeInfo {
  readonly family: CodeFamily;
  /** The most serious a finding of this code gets; most are 'warning'. */
  readonly severity: Severity;
  readonly description: string;
}

export const FINDING_CODES = {
  // within one table (预算)
  V01: { family: 'within', severity: 'error', description: '收支总表: 收入总计 equals 支出总计' },
  V02: { family: 'within', severity: 'warning', description: '收支总表 income side: 本年收入合计 equals the sum of the income sources; 财政拨款 equals 一般公共预算 + 政府性基金 + 国有资本经营' },
  V03: { family: 'within', severity: 'warning', description: '收支总表: 收入总计 equals 本年收入合计 + 上年结转 (+ 使用非财政拨款结余)' },
  V04: { family: 'within', severity: 'warning', description: '收支总表 spending side: 本年支出合计 equals the sum of the 功能类 rows; 支出总计 equals 本年支出合计 + 结转下年' },
  V05: { family: 'within', severity: 'warning', description: '收入总表 row of a unit: 合计 equals the sum of its source columns' },
  V06: { family: 'within', severity: 'warning', description: 'spending row: 合计 equals 基本支出 + 项目支出 (+ 单位预留机动经费), 基本支出 equals 人员经费 + 公用经费' },
  V07: { family: 'within', severity: 'warning', description: 'classification hierarchy: a 类 equals the sum of its 款, a 款 the sum of its 项, the 合计 the sum of the 类' },
  V08: { family: 'within', severity: 'warning', description: '财政拨款收支总表: each row and total equals 一般公共预算 + 政府性基金 + 国有资本经营; this year’s 一般公共预算 income equals its spending' },
  V09: { family: 'within', severity: 'warning', description: '基本支出 economic table: each row’s 合计 equals 人员经费 + 公用经费; 人员经费 equals 301 + 303, 公用经费 the other 类' },
  V10: { family: 'within', severity: 'warning', description: '“三公”经费: 合计 equals 因公出国（境）+ 公务接待 + 公务用车; 公务用车 equals 购置 + 运行' },
  V11: { family: 'within', severity: 'warning', description: 'year-on-year columns: 增减 equals this year minus last year' },
  V12: { family: 'document', severity: 'warning', description: 'empty tables: an empty fund or “三公” table carries a note naming the right fund; a table with figures carries none' },
  // across tables (预算)
  X02: { family: 'cross', severity: 'warning', description: '收支总表 本年支出合计 equals the 支出总表 合计' },
  X05: { family: 'cross', severity: 'warning', description: 'a fund shown as 0 has no spending rows' },
  X07: { family: 'cross', severity: 'warning', description: 'all funds ≥ 财政拨款 ≥ 一般公共预算 for 基本支出, 项目支出, 人员经费, 公用经费, with equality when all money is 一般公共预算' },
  X08: { family: 'cross', severity: 'warning', description: 'per classification row: all funds ≥ 财政拨款 ≥ 一般公共预算, with equality when all money is 一般公共预算' },
  X09: { family: 'cross', severity: 'warning', description: '经济分类 公务接待费 (30217) and 公务用车运行维护费 (30231) do not exceed the “三公” table’s figures' },
  X10: { family: 'cross', severity: 'warning', description: 'the projects of the 项目支出表 add up to no more than 项目支出' },
  X11: { family: 'within', severity: 'warning', description: '政府采购: 合计 equals 货物 + 工程 + 服务' },
  // the text against the tables (预算)
  N02: { family: 'prose', severity: 'warning', description: 'an item the text describes matches its table row: the same figure throughout, the right level, the name in force that year' },
  N04: { family: 'prose', severity: 'warning', description: 'a figure the text says equals another (机关运行经费 = 商品和服务支出) does' },
  N05: { family: 'prose', severity: 'warning', description: 'a stated change against last year (amount or percentage) matches this year’s and last year’s figures' },
  N06: { family: 'prose', severity: 'warning', description: 'a stated share (占…%) matches the item divided by its whole' },
  N08: { family: 'document', severity: 'warning', description: 'every table the table of contents lists is present' },
  N09: { family: 'document', severity: 'warning', description: 'every standard table of the document’s stage is present (the national nine of a 决算, the eight of a 预算), with or without a table of contents' },
  // final accounts (决算)
  D01: { family: 'within', severity: 'error', description: '决算 收入支出总表: 收入总计 = 本年收入 + 结余 + 年初结转; 支出总计 = 本年支出 + 结余分配 + 年末结转; 收入总计 = 支出总计' },
  D02: { family: 'within', severity: 'warning', description: '决算 收入决算表 row: 合计 equals the sum of its sources' },
  D03: { family: 'within', severity: 'warning', description: '决算 支出决算表 row: 合计 equals 基本 + 项目 (+ other columns)' },
  D04: { family: 'within', severity: 'warning', description: '决算 财政拨款收入支出决算总表: each row equals 一般公共预算 + 政府性基金 + 国有资本经营' },
  D05: { family: 'within', severity: 'warning', description: '决算 一般公共预算财政拨款支出决算表: 合计 = 基本 + 项目, and the code hierarchy' },
  D06: { family: 'within', severity: 'warning', description: '决算 基本支出决算表: 人员经费 = 301 + 303, 公用经费 = the other 类, 合计 = 人员 + 公用' },
  D07: { family: 'within', severity: 'warning', description: '决算 “三公” table: the 三公 identities hold for 预算数 and 决算数 alike' },
  D08: { family: 'cross', severity: 'warning', description: '决算 across tables: all funds ≥ 一般公共预算, fund totals agree' },
  D09: { family: 'prose', severity: 'warning', description: '决算 text: 完成年初预算的X% matches 决算数 / 年初预算数' },
  // the document as a whole and its text
  Y01: { family: 'prose', severity: 'warning', description: 'a sentence gives a budget year other than the disclosure’s' },
  Y02: { family: 'document', severity: 'warning', description: 'a table title gives a year other than the disclosure’s' },
  Y04: { family: 'document', severity: 'warning', description: 'the cover, titles and tables of one document give two different years' },
  Y03: { family: 'document', severity: 'warning', description: 'a heading names the document’s own stage for another year, or a date of holdings (截至…) cannot be the disclosure’s' },
  S01: { family: 'document', severity: 'info', description: 'section numbering breaks its sequence' },
  P01: { family: 'document', severity: 'warning', description: 'template text left unfinished: an empty reason (主要原因是。), a placeholder (XX, 待填写)' },
  U01: { family: 'document', severity: 'warning', description: 'the units listed as included in the budget (预算单位构成) are not all in the 收入总表 indexed by unit' },
  R01: { family: 'within', severity: 'info', description: 'an identity holds only within rounding, with its terms printed to different decimals (a total printed without cents)' },
  // who published it
  I01: { family: 'reading', severity: 'info', description: 'the evidence for the unit is weak or names several units: the candidates and their weights are listed' },
  I02: { family: 'reading', severity: 'info', description: 'no line of the document names its unit: the name was taken from the file name' },
  I03: { family: 'reading', severity: 'info', description: 'the identity table (--identity) names a unit, year or stage other than the one the content gives; the table’s is taken' },
  // raised while reading
  K01: { family: 'reading', severity: 'warning', description: 'the same fact is stated with different values in two places (table and text, or two tables)' },
  K02: { family: 'reading', severity: 'info', description: 'two cells of one table (or one name over several projects) were read into one key: a reading to check, not a fault of the document' },
  C01: { family: 'reading', severity: 'info', description: 'a table row has no code and its name is not in the catalogue' },
  C02: { family: 'reading', severity: 'info', description: 'a sentence’s 类/款/项 path names an item the catalogue does not know' },
  U02: { family: 'reading', severity: 'info', description: 'a table prints no unit (or OCR misread it): the amounts the text states for its figures give it one' },
  T01: { family: 'reading', severity: 'info', description: 'a table has no amount column that could be read' },
  // raised by OCR (src/extract/ocr): what was read from a picture, and how sure it is
  'ocr-page': { family: 'reading', severity: 'info', description: 'a page was read by OCR (no usable text layer)' },
  'ocr-page-empty': { family: 'reading', severity: 'info', description: 'a page read by OCR gave no text' },
  'ocr-corrected': { family: 'reading', severity: 'info', description: 'an OCR figure was corrected by one common confusion that restores every identity it touches' },
  'ocr-identity-broken': { family: 'reading', severity: 'info', description: 'an OCR figure breaks an identity the rest of its table satisfies, and no single correction restores it' },
  'ocr-low-confidence': { family: 'reading', severity: 'info', description: 'OCR read a word or figure with low confidence' },
  'ocr-unreadable-amount': { family: 'reading', severity: 'info', description: 'an OCR cell in an amount column is not a number' },
  // raised by the PDF reader (src/extract/pdf): the file itself
  'pdf-damaged': { family: 'document', severity: 'warning', description: 'the PDF is damaged and was read all the same (cross-reference table rebuilt, streams that would not decode, pages unreadable): its facts may be incomplete or wrong' },
  // bookkeeping
  B01: { family: 'marker', severity: 'info', description: 'a table fails identities inside it: its facts are less certain' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/** A finding whose code is one of the catalogue's: a union discriminated on `code`. */
export type CodedFinding = { [C in FindingCode]: Finding & { readonly code: C } }[FindingCode];

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CODES, code);
}

export function describeCode(code: string): string | undefined {
  return isFindingCode(code) ? FINDING_CODES[code].description : undefined;
}

export { aboutOf, type FindingAbout } from '../core/finding-about.ts';

/** Within-table identity codes: a failure marks the table it was read from (B01). */
export function marksTable(code: string): boolean {
  return isFindingCode(code) && FINDING_CODES[code].family === 'within' && code !== 'R01';
}
