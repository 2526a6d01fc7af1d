// Entry of the page-rendering worker thread (started through WorkerPool by renderer.ts): page
// sizes of a stored PDF, and a page drawn by pdf.js on @napi-rs/canvas as PNG. The last few
// documents stay open between tasks.
import { serveTasks } from '../pipeline/worker-protocol.ts';
import { drawPage, withRenderablePdf } from '../extract/ocr/render.ts';
import type { PDFDocumentProxy } from '../extract/pdf/load.ts';
import { readStoredFile, type StoredRef } from './stored-file.ts';

export type RenderTask =
  | { readonly op: 'ping' }
  | { readonly op: 'sizes'; readonly doc: StoredRef }
  | { readonly op: 'page'; readonly doc: StoredRef; readonly page: number; readonly scale: number };

export type RenderResult = { readonly pong: true } | { readonly sizes: ReadonlyArray<readonly [number, number]> } | { readonly png: Uint8Array; readonly width: number; readonly height: number };

/** Pixels a rendered page may have at most; a larger one is drawn at a smaller scale. */
const MAX_PIXELS = 24e6;
const KEEP_OPEN = 3;

interface Held {
  readonly doc: PDFDocumentProxy;
  readonly close: () => void;
}

const open = new Map<string, Promise<Held>>();

/** Open a document and keep it open (withRenderablePdf destroys it once `close` is called). */
function hold(ref: StoredRef): Promise<Held> {
  const had = open.get(ref.sha256);
  if (had) {
    open.delete(ref.sha256);
    open.set(ref.sha256, had); // most recently used last
    return had;
  }
  const bytes = readStoredFile(ref);
  const held = new Promise<Held>((resolve, reject) => {
    let close!: () => void;
    const closed = new Promise<void>((r) => (close = r));
    withRenderablePdf(bytes, async (doc) => {
      resolve({ doc, close });
      await closed;
    }).catch(reject);
  });
  held.catch(() => open.delete(ref.sha256));
  open.set(ref.sha256, held);
  while (open.size > KEEP_OPEN) {
    const [oldest, p] = open.entries().next().value as [string, Promise<Held>];
    open.delete(oldest);
    void p.then((h) => h.close(), () => undefined);
  }
  return held;
}

async function handle(task: RenderTask): Promise<RenderResult> {
  if (task.op === 'ping') return { pong: true };
  const { doc } = await hold(task.doc);
  if (task.op === 'sizes') {
    const sizes: Array<[number, number]> = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const vp = (await doc.getPage(i)).getViewport({ scale: 1 });
      sizes.push([Math.round(vp.width * 100) / 100, Math.round(vp.height * 100) / 100]);
    }
    return { sizes };
  }
  if (!Number.isInteger(task.page) || task.page < 1 || task.page > doc.numPages) throw new Error(`no page ${task.page} in ${task.doc.file}`);
  const page = await doc.getPage(task.page);
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(task.scale, Math.sqrt(MAX_PIXELS / (base.width * base.height)));
  try {
    // the canvas is @napi-rs/canvas's (pdf.js's own factory): it encodes itself
    return await drawPage(doc, page, scale, async ({ canvas, width, height }) => {
      const png = await (canvas as unknown as { encode(format: 'png'): Promise<Buffer> }).encode('png');
      return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width, height };
    });
  } finally {
    page.cleanup();
  }
}

serveTasks<RenderTask, RenderResult>((task) => handle(task));
