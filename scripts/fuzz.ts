// Hostile input at scale: damaged copies of the corpus PDFs, HTML pages and text dumps,
// ingested as one batch through `yusuan ingest`. Prints a summary; exits 1 on a regression
// (an input without an outcome, E_INTERNAL, a hang, a document over the time limit, the run
// over the memory limit), each kept as a case under <out>/cases with the command that makes
// it again.
//   npm run fuzz -- --seed 1 --count 1000 [--only 12,40] [--jobs 2] [--out DIR]
//                   [--sources dir,dir] [--max-ms 30000] [--ocr-page-ms 10000] [--max-rss 1200] [--timeout S] [--page-timeout S]
import { runFuzz } from './fuzz/run.ts';
import { scriptOptions, wholeNumber } from './lib/args.ts';

try {
  const a = scriptOptions(process.argv.slice(2), ['seed', 'count', 'only', 'jobs', 'out', 'sources', 'max-ms', 'max-rss', 'ocr-page-ms', 'timeout', 'page-timeout']) as Record<string, string | undefined>;
  const int = wholeNumber;
  const only = a['only']?.split(',').map((s) => int(s, 'only', 0));
  const r = await runFuzz({
    seed: int(a['seed'], 'seed', 1),
    count: int(a['count'], 'count', 100),
    ...(only ? { only } : {}),
    ...(a['sources'] ? { sources: a['sources'].split(',') } : {}),
    ...(a['out'] ? { out: a['out'] } : {}),
    jobs: int(a['jobs'], 'jobs', 2),
    ...(a['timeout'] ? { timeoutSeconds: int(a['timeout'], 'timeout', 60) } : {}),
    ...(a['page-timeout'] ? { pageTimeoutSeconds: int(a['page-timeout'], 'page-timeout', 20) } : {}),
    limits: { maxMs: int(a['max-ms'], 'max-ms', 30_000), ocrPageMs: int(a['ocr-page-ms'], 'ocr-page-ms', 10_000), maxRssMb: int(a['max-rss'], 'max-rss', 1200) },
    log: (l) => process.stderr.write(l + '\n'),
  });
  process.stdout.write(r.summary + '\n');
  process.stderr.write(`inputs, database, cases and summary in ${r.out}\n`);
  process.exitCode = r.regressions.length ? 1 : 0;
} catch (err) {
  process.stderr.write(`fuzz: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
