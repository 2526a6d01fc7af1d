// Records that flow between the stages. Defined once here; every stage imports them.
// The shape of the public output (the fact contract) lives in ./schemas.ts.

export type Stage = 'budget' | 'final';
export type Method = 'table' | 'prose' | 'ocr-table' | 'ocr-prose' | 'derived';
export type PageMethod = 'text' | 'ocr';
export type InputKind = 'text' | 'pdf' | 'html';

/** [x0, y0, x1, y1] in PDF points, origin top-left of the page. */
export type BBox = readonly [number, number, number, number];

export interface SourceFile {
  readonly path: string;
  /** The file's base name, as it appears in a fact's source. */
  readonly name: string;
  readonly sha256: string;
  readonly kind: InputKind;
  readonly bytes: number;
}

/** One cell of a table row, in column order. `text` is already normalised. */
export interface Cell {
  readonly text: string;
  readonly raw: string;
  readonly x0?: number;
  readonly x1?: number;
  /**
   * PDF grids only: points from the column's left edge to the cell's text. Some tables show
   * the 类/款/项 level only by indentation (renwu-hangzhou: `科学技术支出` / ` 技术研究与开发`).
   */
  readonly indent?: number;
}

/** A line of running text (not part of a table grid). */
export interface TextLine {
  readonly kind: 'line';
  readonly text: string;
  readonly raw: string;
  readonly page: number | null;
  /** 1-based line number in a text dump, or the line's index on a PDF page. */
  readonly line: number | null;
  readonly bbox: BBox | null;
  /** True when this line was preceded by a blank line (a paragraph break in a dump). */
  readonly afterBlank?: boolean;
  /**
   * A running header or footer: the same text in the same margin of many pages
   * (`某某局2026年度部门预算公开`). Not part of the flow of text, but evidence of identity.
   */
  readonly running?: boolean;
}

export interface GridRow {
  readonly cells: readonly Cell[];
  readonly page: number | null;
  readonly line: number | null;
  readonly bbox: BBox | null;
}

/** How a table grid was found, and how good it looks (camelot's parsing report). */
export interface GridQuality {
  readonly method: 'tsv' | 'ruled' | 'aligned' | 'ocr';
  readonly rows: number;
  readonly columns: number;
  readonly emptyRatio: number;
  readonly notes?: readonly string[];
}

/** Rows whose cells line up in columns: a table as the extractor saw it, not yet typed. */
export interface TableGrid {
  readonly kind: 'grid';
  readonly rows: readonly GridRow[];
  readonly quality: GridQuality;
  readonly page: number | null;
}

export type Block = TextLine | TableGrid;

export interface Page {
  /** 1-based page number; null for a text dump without form feeds. */
  readonly number: number | null;
  readonly method: PageMethod;
  readonly blocks: readonly Block[];
  readonly warnings?: readonly string[];
  /**
   * What the PDF says about the page beyond its text (images, fonts), recorded by the
   * extractor where the text alone cannot settle whether the page needs OCR.
   */
  readonly pdf?: PdfPageInfo;
}

export interface PdfFontInfo {
  readonly name: string;
  /** A composite (Type0/CID) font. */
  readonly composite: boolean;
  /** The font has no real map from its codes to Unicode (pdf.js fell back to identity). */
  readonly noToUnicode: boolean;
}

/** What a PDF page holds besides its text: the trust check's second look (extract/ocr/trust.ts). */
export interface PdfPageInfo {
  /** Share of the page's area covered by images (0–1, overlaps counted once at most). */
  readonly imageCoverage: number;
  readonly images: number;
  readonly fonts: readonly PdfFontInfo[];
}

export interface ExtractedDoc {
  readonly file: SourceFile;
  readonly pages: readonly Page[];
  readonly warnings: readonly string[];
  /** Encoding of a text dump, producer of a PDF, and the like. */
  readonly meta: Readonly<Record<string, string>>;
  /**
   * Set when the file is damaged and was read all the same (pdf.js rebuilt its cross-reference
   * table, streams failed to decode, pages could not be read): what happened, in plain words.
   */
  readonly damage?: readonly string[];
}

/** Where a fact or a finding was read. Exactly the contract's `source`. */
export interface Source {
  readonly doc: string;
  readonly file: string;
  readonly page: number | null;
  readonly line: number | null;
  readonly bbox: BBox | null;
  readonly method: Method;
  readonly text: string;
  /** The table (B1…F9 id and title) or section the value came from; extra to the contract. */
  readonly context?: string;
}

/** Amounts are exact decimal strings in yuan ("2457800", "86959408.34"). */
export type FactValue =
  | { readonly type: 'amount'; readonly yuan: string }
  | { readonly type: 'count'; readonly value: number }
  | { readonly type: 'text'; readonly value: string };

/**
 * A value read once, before candidates for the same key are merged into a fact.
 * `digits` is how many decimals were displayed (in the printed unit), for rounding tolerance;
 * `unitYuan` is the size of that display unit in yuan (1, 10000, ...).
 */
export interface Candidate {
  readonly key: string;
  readonly value: FactValue;
  readonly source: Source;
  readonly precision?: { readonly digits: number; readonly unitYuan: number };
}

export interface Fact {
  readonly key: string;
  readonly value: FactValue;
  readonly sources: readonly Source[];
  /** How precisely the chosen value was printed: the rounding room for identities. */
  readonly precision?: { readonly digits: number; readonly unitYuan: number };
}

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly keys: readonly string[];
  readonly sources: readonly Source[];
  readonly expected?: string;
  readonly found?: string;
}

export interface DocIdentity {
  readonly unit: string | null;
  readonly year: number | null;
  readonly stage: Stage | null;
}

/** How the identity was settled: its confidence and the names weighed (stored with the document). */
export interface IdentityInfo {
  readonly confidence: number;
  /** `content` (weighed from the text), `table` (the --identity table), `file-name` (last resort). */
  readonly from: 'content' | 'table' | 'file-name';
  readonly candidates: ReadonlyArray<{ readonly unit: string; readonly score: number; readonly from: readonly string[] }>;
}

export interface Disclosure {
  readonly identity: DocIdentity;
  readonly identityInfo?: IdentityInfo;
  /** The parsing and coverage report (pipeline/coverage.ts), stored as JSON in doc_reports. */
  readonly coverage?: object;
  readonly facts: readonly Fact[];
  readonly findings: readonly Finding[];
}
