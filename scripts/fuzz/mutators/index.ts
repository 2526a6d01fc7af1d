// Every mutator, by the input kinds it damages.
import { BYTE_MUTATORS } from './bytes.ts';
import { HTML_MUTATORS } from './html.ts';
import { PDF_MUTATORS } from './pdf.ts';
import { TEXT_MUTATORS } from './text.ts';
import type { Mutator, SourceKind } from './types.ts';

export type { Mutation, Mutator, SourceKind } from './types.ts';
export { BYTE_MUTATORS } from './bytes.ts';

export const MUTATORS: readonly Mutator[] = [...BYTE_MUTATORS, ...PDF_MUTATORS, ...HTML_MUTATORS, ...TEXT_MUTATORS];

export function mutatorsFor(kind: SourceKind): Mutator[] {
  return MUTATORS.filter((m) => m.kinds.includes(kind));
}

export function mutatorNamed(name: string): Mutator {
  const m = MUTATORS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutator named ${name}`);
  return m;
}
