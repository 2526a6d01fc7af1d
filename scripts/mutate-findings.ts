// Mutation tests for validation (issue 16): clean documents, one problem injected at a time
// into the extracted pages (a table cell, a 合计, a prose figure, a comparison word, a year,
// a whole table), read again; is the problem reported, at the right place, and nothing else?
//   npm run mutate -- [--seed N] [--count N] [--docs LIST] [--kinds k,k] [--out DIR] [--only ID,ID] [--quiet]
// --docs: comma-separated files, folders or aliases (seeds, real, bulk-gold, bulk); default
// seeds,real,bulk-gold. Results (results.ndjson, baselines.ndjson, summary.txt) go to --out,
// a temporary folder by default, printed at the end.
import { KINDS, type Kind } from './mutate/targets.ts';
import { runMutations } from './mutate/run.ts';
import { scriptOptions, wholeNumber } from './lib/args.ts';

try {
  const a = scriptOptions(process.argv.slice(2), ['seed', 'count', 'docs', 'kinds', 'out', 'only'], ['quiet']) as Record<string, string | undefined>;
  const int = wholeNumber;
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
