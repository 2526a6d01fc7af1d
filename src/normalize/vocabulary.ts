// The Chinese vocabulary the pipeline recognises by meaning, read once from
// data/vocabulary/vocabulary.json (see its README): each entry is a regular expression
// source, a list is an alternation. Modules ask for compiled patterns by section.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Terms = z.array(z.string().min(1)).min(1);

const VocabularySchema = z.object({
  unit: z.object({
    orgSuffixes: Terms,
    levelTags: Terms,
    labels: Terms,
    parentLabels: Terms,
    notInName: Terms,
    dutyPhrases: Terms,
    selfReferences: Terms,
  }),
});

export type Vocabulary = z.infer<typeof VocabularySchema>;

let cached: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (!cached) {
    const url = new URL('../../data/vocabulary/vocabulary.json', import.meta.url);
    const parsed = VocabularySchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`data/vocabulary/vocabulary.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    cached = parsed.data;
  }
  return cached;
}

/** One alternation of a list's entries, longest first (so 委员会 is tried before 委). */
export function alternation(terms: readonly string[]): string {
  return `(?:${[...terms].sort((a, b) => b.length - a.length).join('|')})`;
}
