// Command-line options of the scripts (fuzz, mutate): node's own parseArgs, strict (an unknown
// option, a value missing or a stray argument is an error), and whole-number options checked.
import { parseArgs } from 'node:util';

/** `--name value` options (and `--flag` switches) into a record; throws on anything else. */
export function scriptOptions(argv: readonly string[], values: readonly string[], flags: readonly string[] = []): Record<string, string | true> {
  const options = Object.fromEntries([...values.map((v) => [v, { type: 'string' as const }]), ...flags.map((f) => [f, { type: 'boolean' as const }])]);
  const { values: got } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  return got as Record<string, string | true>;
}

/** A whole-number option, or its default when absent. */
export function wholeNumber(v: string | true | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number, got ${String(v)}`);
  return n;
}
