// The work a worker thread does for one document: read the file, check the PDF limits,
// extract, interpret and validate. It answers with plain data small enough to cross to the
// main thread: the disclosure, and of the extracted pages only their numbers and methods
// (the lines and grids are released here, in the worker, as soon as facts are made).
import type { Disclosure, PageMethod, SourceFile } from '../core/types.ts';
import { YusuanError } from '../core/errors.ts';
import { extractDocument, interpretExtracted } from './process-document.ts';
import type { KnownIdentity } from '../core/identity-table.ts';
import { readInput } from './read-input.ts';
import { checkPdfLimits, type PdfLimits } from './limits.ts';
import { classifyError, type ErrorInfo } from './classify-error.ts';
import type { TaskContext } from './worker-protocol.ts';
import { gateOcr, releaseOcr } from './ocr-gate.ts';

export interface DocTask {
  readonly path: string;
  readonly limits: PdfLimits;
  /** OCR engines this worker may keep (see ocr-gate.ts). */
  readonly ocrEngines: number;
  /** The row of the --identity table for this file, if any: it wins over the content. */
  readonly known?: KnownIdentity;
}

export interface PageStub {
  readonly number: number | null;
  readonly method: PageMethod;
}

export type DocResult =
  | {
      readonly ok: true;
      readonly file: SourceFile;
      readonly pages: readonly PageStub[];
      readonly warnings: readonly string[];
      readonly meta: Readonly<Record<string, string>>;
      readonly disclosure: Disclosure;
    }
  | { readonly ok: false; readonly error: ErrorInfo; readonly sha256?: string; readonly pages: number; readonly ocrPages: number };

export async function readDocument(task: DocTask, ctx: TaskContext): Promise<DocResult> {
  let file: SourceFile | undefined;
  let pages: readonly PageStub[] = [];
  try {
    const input = readInput(task.path);
    file = input.file;
    if (file.kind === 'pdf') {
      checkPdfLimits(input.bytes, task.path, task.limits);
      await gateOcr(task.ocrEngines, ctx.ocrSlot);
    }
    // Pages read by OCR are announced as each is done (they take seconds); the rest once the
    // extractor is done.
    const announced = new Set<number>();
    const onOcrPage = (n: number): void => {
      announced.add(n);
      ctx.page(n, 'ocr');
    };
    const doc = await extractDocument(file, input.bytes, { maxPages: task.limits.maxPages, refuseOverMaxPages: true, maxImagePixels: task.limits.maxImagePixels, onOcrPage, onPage: ctx.progress });
    pages = doc.pages.map((p) => ({ number: p.number, method: p.method }));
    for (const p of pages) if (p.number === null || !announced.has(p.number)) ctx.page(p.number, p.method);
    await releaseOcr();
    const disclosure = interpretExtracted(doc, { requireBudgetContent: true, ...(task.known ? { known: task.known } : {}) });
    const { unit, year, stage } = disclosure.identity;
    if (!unit || !year || !stage) {
      const missing = [!unit && 'unit', !year && 'year', !stage && 'stage'].filter(Boolean).join(', ');
      throw new YusuanError('E_NO_CONTENT', `${file.name}: a disclosure, but its ${missing} could not be read from its content or its file name`, {
        file: task.path,
        hint: 'give the identity with --identity FILE (a TSV of file, unit, year, stage), or check that the title page is not an image',
      });
    }
    return { ok: true, file, pages, warnings: doc.warnings, meta: doc.meta, disclosure };
  } catch (err) {
    await releaseOcr();
    return {
      ok: false,
      error: classifyError(err, task.path),
      ...(file ? { sha256: file.sha256 } : {}),
      pages: pages.length,
      ocrPages: pages.filter((p) => p.method === 'ocr').length,
    };
  }
}
