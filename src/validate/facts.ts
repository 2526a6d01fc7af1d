// The merged facts of one disclosure, indexed for the identities: amounts by key, the
// expenditure keys parsed into (scope, classification, code, measure, suffix), and which
// table each fact was read from (a source's `context` names its table).
import type { Fact, Source } from '../core/types.ts';
import { amountOfFact, type Amount } from './amounts.ts';

export type Measure = 'total' | 'basic' | 'project' | 'personnel' | 'public' | 'reserve';
export type Suffix = '' | '_prior' | '_budget' | '_change';

/** An expenditure key: `exp.gpb.func.2010350.total_prior` or `units.X.exp.all.basic`. */
export interface ExpKey {
  /** Everything before the classification: `exp.gpb`, `units.X.exp.all`. */
  readonly prefix: string;
  readonly scope: string;
  readonly cls: 'func' | 'econ' | 'gecon' | null;
  readonly code: string | null;
  readonly measure: Measure;
  readonly suffix: Suffix;
}

const EXP_KEY = /^((?:units\.[^.]+\.)?exp\.(all|fiscal|gpb|gf|soe))(?:\.(func|econ|gecon)\.(\d{3,7}))?\.(total|basic|project|personnel|public|reserve)(_prior|_budget|_change)?$/u;

export function parseExpKey(key: string): ExpKey | undefined {
  const m = EXP_KEY.exec(key);
  if (!m) return undefined;
  return {
    prefix: m[1]!,
    scope: m[2]!,
    cls: (m[3] as ExpKey['cls']) ?? null,
    code: m[4] ?? null,
    measure: m[5] as Measure,
    suffix: (m[6] ?? '') as Suffix,
  };
}

/** The key of a row (everything but the measure): `exp.gpb.func.201`, `exp.all`. */
export function rowBase(k: ExpKey): string {
  return k.cls ? `${k.prefix}.${k.cls}.${k.code}` : k.prefix;
}

/**
 * The column a key's figure sits in, within the rows that share a prefix: an expenditure
 * measure (`exp.gpb` + `basic_prior`), a “三公” item (`tp.fiscal` + `reception`), a
 * procurement category (`proc` + `goods`).
 */
export function columnOf(key: string): { prefix: string; column: string } | undefined {
  const k = parseExpKey(key);
  if (k) return { prefix: k.prefix, column: k.measure + k.suffix };
  const tp = /^(tp\.[a-z]+)\.([a-z_]+)$/u.exec(key);
  if (tp) return { prefix: tp[1]!, column: tp[2]! };
  const proc = /^(proc)\.([a-z]+)$/u.exec(key);
  if (proc) return { prefix: proc[1]!, column: proc[2]! };
  return undefined;
}

export function isTableSource(s: Source): boolean {
  return s.method === 'table' || s.method === 'ocr-table';
}

export class FactIndex {
  private readonly byKey = new Map<string, Fact>();
  private readonly amounts = new Map<string, Amount>();
  /** table context → measures+suffix seen per key prefix there: which columns a table has. */
  private readonly columns = new Map<string, Set<string>>();

  /**
   * `contested`: keys whose sources disagree (K01). Their figure is uncertain and already
   * reported, so the identities treat them as absent rather than fail on them again.
   */
  constructor(
    readonly facts: readonly Fact[],
    contested: ReadonlySet<string> = new Set(),
    /** Tables (contexts) with rows the reader could not place (C01): their lists of children may be short. */
    private readonly unplaced: ReadonlySet<string> = new Set(),
  ) {
    for (const f of facts) {
      this.byKey.set(f.key, f);
      const a = amountOfFact(f);
      if (a && !contested.has(f.key)) this.amounts.set(f.key, a);
      const col = columnOf(f.key);
      if (!col) continue;
      for (const ctx of this.tableContexts(f.key)) {
        const id = `${ctx}|${col.prefix}`;
        let set = this.columns.get(id);
        if (!set) this.columns.set(id, (set = new Set()));
        set.add(col.column);
      }
    }
  }

  fact(key: string): Fact | undefined {
    return this.byKey.get(key);
  }

  amount(key: string): Amount | undefined {
    return this.amounts.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(re: RegExp): string[] {
    return [...this.byKey.keys()].filter((k) => re.test(k));
  }

  amountKeys(): string[] {
    return [...this.amounts.keys()];
  }

  /** The contexts (table id and title) of the tables a fact was read from. */
  tableContexts(key: string): string[] {
    const f = this.byKey.get(key);
    if (!f) return [];
    return [...new Set(f.sources.filter(isTableSource).map((s) => s.context ?? ''))];
  }

  fromTable(key: string): boolean {
    return this.tableContexts(key).length > 0;
  }

  /** Read from a table every row of which was placed: its rows are all there is. */
  fromCompleteTable(key: string): boolean {
    const contexts = this.tableContexts(key);
    return contexts.length > 0 && contexts.every((c) => !this.unplaced.has(c));
  }

  /**
   * Is `key` absent only because its cell is blank? True when a table that printed
   * `besideKey` (the total of the same row) has that column elsewhere: it printed the column
   * for other rows, so this row's cell is empty, which counts as 0 in arithmetic.
   */
  isBlankBeside(key: string, besideKey: string): boolean {
    const col = columnOf(key);
    // a fact left out as contested is not blank: its figure is only uncertain
    if (!col || this.byKey.has(key)) return false;
    return this.tableContexts(besideKey).some((c) => this.columns.get(`${c}|${col.prefix}`)?.has(col.column) ?? false);
  }

  /**
   * The sources a finding about these keys should point at: for each key its table sources
   * (the printed cells the identity used), else its first source. Duplicates removed.
   */
  sourcesFor(keys: readonly string[], opts: { contexts?: ReadonlySet<string> } = {}): Source[] {
    const out: Source[] = [];
    const seen = new Set<string>();
    const push = (s: Source) => {
      const id = `${s.page}|${s.line}|${s.context ?? ''}|${s.text}`;
      if (seen.has(id)) return;
      seen.add(id);
      out.push(s);
    };
    for (const key of keys) {
      const f = this.byKey.get(key);
      if (!f || f.sources.length === 0) continue;
      const tables = f.sources.filter(isTableSource);
      const chosen = opts.contexts ? tables.filter((s) => opts.contexts!.has(s.context ?? '')) : tables;
      if (chosen.length > 0) chosen.forEach(push);
      else push(tables[0] ?? f.sources[0]!);
    }
    return out;
  }
}
