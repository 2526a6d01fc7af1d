// K01 findings come from merging (src/interpret/merge.ts): one key, two values. Here their
// message is rewritten in a reader's words — the printed texts and the tables or pages they
// stand in — and two performance indicators that share a name are called what they are.
import type { Finding, Source } from '../core/types.ts';
import { keyLabel, tableName } from './describe.ts';
import { isTableSource } from './facts.ts';

function place(s: Source): string {
  const page = s.page !== null ? `p.${s.page}` : s.line !== null ? `line ${s.line}` : '';
  return isTableSource(s) ? `${tableName(s.context ?? 'a table')}${page ? ' ' + page : ''}` : `the text${page ? ' ' + page : ''}`;
}

export function rewordConflict(f: Finding, year: number | null): Finding {
  if (f.code !== 'K01' || f.keys.length !== 1 || f.sources.length < 2) return f;
  const key = f.keys[0]!;
  const [kept, ...others] = f.sources;
  if (key.startsWith('perf.')) {
    const name = key.slice('perf.'.length);
    return {
      ...f,
      message: `${f.sources.length} performance indicators share the name '${name}' with different targets (${f.sources.map((s) => s.text).join(', ')}; ${[...new Set(f.sources.map(place))].join('; ')}), so the name does not identify one target`,
    };
  }
  const label = keyLabel(key, year);
  return {
    ...f,
    message: `${label === key ? key : `${label} (${key})`} is printed as ${kept!.text} in ${place(kept!)} but as ${others.map((s) => `${s.text} in ${place(s)}`).join(', ')}; the values differ beyond rounding, and the first is kept`,
  };
}
