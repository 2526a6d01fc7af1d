// Mutation tests for validation (issue 16): clean documents, one problem injected at a time
// into the extracted pages (a table cell, a 合计, a prose figure, a comparison word, a year,
// a whole table), read again; is the problem reported, at the right place, and nothing else?
//   npm run mutate -- [--seed N] [--count N] [--docs LIST] [--kinds k,k] [--out DIR] [--only ID,ID] [--quiet]
// --docs: comma-separated files, folders or aliases (seeds, real, bulk-gold, bulk); default
// seeds,real,bulk-gold. Results (results.ndjson, baselines.ndjson, summary.txt) go to --out,
// a temporary folder by default, printed at the end.
import { KINDS, type Kind } from './mutate/targets.ts';
import { runMutations } from './mutate/run.ts';

function parse(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    if (a === '--quiet') {
      out['quiet'] = '1';
      continue;
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
    out[a.slice(2)] = v;
    i++;
  }
  return out;
}

function int(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a whole number, got ${v}`);
  return n;
}

const KNOWN = new Set(['seed', 'count', 'docs', 'kinds', 'out', 'only', 'quiet']);
try {
  const a = parse(process.argv.slice(2));
  for (const k of Object.keys(a)) if (!KNOWN.has(k)) throw new Error(`unknown option --${k}`);
  const kinds = a['kinds']?.split(',').map((k) => {
    if (!(KINDS as readonly string[]).includes(k)) throw new Error(`--kinds: ${k} is not one of ${KINDS.join(', ')}`);
    return k as Kind;
  });
  const r = await runMutations({
    seed: int(a['seed'], 'seed', 1),
    count: int(a['count'], 'count', 400),
    ...(a['docs'] ? { docs: a['docs'] } : {}),
    ...(kinds ? { kinds } : {}),
    ...(a['out'] ? { out: a['out'] } : {}),
    ...(a['only'] ? { only: a['only'].split(',') } : {}),
    log: a['quiet'] ? () => {} : (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(r.summary + '\n');
  process.stderr.write(`results.ndjson, baselines.ndjson and summary.txt in ${r.out}\n`);
  const broken = r.baselines.some((b) => !b.error && (!b.deterministic || b.untouchedNew > 0 || b.unchangedAfterRun === false));
  process.exitCode = broken ? 1 : 0;
} catch (err) {
  process.stderr.write(`mutate: ${(err as Error).stack ?? (err as Error).message}\n`);
  process.exitCode = 2;
}
