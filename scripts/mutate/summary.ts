// The run's summary in plain text: the clean documents (findings, determinism, an untouched
// copy), mutations per kind and what became of them, then every mutation that was missed or
// reported elsewhere, with its place and its text before and after, for fixing the checks.
import type { DocBaseline, MutationResult } from './run.ts';
import type { Kind } from './targets.ts';

const pct = (a: number, b: number): string => (b === 0 ? '   -' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

export function where(r: Pick<MutationResult, 'location'>): string {
  const l = r.location;
  const at = `p.${l.page ?? '-'} line ${l.line ?? '-'}`;
  const cell = l.cell !== undefined ? ` cell ${l.cell}` : '';
  const table = l.table ? ` [${l.table.slice(0, 40)}]` : '';
  return `${at}${cell}${table}`;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function summarize(seed: number, baselines: readonly DocBaseline[], results: readonly MutationResult[], kinds: readonly Kind[], ms: number): string {
  const out: string[] = [];
  const docs = new Set(results.map((r) => r.doc));
  const read = baselines.filter((b) => !b.error);
  out.push(`mutate seed ${seed}: ${results.length} mutations over ${docs.size} documents (${read.length} read clean, ${baselines.length - read.length} skipped), ${(ms / 1000).toFixed(1)} s`);
  const det = read.filter((b) => b.deterministic).length;
  const untouched = read.filter((b) => b.untouchedNew === 0).length;
  const after = read.filter((b) => b.unchangedAfterRun !== false).length;
  out.push(`clean documents: the same findings when read twice in ${det}/${read.length}; an untouched copy gives no new finding in ${untouched}/${read.length}; the same findings again after all mutations in ${after}/${read.length}`);
  out.push('');
  out.push('baseline per document (pages, findings by code, sites per kind):');
  for (const b of baselines) {
    if (b.error) {
      out.push(`  ${clip(b.doc, 48).padEnd(48)} SKIPPED: ${b.error}`);
      continue;
    }
    const codes = Object.entries(b.byCode).sort((x, y) => y[1] - x[1]).map(([c, n]) => `${c} ${n}`).join(', ');
    const flags = `${b.deterministic ? '' : ' NOT DETERMINISTIC'}${b.untouchedNew ? ` UNTOUCHED COPY: ${b.untouchedNew} new` : ''}`;
    out.push(`  ${clip(b.doc, 48).padEnd(48)} ${String(b.pages).padStart(3)} p  ${String(b.findings).padStart(3)} findings${codes ? ` (${codes})` : ''}${flags}`);
    out.push(`  ${''.padEnd(48)} sites: ${kinds.map((k) => `${k} ${b.sites[k] ?? 0}`).join(', ')}`);
  }
  out.push('');
  out.push('per kind                 n  detected  wrong-source  missed  error   detected%  noise (new findings elsewhere)');
  const line = (label: string, rs: readonly MutationResult[]) => {
    const n = rs.length;
    const c = (d: string) => rs.filter((r) => r.decision === d).length;
    const noise = rs.reduce((a, r) => a + r.noise, 0);
    return `  ${label.padEnd(20)} ${String(n).padStart(4)}  ${String(c('detected')).padStart(8)}  ${String(c('wrong-source')).padStart(12)}  ${String(c('missed')).padStart(6)}  ${String(c('error')).padStart(5)}   ${pct(c('detected'), n).padStart(9)}  ${noise} in ${rs.filter((r) => r.noise > 0).length} mutations`;
  };
  for (const k of kinds) out.push(line(k, results.filter((r) => r.kind === k)));
  out.push(line('ALL', results));
  out.push('');
  out.push('per kind and detail (detected/n):');
  for (const k of kinds) {
    const rs = results.filter((r) => r.kind === k);
    const details = [...new Set(rs.map((r) => r.detail))].sort();
    const parts = details.map((d) => {
      const x = rs.filter((r) => r.detail === d);
      return `${d} ${x.filter((r) => r.decision === 'detected').length}/${x.length}`;
    });
    out.push(`  ${k}: ${parts.join(', ')}`);
  }
  const codesOf = (rs: readonly MutationResult[], onTarget: boolean) => {
    const m = new Map<string, number>();
    for (const r of rs) for (const f of r.findings) if (!f.reading && f.onTarget === onTarget) m.set(f.code, (m.get(f.code) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  };
  out.push('');
  out.push('codes that reported the mutations (on target), per kind:');
  for (const k of kinds) out.push(`  ${k}: ${codesOf(results.filter((r) => r.kind === k && r.decision === 'detected'), true) || '-'}`);
  out.push(`noise by code (new document findings not pointing at the mutation): ${codesOf(results, false) || '-'}`);
  const readingOnly = results.filter((r) => r.readingOnly);
  if (readingOnly.length) out.push(`reported only by findings about the reading (not counted as detected): ${readingOnly.length} (${[...new Set(readingOnly.flatMap((r) => r.findings.filter((f) => f.reading && f.onTarget).map((f) => f.code)))].join(', ')})`);
  const idChanged = results.filter((r) => r.identityChanged);
  if (idChanged.length) out.push(`identity changed by the mutation: ${idChanged.length} (${idChanged.slice(0, 3).map((r) => `${r.id}: ${r.identityChanged}`).join('; ')})`);
  const skips = new Map<string, number>();
  for (const b of read) for (const [k, reasons] of Object.entries(b.skipped)) for (const [why, n] of Object.entries(reasons)) skips.set(`${k}: ${why}`, (skips.get(`${k}: ${why}`) ?? 0) + n);
  out.push('');
  out.push('sites left out (not injected meaningfully), over all documents:');
  for (const [k, n] of [...skips].sort()) out.push(`  ${k} — ${n}`);
  const none = read.flatMap((b) => kinds.filter((k) => !(b.sites[k] ?? 0)).map((k) => `${k} in ${clip(b.doc, 40)}`));
  if (none.length) out.push(`kinds with no site in a document: ${none.length} (${summarizeNone(read, kinds)})`);

  for (const decision of ['missed', 'wrong-source', 'error'] as const) {
    const rs = results.filter((r) => r.decision === decision);
    if (!rs.length) continue;
    out.push('');
    out.push(`${decision.toUpperCase()} (${rs.length}):`);
    for (const k of kinds) {
      const ks = rs.filter((r) => r.kind === k);
      if (!ks.length) continue;
      out.push(`  ${k} (${ks.length}):`);
      for (const r of ks) {
        const extra = decision === 'wrong-source' ? `  → ${r.findings.filter((f) => !f.reading).map((f) => `${f.code}@${f.at.join(',') || '-'}`).slice(0, 4).join(' ')}` : decision === 'error' ? `  ! ${r.error}` : '';
        out.push(`    ${r.id}  ${r.detail}  ${where(r)}  ${clip(r.old, 40)} → ${clip(r.new, 40)}${extra}`);
      }
    }
  }
  return out.join('\n');
}

function summarizeNone(read: readonly DocBaseline[], kinds: readonly Kind[]): string {
  return kinds
    .map((k) => [k, read.filter((b) => !(b.sites[k] ?? 0)).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}: ${n} documents`)
    .join(', ');
}
