// Building a fact's or a finding's source: which file, where in it, how it was read.
import type { BBox, Method, Source, SourceFile } from './types.ts';

export interface Where {
  readonly page: number | null;
  readonly line: number | null;
  readonly bbox: BBox | null;
}

export function sourceFor(file: Pick<SourceFile, 'sha256' | 'name'>, where: Where, method: Method, text: string, context?: string): Source {
  return { doc: file.sha256, file: file.name, page: where.page, line: where.line, bbox: where.bbox, method, text, ...(context ? { context } : {}) };
}
