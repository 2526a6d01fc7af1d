// Confidence: a table whose own identities fail (a row that does not add up, a 类 that is
// not the sum of its 款) is marked with a B01 finding whose first source names the table
// (`context`), so that `yusuan eval --by-balance` can score its facts apart.
import type { Finding } from '../core/types.ts';
import { lineSource, type ValidationContext } from './context.ts';
import { tableName } from './describe.ts';

export function markUnbalancedTables(ctx: ValidationContext): Finding[] {
  const byTable = new Map<string, Map<string, number>>();
  for (const m of ctx.marks) {
    for (const c of m.contexts) {
      const counts = byTable.get(c) ?? new Map<string, number>();
      counts.set(m.code, (counts.get(m.code) ?? 0) + 1);
      byTable.set(c, counts);
    }
  }
  const out: Finding[] = [];
  for (const [context, counts] of byTable) {
    const table = ctx.tables.tablesOf(context)[0];
    const where = { page: table?.titleLine?.page ?? table?.rows[0]?.page ?? null, line: table?.titleLine?.line ?? null, bbox: null };
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    const list = [...counts].map(([code, k]) => (k > 1 ? `${code} ×${k}` : code)).join(', ');
    out.push({
      code: 'B01',
      severity: 'info',
      message: `${tableName(context)} fails ${n} identit${n === 1 ? 'y' : 'ies'} inside it (${list}): the figures read from it are less certain`,
      keys: [],
      sources: [lineSource(ctx, where, 'table', table?.title ?? context, context)],
      found: String(n),
    });
  }
  return out;
}

/** The tables (contexts) a document's B01 findings mark. */
export function unbalancedContexts(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.code === 'B01').map((f) => f.sources[0]?.context ?? '').filter((c) => c !== ''));
}
