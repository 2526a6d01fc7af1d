// Which failures are worth another try: the database or the network, not the document.
// A document's own typed error (E_PDF_CORRUPT, E_TIMEOUT, …) is its outcome and is never
// retried; a lost connection, a server restarting, a deadlock or serialization failure is.

/** SQLSTATE classes and codes that say "try again", not "this is wrong". */
const TRANSIENT_SQLSTATE = /^(?:08|53|57P0[1-3]|40001|40P01|55P03|58P01)/;
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
const TRANSIENT_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (?:starting up|shutting down|in recovery mode)|terminating connection|timeout exceeded when trying to connect|Client was closed/i;

export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: unknown; message?: unknown };
    if (typeof x.code === 'string' && (TRANSIENT_SQLSTATE.test(x.code) || TRANSIENT_ERRNO.has(x.code))) return true;
    if (typeof x.message === 'string' && TRANSIENT_MESSAGE.test(x.message)) return true;
  }
  return false;
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/**
 * Run `fn`, trying again after 0.5, 1, 2, 4, 8, 16 s (about half a minute) while it fails
 * transiently: a server restart costs a pause, not the document already read. Other
 * failures, and the last transient one, are thrown.
 */
export async function withRetry<T>(fn: () => Promise<T>, o: { attempts?: number; firstDelayMs?: number; onRetry?: (err: unknown, attempt: number) => void } = {}): Promise<T> {
  const attempts = o.attempts ?? 7;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isTransient(err)) throw err;
      o.onRetry?.(err, i);
      await sleep((o.firstDelayMs ?? 500) * 2 ** (i - 1));
    }
  }
}
