// The public shapes, as zod schemas: the exported fact (../shared/spec/facts.md) and the gold file.
import { z } from 'zod';

export const SourceSchema = z.object({
  doc: z.string(),
  file: z.string(),
  page: z.number().int().nullable(),
  line: z.number().int().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly().nullable(),
  method: z.enum(['table', 'prose', 'ocr-table', 'ocr-prose', 'derived']),
  text: z.string(),
  context: z.string().optional(),
});

export const ExportedFactSchema = z.object({
  unit: z.string().nullable(),
  year: z.number().int().nullable(),
  stage: z.enum(['budget', 'final']).nullable(),
  key: z.string().min(1),
  value: z.union([z.number(), z.string()]),
  source: SourceSchema,
  sources: z.array(SourceSchema).min(1),
  /** A reviewer's verdict in force (yusuan serve): confirmed, corrected, or none yet. */
  review: z.enum(['confirmed', 'corrected', 'unreviewed']).optional(),
  /** For a corrected fact: the right value, in the shape of `value`. */
  review_value: z.union([z.number(), z.string()]).optional(),
});
export type ExportedFact = z.infer<typeof ExportedFactSchema>;

export const GoldSchema = z.object({
  file: z.string(),
  unit: z.string(),
  /** Other names of the same unit a reader accepts. */
  alt_units: z.array(z.string()).default([]),
  year: z.number().int(),
  stage: z.enum(['budget', 'final']),
  required: z.record(z.string(), z.union([z.number(), z.string()])),
  optional: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
  findings: z.array(z.string()).default([]),
});
export type Gold = z.infer<typeof GoldSchema>;
