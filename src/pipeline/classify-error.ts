// Anything thrown while reading a document → the plain-data error that crosses from a worker.
// The code is decided where the error was raised: the readers throw typed errors (YusuanError:
// the PDF reader types pdf.js's failures by stage and class, extract/pdf/errors.ts; the
// pipeline its limits), so what arrives here untyped was thrown by our own code outside those
// places: E_INTERNAL, a bug to fix, not an input to blame. Nothing is decided by wording.
import { YusuanError, type ErrorCode } from '../core/errors.ts';

/** The plain-data form of a YusuanError, as it crosses from a worker thread. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

/** Map an error thrown while processing `path` to an ErrorInfo whose message names the file. */
export function classifyError(err: unknown, path: string): ErrorInfo {
  if (err instanceof YusuanError) return { code: err.code, message: named(err.message, path), ...(err.hint ? { hint: err.hint } : {}) };
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
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
