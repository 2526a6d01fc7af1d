// A worker for the WorkerPool tests that loads pdf.js as the document worker does, and answers
// whether the built-ins pdf.js's core-js replaces were put back (builtins.ts).
import { serveTasks } from '../src/pipeline/worker-protocol.ts';
import { builtinsAreNative } from '../src/extract/pdf/builtins.ts';
import { pdfjs } from '../src/extract/pdf/load.ts';

/**
 * Which push this is, by behaviour (core-js makes its functions print as native code): Node 20's
 * own does not throw on push() with no arguments onto an array whose length is read-only;
 * core-js's does (that is why it replaces it).
 */
function whosePush(): 'native' | 'core-js' {
  const a: unknown[] = [];
  Object.defineProperty(a, 'length', { writable: false });
  try {
    a.push();
    return 'native';
  } catch {
    return 'core-js';
  }
}

serveTasks<{ kind: 'builtins' }, string>(async () => JSON.stringify({ push: whosePush(), restored: builtinsAreNative(), pdfjs: typeof pdfjs.getDocument }));
