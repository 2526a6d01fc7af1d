// Facts → findings from the accounting identities. (The identities themselves come in
// src/validate/identities.ts; this entry point keeps the pipeline's shape stable.)
import type { Disclosure } from '../core/types.ts';
import type { SegmentedDoc } from '../segment/segment.ts';

export function validateDisclosure(d: Disclosure, _seg: SegmentedDoc): Disclosure {
  return d;
}
