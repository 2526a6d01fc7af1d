// What a mutator is: a named damage for some input kinds, drawn from a seeded generator so
// that the same seed and input number make the same bytes again.
import type { Rng } from '../rng.ts';

export type SourceKind = 'pdf' | 'html' | 'text';

export interface Mutation {
  readonly bytes: Buffer;
  /** What was done, in a few words with the numbers drawn (for the case file and summary). */
  readonly detail: string;
}

export interface MutationContext {
  /** The bytes of another source of any kind, for splicing. */
  readonly other: () => Buffer;
}

export interface Mutator {
  readonly name: string;
  readonly kinds: readonly SourceKind[];
  /** The damaged bytes, or null when the source has nothing this mutator works on. */
  apply(src: Buffer, rng: Rng, cx: MutationContext): Mutation | null;
}
