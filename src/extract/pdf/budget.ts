// Work limits per page. A damaged or hostile page can hand back millions of drawing operations
// or text runs (a content stream repeated, a compression bomb of operators); our layout,
// ruling and grid steps grow faster than linearly with them. Clean disclosures stay far below:
// their busiest pages hold some 37,000 operations and 3,700 text runs. Over a limit the
// document fails at once, typed, rather than run into the document's time limit.
// (What pdf.js itself spends before it hands them over is bounded by the worker pool's time
// limit per page: worker-pool.ts.)
import { YusuanError } from '../../core/errors.ts';

export const MAX_PAGE_OPERATIONS = 500_000;
export const MAX_PAGE_TEXT_ITEMS = 100_000;

export function checkPageWork(page: number, textItems: number, operations: number): void {
  const over =
    operations > MAX_PAGE_OPERATIONS ? `${operations} drawing operations (the limit is ${MAX_PAGE_OPERATIONS})`
    : textItems > MAX_PAGE_TEXT_ITEMS ? `${textItems} text runs (the limit is ${MAX_PAGE_TEXT_ITEMS})`
    : null;
  if (over) throw new YusuanError('E_TOO_LARGE', `page ${page} holds ${over}: the file is damaged or built to exhaust a reader`, { hint: 'check the file; a genuine page this heavy needs to be read alone' });
}
