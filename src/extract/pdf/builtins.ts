// pdfjs-dist's legacy build bundles core-js, which replaces two built-ins of Node 20 for the
// whole process with slow JavaScript versions that follow newer editions of the spec:
// - Array.prototype.push, because V8 11 does not throw on `push()` with no arguments onto an
//   array whose length is read-only (https://bugs.chromium.org/p/v8/issues/detail?id=12681);
//   the replacement is about 7× slower, and every push in the process (pdf.js's operator
//   lists, our layout, the interpreters) goes through it: ~15% of the text-layer path;
// - JSON.stringify, for JSON.rawJSON (a proposal nobody here uses): about 5× slower.
// Neither difference matters to pdf.js or to us. This module takes the native functions before
// pdf.js is evaluated (load.ts imports it first) and `restoreBuiltins` puts them back once
// pdf.js and its worker have loaded. The features core-js *adds* (Promise.try,
// Map.prototype.getOrInsert, Uint8Array.prototype.toBase64 …) stay: pdf.js needs them.

/**
 * The functions as they were before any core-js ran in this realm. Taken by whatever ran
 * first: this module, when it is evaluated before pdf.js (load.ts imports it first), or the
 * worker pool's boot code, which runs before a bundled worker's imports (a bundle's imports of
 * packages are evaluated before any of its own code, pdf.js's core-js among them).
 */
interface Natives {
  /** True when no core-js had run yet: the functions are the engine's own. */
  readonly pristine: boolean;
  readonly push: typeof Array.prototype.push;
  readonly stringify: typeof JSON.stringify;
}

/** Self-contained (it is also run as source text, TAKE_NATIVES): names nothing outside itself. */
function takeNatives(): void {
  const realm = globalThis as unknown as Record<symbol, unknown>;
  realm[Symbol.for('yusuan.builtins')] ??= { pristine: !('__core-js_shared__' in globalThis), push: Array.prototype.push, stringify: JSON.stringify };
}

/** Code that takes the natives before anything else runs (the first line of a worker's boot). */
export const TAKE_NATIVES = `(${takeNatives.toString()})();`;

takeNatives();
const natives = (globalThis as unknown as Record<symbol, Natives>)[Symbol.for('yusuan.builtins')]!;
const pristine = natives.pristine;
const nativePush = natives.push;
const nativeStringify = natives.stringify;

/** Put the native Array.prototype.push and JSON.stringify back (a no-op when they were never replaced). */
export function restoreBuiltins(): void {
  if (!pristine) return;
  if (Array.prototype.push !== nativePush) Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  if (JSON.stringify !== nativeStringify) Object.defineProperty(JSON, 'stringify', { value: nativeStringify, writable: true, configurable: true, enumerable: false });
}

/** Whether the native functions are in place (for tests). */
export function builtinsAreNative(): boolean {
  return Array.prototype.push === nativePush && JSON.stringify === nativeStringify;
}
