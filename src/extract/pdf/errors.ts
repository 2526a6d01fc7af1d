// Failures of pdf.js, typed by where they were raised: the stage of the call into pdf.js
// (opening the document, a page, its text, its operator list) and the class of the exception,
// never by its wording. Everything a call into pdf.js rejects with is about the input: the
// file is damaged in a way pdf.js could not get past (a TypeError deep inside pdf.js's parser
// is still the file's doing). What our own code throws outside these calls is not wrapped
// here, and so stays an internal error: a bug of ours.
//
// pdf.js 5.6 runs its worker on this thread (load.ts) and hands errors across its message
// handler, which rebuilds them on the API side (`wrapReason`): AbortException,
// InvalidPDFException, PasswordException, ResponseException keep their class, anything else
// (FormatError, XRefEntryException, ParserEOFException, a TypeError …) arrives as an
// UnknownErrorException. The API exports AbortException, InvalidPDFException and
// ResponseException; PasswordException and UnknownErrorException are told by their `name`
// among instances of the API's BaseException (the parent class of the exported ones).
import { YusuanError, type ErrorCode } from '../../core/errors.ts';
import { pdfjs } from './load.ts';

export type PdfStage = 'open' | 'getPage' | 'getTextContent' | 'getOperatorList' | 'getMetadata';

/** The API side's BaseException: the class every exception pdf.js hands back derives from (looked up at first use: load.ts imports this module). */
let baseException: (abstract new (...a: never[]) => Error) | undefined;

/** The pdf.js class of an exception pdf.js handed back, or null for anything else. */
export function pdfjsClass(err: unknown): string | null {
  baseException ??= Object.getPrototypeOf(pdfjs.InvalidPDFException) as abstract new (...a: never[]) => Error;
  return err instanceof baseException ? err.name : null;
}

/** A failure inside pdf.js while reading a document: typed, with the stage and page it failed at. */
export class PdfReadError extends YusuanError {
  readonly stage: PdfStage;
  readonly page: number | null;
  readonly pdfjsClass: string | null;

  constructor(code: ErrorCode, message: string, o: { stage: PdfStage; page: number | null; pdfjsClass: string | null; hint: string; cause: unknown }) {
    super(code, message, { hint: o.hint, cause: o.cause });
    this.name = 'PdfReadError';
    this.stage = o.stage;
    this.page = o.page;
    this.pdfjsClass = o.pdfjsClass;
  }
}

const HINT_CORRUPT = 'download it again; if it still fails, the published file is damaged';
const HINT_TRUNCATED = 'the download was probably cut short: download it again';
const HINT_PASSWORD = 'ask the publisher for an unprotected copy, or remove the password (qpdf --decrypt --password=… in out)';

const STAGE_WORDS: Record<PdfStage, string> = {
  open: 'could not be opened',
  getPage: 'could not be read',
  getTextContent: 'text could not be read',
  getOperatorList: 'drawing could not be read',
  getMetadata: 'metadata could not be read',
};

export interface FailureContext {
  readonly stage: PdfStage;
  readonly page?: number | null;
  /** The file lacks its end-of-file marker (load.ts looks before opening). */
  readonly truncated?: boolean;
  /** The caller aborted (a time limit): an AbortException is then ours, not the file's. */
  readonly aborted?: boolean;
}

/** A rejection of a call into pdf.js → the typed error it stands for. */
export function pdfFailure(err: unknown, cx: FailureContext): YusuanError {
  if (err instanceof YusuanError) return err; // a limit of ours raised inside a callback
  const cls = pdfjsClass(err);
  const page = cx.page ?? null;
  const msg = err instanceof Error ? err.message : String(err);
  const where = page === null ? `the PDF ${STAGE_WORDS[cx.stage]}` : `page ${page}: ${STAGE_WORDS[cx.stage]}`;
  const what = `${cls ?? (err instanceof Error ? err.name : 'error')}: ${msg}`;
  const base = { stage: cx.stage, page, pdfjsClass: cls, cause: err };
  if (cls === 'AbortException' && cx.aborted) {
    return new PdfReadError('E_TIMEOUT', `PDF extraction aborted (${where})`, { ...base, hint: 'raise --timeout, or read the document alone' });
  }
  if (cls === 'PasswordException') {
    return new PdfReadError('E_PDF_ENCRYPTED', `password-protected PDF: cannot be opened without a password (${msg})`, { ...base, hint: HINT_PASSWORD });
  }
  if (cx.truncated) return new PdfReadError('E_PDF_CORRUPT', `truncated PDF: no end-of-file marker, and ${where} (${what})`, { ...base, hint: HINT_TRUNCATED });
  return new PdfReadError('E_PDF_CORRUPT', `corrupt PDF: ${where} (${what})`, { ...base, hint: HINT_CORRUPT });
}

/** Run one call into pdf.js; whatever it rejects with (or throws) comes back typed. */
export async function pdfCall<T>(cx: FailureContext, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw pdfFailure(err, cx);
  }
}
