// Anything thrown while reading a document → a typed error with a stable code.
// The PDF extractor throws plain Errors whose messages name the problem; they are mapped here
// by their wording (the extractor stays free of pipeline concerns). A message that matches
// nothing stays E_INTERNAL: a bug to fix, not an input to blame.
import { YusuanError, type ErrorCode } from '../core/errors.ts';

/** The plain-data form of a YusuanError, as it crosses from a worker thread. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

interface Rule {
  readonly test: RegExp;
  readonly code: ErrorCode;
  readonly hint: string;
}

const RULES: readonly Rule[] = [
  { test: /^not a PDF: the file is empty/, code: 'E_EMPTY', hint: 'download it again' },
  { test: /^not a PDF\b/, code: 'E_NOT_PDF', hint: 'check that the file is what its name says' },
  {
    test: /^password-protected PDF|PasswordException|No password given|Incorrect Password/i,
    code: 'E_PDF_ENCRYPTED',
    hint: 'ask the publisher for an unprotected copy, or remove the password (qpdf --decrypt --password=… in out)',
  },
  { test: /^truncated PDF/, code: 'E_PDF_CORRUPT', hint: 'the download was probably cut short: download it again' },
  { test: /^corrupt PDF|^PDF could not be read|Invalid PDF structure|InvalidPDFException|FormatError/i, code: 'E_PDF_CORRUPT', hint: 'download it again; if it still fails, the published file is damaged' },
  { test: /^PDF extraction aborted/, code: 'E_TIMEOUT', hint: 'raise --timeout, or read the document alone' },
];

/** Map an error thrown while processing `path` to an ErrorInfo whose message names the file. */
export function classifyError(err: unknown, path: string): ErrorInfo {
  if (err instanceof YusuanError) return { code: err.code, message: named(err.message, path), ...(err.hint ? { hint: err.hint } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  for (const r of RULES) if (r.test.test(message)) return { code: r.code, message: named(message, path), hint: r.hint };
  return { code: 'E_INTERNAL', message: named(message, path), hint: 'this is a bug in yusuan: please report it with the file' };
}

/** Prefix the path unless the message already names the file (by path or base name). */
function named(message: string, path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return message.includes(path) || message.startsWith(`${base}:`) ? message : `${path}: ${message}`;
}

export function toYusuanError(info: ErrorInfo, path: string): YusuanError {
  return new YusuanError(info.code, info.message, { file: path, ...(info.hint ? { hint: info.hint } : {}) });
}
