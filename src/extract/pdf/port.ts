// The message port between pdf.js's API and its worker, both in this thread.
//
// In Node pdf.js runs its worker on the calling thread ("fake worker") and passes messages
// through a LoopbackPort that deep-copies each one with structuredClone, as a real worker
// boundary would. For operator lists that copy is most of what getOperatorList costs beyond
// parsing: a page holds some 3,000 operations, each with its own small argument array, and
// pdf.js copies them again into the page's list on arrival. This port delivers messages the
// same way (in order, one microtask each, to every listener) and copies them the same way,
// except operator-list chunks: their two arrays are copied (the worker empties and refills
// them after sending), the argument arrays inside are handed over as they are. The worker
// never changes an operation's arguments once added (what it hands over for transfer it gives
// up), and this side only reads them.

// pdf.js's OPS.save and OPS.restore (stable since its first operator lists)
const OP_SAVE = 10;
const OP_RESTORE = 11;

type Listener = (this: SameThreadPort, event: { data: unknown }) => void;

interface OpListChunk {
  readonly fnArray: unknown[];
  readonly argsArray: unknown[];
}

function isOpListChunk(chunk: unknown): chunk is OpListChunk {
  const c = chunk as Partial<OpListChunk> | null | undefined;
  return typeof c === 'object' && c !== null && Array.isArray(c.fnArray) && Array.isArray(c.argsArray);
}

/** A copy of a message as the other side receives it. */
export function copyMessage(obj: unknown, transfer?: readonly Transferable[] | null): unknown {
  const chunk = (obj as { chunk?: unknown } | null)?.chunk;
  if (isOpListChunk(chunk)) {
    return { ...(obj as object), chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
  }
  return structuredClone(obj, transfer && transfer.length ? { transfer: [...transfer] } : undefined);
}

/**
 * Counts what a page's streams (its operator list, its text) carry as they arrive, so that a
 * page over the work limits is stopped while pdf.js is still producing it: the operations of a
 * compression bomb would otherwise pile up by the million on this side before any check.
 */
export interface StreamLimits {
  readonly maxOperations: number;
  readonly maxTextItems: number;
  /**
   * How deep graphics states may be saved (`q` without `Q`). pdf.js copies its state stack
   * in a way that costs time in proportion to the depth at every save, so a page of unbalanced
   * saves takes time in the square of their number; clean disclosures save 7 deep at most.
   */
  readonly maxSaveDepth?: number;
  /** Called once, with what went over, when a stream passes its limit; nothing more of it is delivered. */
  readonly onExceeded: (what: string) => void;
}

/** Both ends of a same-thread channel, like pdf.js's LoopbackPort. */
export class SameThreadPort {
  readonly #listeners = new Map<Listener, (() => void) | null>();
  readonly #deferred = Promise.resolve();
  readonly #limits: StreamLimits | undefined;
  readonly #counts = new Map<unknown, number>();
  readonly #depths = new Map<unknown, number>();
  #exceeded = false;

  constructor(limits?: StreamLimits) {
    this.#limits = limits;
  }

  /** False for a stream chunk past the limits (the limits' callback is told once). */
  #withinLimits(obj: unknown): boolean {
    const l = this.#limits;
    const m = obj as { streamId?: unknown; chunk?: unknown } | null;
    if (!l || m?.streamId === undefined || m.chunk === undefined) return true;
    if (this.#exceeded) return false;
    const items = (m.chunk as { items?: unknown } | null)?.items;
    const [n, max, what] = isOpListChunk(m.chunk) ? [m.chunk.fnArray.length, l.maxOperations, 'drawing operations'] : Array.isArray(items) ? [items.length, l.maxTextItems, 'text runs'] : [0, Infinity, ''];
    if (n === 0) return true;
    if (l.maxSaveDepth !== undefined && isOpListChunk(m.chunk) && !this.#saveDepthWithin(m.streamId, m.chunk.fnArray, l.maxSaveDepth)) {
      this.#exceeded = true;
      l.onExceeded(`graphics states saved more than ${l.maxSaveDepth} deep`);
      return false;
    }
    const total = (this.#counts.get(m.streamId) ?? 0) + n;
    this.#counts.set(m.streamId, total);
    if (total <= max) return true;
    this.#exceeded = true;
    l.onExceeded(`more than ${max} ${what}`);
    return false;
  }

  /** Follows a stream's save depth through its next operations; false once it passes `max`. */
  #saveDepthWithin(stream: unknown, fns: readonly unknown[], max: number): boolean {
    let depth = this.#depths.get(stream) ?? 0;
    for (const fn of fns) {
      if (fn === OP_SAVE) {
        if (++depth > max) return false;
      } else if (fn === OP_RESTORE && depth > 0) depth--;
    }
    this.#depths.set(stream, depth);
    return true;
  }

  postMessage(obj: unknown, transfer?: readonly Transferable[] | null): void {
    if (!this.#withinLimits(obj)) return;
    const event = { data: copyMessage(obj, transfer) };
    void this.#deferred.then(() => {
      for (const [listener] of this.#listeners) listener.call(this, event);
    });
  }

  addEventListener(_name: string, listener: Listener, options: { signal?: AbortSignal } | null = null): void {
    let rmAbort: (() => void) | null = null;
    const signal = options?.signal;
    if (signal instanceof AbortSignal) {
      if (signal.aborted) return;
      const onAbort = (): void => this.removeEventListener(_name, listener);
      rmAbort = () => signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', onAbort);
    }
    this.#listeners.set(listener, rmAbort);
  }

  removeEventListener(_name: string, listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  terminate(): void {
    for (const [, rmAbort] of this.#listeners) rmAbort?.();
    this.#listeners.clear();
  }
}
