// Typed errors with stable codes. A batch reports `code` per failed document; the message
// names the file and says what was wrong; the hint says what a user can do about it.

export const ERROR_CODES = {
  E_EMPTY: 'the file is empty',
  E_NOT_TEXT: 'the file is not text in a known encoding',
  E_NOT_PDF: 'the file is not a PDF',
  E_PDF_CORRUPT: 'the PDF is damaged or truncated',
  E_PDF_ENCRYPTED: 'the PDF is password-protected',
  E_TOO_LARGE: 'the document exceeds a size limit',
  E_TIMEOUT: 'the document took longer than its time limit',
  E_UNREADABLE: 'the file cannot be read',
  E_UNSUPPORTED: 'the file kind is not supported',
  E_NO_CONTENT: 'no disclosure content was found',
  E_NOT_DISCLOSURE: 'the document is not a budget or final-account disclosure',
  E_STORE: 'the document could not be written to the database',
  E_CHANGED: 'the file changed between being queued and being read',
  E_LOCKED: 'another run is writing to the database',
  E_INTERNAL: 'an internal error',
  E_USAGE: 'the command was called wrongly',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class YusuanError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'YusuanError';
    this.code = code;
    this.hint = opts.hint;
    this.file = opts.file;
  }
}

/** Wrap anything thrown into a YusuanError, keeping a typed one as it is. */
export function asYusuanError(err: unknown, file?: string): YusuanError {
  if (err instanceof YusuanError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new YusuanError('E_INTERNAL', `${file ? file + ': ' : ''}${message}`, { file, cause: err });
}
