// An input's outcome from what happened to it, the same records whichever path stored it
// (the in-process ingest or a queue worker), and the extracted document the store needs.
import { YusuanError } from '../core/errors.ts';
import type { KnownIdentity } from '../core/identity-table.ts';
import type { ExtractedDoc, Page } from '../core/types.ts';
import type { DocResult } from './read-document.ts';
import type { DocumentOutcome } from './runs.ts';

export type ReadOk = Extract<DocResult, { ok: true }>;

/** The store needs only the page count and methods of the extracted document. */
export function extractedDoc(r: ReadOk): ExtractedDoc {
  const pages: Page[] = r.pages.map((p) => ({ number: p.number, method: p.method, blocks: [] }));
  return { file: r.file, pages, warnings: r.warnings, meta: r.meta };
}

/** The outcome of a document read and stored (the store turns it to skipped if stored meanwhile). */
export function storedOutcome(path: string, r: ReadOk, durationMs: number): DocumentOutcome {
  const { identity } = r.disclosure;
  return {
    path,
    status: 'stored',
    sha256: r.file.sha256,
    durationMs,
    pages: r.pages.length,
    ocrPages: r.pages.filter((p) => p.method === 'ocr').length,
    facts: r.disclosure.facts.length,
    findings: r.disclosure.findings.length,
    unit: identity.unit,
    year: identity.year,
    stage: identity.stage,
  };
}

export function failedOutcome(path: string, e: YusuanError, x: { sha256?: string; durationMs: number; pages?: number; ocrPages?: number }): DocumentOutcome {
  return {
    path,
    status: 'failed',
    ...(x.sha256 ? { sha256: x.sha256 } : {}),
    errorCode: e.code,
    message: e.message,
    ...(e.hint ? { hint: e.hint } : {}),
    durationMs: x.durationMs,
    pages: x.pages ?? 0,
    ocrPages: x.ocrPages ?? 0,
  };
}

export function skippedOutcome(path: string, message: string, x: { sha256?: string; durationMs: number }): DocumentOutcome {
  return { path, status: 'skipped', ...(x.sha256 ? { sha256: x.sha256 } : {}), message, durationMs: x.durationMs, pages: 0, ocrPages: 0 };
}

export const SAME_AS_EARLIER = (first: string): string => `same content as ${first}, earlier in this run`;
export const UNCHANGED = 'unchanged since it was stored';

/** A file the --identity table marks as not a disclosure: it fails unread (ingest and enqueue alike). */
export function notDisclosure(path: string, known: KnownIdentity): YusuanError {
  return new YusuanError('E_NOT_DISCLOSURE', `${path}: the identity table (line ${known.row}) marks this file as not a disclosure${known.kind ? ` (${known.kind})` : ''}; it was not read`, {
    file: path,
    hint: 'remove the row from the identity table to read the file anyway',
  });
}
