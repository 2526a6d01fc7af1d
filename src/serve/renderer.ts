// Page images for the review page: rendered once in a worker thread (render-worker.ts, so the
// server stays responsive while pdf.js draws) and kept in memory, least recently used out
// first; page sizes kept per document. Two requests for the same page wait for one rendering.
import { WorkerPool } from '../pipeline/worker-pool.ts';
import type { RenderResult, RenderTask } from './render-worker.ts';
import type { StoredRef } from './stored-file.ts';

export interface RendererOptions {
  /** Bytes of PNG kept in memory (default 256 MB). */
  readonly cacheBytes?: number;
  /** Pixels per PDF point (default 2: a 595-point A4 page is 1190 pixels wide). */
  readonly scale?: number;
  /** A page not rendered within this many seconds fails (its worker is replaced). */
  readonly timeoutSeconds?: number;
}

export interface PageImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

export class Renderer {
  private readonly pool: WorkerPool<RenderTask, RenderResult>;
  private readonly cache = new Map<string, PageImage>();
  private readonly pending = new Map<string, Promise<PageImage>>();
  private readonly sizes = new Map<string, Promise<ReadonlyArray<readonly [number, number]>>>();
  private cached = 0;
  private readonly cacheBytes: number;
  readonly scale: number;
  /** Pages rendered so far (not served from the cache): for tests and the log. */
  rendered = 0;

  constructor(opts: RendererOptions = {}) {
    this.cacheBytes = opts.cacheBytes ?? 256 * 1024 * 1024;
    this.scale = opts.scale ?? 2;
    this.pool = new WorkerPool<RenderTask, RenderResult>({
      script: new URL('./render-worker.ts', import.meta.url),
      size: 1,
      ocrSlots: 1,
      timeoutMs: (opts.timeoutSeconds ?? 120) * 1000,
      memoryMb: 1024,
      recycleAfter: 5000,
    });
  }

  /** Start the worker now (loading pdf.js takes seconds), so the first page does not wait for it. */
  warm(): Promise<void> {
    return this.pool.run({ op: 'ping' }, 'renderer').then(() => undefined);
  }

  /** Width and height in points of every page of a stored PDF. */
  pageSizes(doc: StoredRef): Promise<ReadonlyArray<readonly [number, number]>> {
    const had = this.sizes.get(doc.sha256);
    if (had) return had;
    const p = this.pool.run({ op: 'sizes', doc }, doc.file).then((r) => ('sizes' in r ? r.sizes : []));
    p.catch(() => this.sizes.delete(doc.sha256));
    this.sizes.set(doc.sha256, p);
    return p;
  }

  page(doc: StoredRef, page: number): Promise<PageImage> {
    const id = `${doc.sha256}:${page}`;
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return Promise.resolve(hit);
    }
    const running = this.pending.get(id);
    if (running) return running;
    const p = this.pool
      .run({ op: 'page', doc, page, scale: this.scale }, `${doc.file} page ${page}`)
      .then((r): PageImage => {
        if (!('png' in r)) throw new Error('the renderer answered without an image');
        this.rendered++;
        const img = { png: Buffer.from(r.png.buffer, r.png.byteOffset, r.png.byteLength), width: r.width, height: r.height };
        this.keep(id, img);
        return img;
      })
      .finally(() => this.pending.delete(id));
    this.pending.set(id, p);
    return p;
  }

  private keep(id: string, img: PageImage): void {
    if (img.png.length > this.cacheBytes) return;
    this.cache.set(id, img);
    this.cached += img.png.length;
    for (const [k, v] of this.cache) {
      if (this.cached <= this.cacheBytes) break;
      this.cache.delete(k);
      this.cached -= v.png.length;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
