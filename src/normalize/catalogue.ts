// The classification catalogue: 政府收支分类科目 codes and names, keyed by edition year.
//
// Documents often print names without codes (prose such as "一般公共服务（类）政府办公厅（室）
// 及相关机构事务（款）事业运行（项）", Hainan's code-less tables), so a name has to be turned
// into a code. 项 names repeat in every 款 (行政运行 …), so a name is only ever resolved
// *within its parent*. The data lives in data/catalogue/*.tsv (see its README); a document's
// own (code, name) pairs are laid over it with `withLearned`, because the document is the
// best authority on the edition it was written against.
//
// Pure: the only I/O is reading the three TSV files once, on first use of `standard()`.

import { readFileSync } from 'node:fs';
import { remembered } from './text.ts';

export type ClassKind = 'func' | 'econ' | 'gecon';

export interface CatalogueEntry {
  kind: ClassKind;
  code: string;
  name: string;
  /** First budget year of the edition that has this name (inclusive); undefined = open. */
  from?: number;
  /** Last budget year (inclusive); undefined = still current. */
  to?: number;
  /** Where the row came from: `mof` (the MOF editions), `corpus`, `web`, `spec`, `learned`; joined by `+`. */
  source: string;
}

export type CodeMatch = { code: string; via: 'exact' | 'alias' | 'suffix' | 'learned' };

const FILES: Readonly<Record<ClassKind, string>> = {
  func: 'function.tsv',
  econ: 'economic.tsv',
  gecon: 'gov-economic.tsv',
};

/** 类 3 digits, 款 5, 项 7 (a few provinces print 7-digit economic codes: accepted when learned). */
const CODE_RE = /^\d{3}(?:\d{2}){0,2}$/;

/**
 * Standard 项 suffixes of the functional classification: nearly every 款 that funds
 * administrative or public-service units has them, even where the edition's list is not
 * in our data. The 99 suffix (其他…支出) is handled separately because its name depends
 * on the 款.
 */
const STANDARD_SUFFIX: ReadonlyMap<string, string> = new Map([
  ['行政运行', '01'],
  ['一般行政管理事务', '02'],
  ['机关服务', '03'],
  ['事业运行', '50'],
]);
const STANDARD_NAME: ReadonlyMap<string, string> = new Map([...STANDARD_SUFFIX].map(([n, s]) => [s, n]));

const LEVEL_LABEL = /（\d*[类款项]）/gu;
const QUOTES = /[“”"'‘’「」『』]/gu;
/** Enumerators a caller may leave on a row label: "一、", "1.", "（三）". Never "一般…": a delimiter must follow. */
const ENUMERATOR = /^(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十\d]{1,3}[、.．])+/u;

/**
 * The comparison form of a name: NFKC (full-width ASCII and Kangxi look-alikes folded),
 * whitespace removed, brackets as （）, quotes removed, level labels such as （类）/（210类）
 * and a leading enumerator dropped, 其它 spelt 其他, and a trailing 支出 dropped so that
 * 一般公共服务 = 一般公共服务支出. Idempotent.
 */
export function nameKey(name: string): string {
  return remembered(nameKeys, name, computeNameKey, NAME_KEYS_MAX);
}

/** nameKey is asked of the same row labels again and again (a profile's 1–2% of a document). */
const nameKeys = new Map<string, string>();
const NAME_KEYS_MAX = 50_000;

function computeNameKey(name: string): string {
  let s = name.normalize('NFKC').replace(/\s+/gu, '').replace(/\(/gu, '（').replace(/\)/gu, '）');
  // Repeat until stable: removing one label or quote can expose another ("（“类”）").
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(QUOTES, '').replace(LEVEL_LABEL, '').replace(ENUMERATOR, '').replace(/其它/gu, '其他');
  }
  // Strip trailing 支出, but never to nothing ("支出" alone stays a word).
  while (s.length > 2 && s.endsWith('支出')) s = s.slice(0, -2);
  return s;
}

/** A looser form for spelling variants (对个人和家庭补助 / 对个人和家庭的补助, 、 and bracketed asides). */
function looseKey(key: string): string {
  return key.replace(/（[^（）]*）/gu, '').replace(/[的、，,]/gu, '');
}

function sameChars(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

function validIn(e: CatalogueEntry, year: number | undefined): boolean {
  return year === undefined || ((e.from === undefined || year >= e.from) && (e.to === undefined || year <= e.to));
}

/** Distance from `year` to the entry's validity range (0 inside it); used to pick the nearest edition. */
function yearDistance(e: CatalogueEntry, year: number): number {
  if (e.from !== undefined && year < e.from) return e.from - year;
  if (e.to !== undefined && year > e.to) return year - e.to;
  return 0;
}

function childLength(parent: string | null): number | undefined {
  if (parent === null) return 3;
  return parent.length === 3 || parent.length === 5 ? parent.length + 2 : undefined;
}

/** The parent code by prefix (edition-independent), or null for a 类. */
export function parentCode(code: string): string | null {
  return code.length <= 3 ? null : code.slice(0, code.length - 2);
}

function parseTsv(kind: ClassKind, text: string, file: string): CatalogueEntry[] {
  const out: CatalogueEntry[] = [];
  const lines = text.split(/\r?\n/u);
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.startsWith('#')) return; // header, blanks, comments
    const [code = '', name = '', from = '', to = '', source = ''] = line.split('\t');
    if (!CODE_RE.test(code) || name === '') throw new Error(`${file}:${i + 1}: expected "code<TAB>name…", got ${JSON.stringify(line)}`);
    const entry: CatalogueEntry = { kind, code, name, source: source || 'mof' };
    if (from !== '') entry.from = Number.parseInt(from, 10);
    if (to !== '') entry.to = Number.parseInt(to, 10);
    if (Number.isNaN(entry.from ?? 0) || Number.isNaN(entry.to ?? 0)) throw new Error(`${file}:${i + 1}: bad year in ${JSON.stringify(line)}`);
    out.push(entry);
  });
  return out;
}

interface Index {
  /** kind:code → every edition's entry for that code. */
  byCode: Map<string, CatalogueEntry[]>;
  /** kind:parent ('' for top level) → entries directly below it. */
  byParent: Map<string, CatalogueEntry[]>;
}

function buildIndex(entries: Iterable<CatalogueEntry>): Index {
  const byCode = new Map<string, CatalogueEntry[]>();
  const byParent = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const ck = `${e.kind}:${e.code}`;
    const pk = `${e.kind}:${parentCode(e.code) ?? ''}`;
    let list = byCode.get(ck);
    if (!list) byCode.set(ck, (list = []));
    list.push(e);
    let siblings = byParent.get(pk);
    if (!siblings) byParent.set(pk, (siblings = []));
    siblings.push(e);
  }
  return { byCode, byParent };
}

let standardCache: Catalogue | undefined;

export class Catalogue {
  private constructor(
    private readonly std: Index,
    private readonly learned: Index,
  ) {}

  /** The shipped catalogue, loaded from data/catalogue/*.tsv once per process. */
  static standard(): Catalogue {
    if (standardCache) return standardCache;
    const entries: CatalogueEntry[] = [];
    for (const kind of Object.keys(FILES) as ClassKind[]) {
      const url = new URL(`../../data/catalogue/${FILES[kind]}`, import.meta.url);
      entries.push(...parseTsv(kind, readFileSync(url, 'utf8'), FILES[kind]));
    }
    standardCache = new Catalogue(buildIndex(entries), buildIndex([]));
    return standardCache;
  }

  /** Build a catalogue from given entries (tests, or data read elsewhere). */
  static of(entries: Iterable<CatalogueEntry>): Catalogue {
    return new Catalogue(buildIndex(entries), buildIndex([]));
  }

  /**
   * An overlay of the codes a document prints next to names. They win over the standard
   * data for that document, whatever their edition. Pairs with a malformed code or an empty
   * name are skipped (documents contain stray digits; the caller reports those, not us).
   */
  withLearned(pairs: Iterable<{ kind: ClassKind; code: string; name: string }>): Catalogue {
    const added: CatalogueEntry[] = [];
    for (const p of pairs) {
      const code = p.code.trim();
      if (!CODE_RE.test(code) || nameKey(p.name) === '') continue;
      added.push({ kind: p.kind, code, name: p.name.trim(), source: 'learned' });
    }
    const previous = [...this.learned.byCode.values()].flat();
    // Newer pairs first, so that nameOf prefers what the latest document taught.
    return new Catalogue(this.std, buildIndex([...added, ...previous]));
  }

  nameOf(kind: ClassKind, code: string, year?: number): string | undefined {
    const learned = this.learned.byCode.get(`${kind}:${code}`);
    if (learned?.[0]) return learned[0].name;
    const entries = this.std.byCode.get(`${kind}:${code}`);
    if (entries && entries.length > 0) return pickEdition(entries, year).name;
    return kind === 'func' ? this.synthesizedName(code, year) : undefined;
  }

  /**
   * Map a name to a code among the children of `parent` (null = top-level 类).
   * Order: the document's own pairs; the edition valid for `year`; any other edition when
   * the name is unique there (via 'alias', as are spelling variants); the standard 项
   * suffixes (via 'suffix'). Undefined when unknown or ambiguous: never guess.
   */
  codeOf(kind: ClassKind, name: string, parent: string | null, year?: number): CodeMatch | undefined {
    const key = nameKey(name);
    if (childLength(parent) === undefined || key === '') return undefined;

    // Each step: which data, which edition, strict or loose names, and what to call a hit.
    // The first step that decides wins; a step that finds several codes ends the search.
    // Without a year every edition is searched at once, so the "other edition" steps vanish.
    type Step = [Index, number | undefined, boolean, CodeMatch['via']];
    const steps: Step[] = [[this.learned, undefined, false, 'learned'], [this.std, year, false, 'exact']];
    // Renamed rows (行政事业单位离退休 → 行政事业单位养老支出): an old name still names its code.
    if (year !== undefined) steps.push([this.std, undefined, false, 'alias']);
    steps.push([this.learned, undefined, true, 'learned'], [this.std, year, true, 'alias']);
    if (year !== undefined) steps.push([this.std, undefined, true, 'alias']);
    for (const [idx, y, loose, via] of steps) {
      const hit = this.match(idx, kind, key, parent, y, loose);
      if (hit === null) return undefined;
      if (hit !== undefined) return { code: hit, via };
    }
    return kind === 'func' && parent !== null ? this.suffixMatch(key, parent) : undefined;
  }

  children(kind: ClassKind, parent: string | null, year?: number): CatalogueEntry[] {
    const pk = `${kind}:${parent ?? ''}`;
    const byCode = new Map<string, CatalogueEntry>();
    for (const e of this.std.byParent.get(pk) ?? []) {
      if (byCode.has(e.code)) continue;
      const editions = (this.std.byCode.get(`${kind}:${e.code}`) ?? []).filter((x) => validIn(x, year));
      if (editions.length > 0) byCode.set(e.code, pickEdition(editions, year));
    }
    for (const e of this.learned.byParent.get(pk) ?? []) {
      if (!byCode.get(e.code)?.source.startsWith('learned')) byCode.set(e.code, e);
    }
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * The unique code among parent's children whose name matches `key` (loosely if asked),
   * limited to editions valid in `year`. undefined = no match, null = several codes match.
   */
  private match(idx: Index, kind: ClassKind, key: string, parent: string | null, year: number | undefined, loose: boolean): string | null | undefined {
    const want = loose ? looseKey(key) : key;
    const codes = new Set<string>();
    for (const e of idx.byParent.get(`${kind}:${parent ?? ''}`) ?? []) {
      if (!validIn(e, year)) continue;
      const k = nameKey(e.name);
      if ((loose ? looseKey(k) : k) === want) codes.add(e.code);
    }
    if (codes.size > 1) return null;
    return codes.values().next().value;
  }

  /** Every name the parent is known by (learned and all editions), as keys. */
  private parentKeys(kind: ClassKind, parent: string): string[] {
    const all = [...(this.learned.byCode.get(`${kind}:${parent}`) ?? []), ...(this.std.byCode.get(`${kind}:${parent}`) ?? [])];
    return all.map((e) => nameKey(e.name));
  }

  /** True when nothing occupies `code`, or only rows whose names satisfy `ok`. */
  private freeOr(kind: ClassKind, code: string, ok: (key: string) => boolean): boolean {
    const all = [...(this.learned.byCode.get(`${kind}:${code}`) ?? []), ...(this.std.byCode.get(`${kind}:${code}`) ?? [])];
    return all.every((e) => ok(nameKey(e.name)));
  }

  private suffixMatch(key: string, parent: string): CodeMatch | undefined {
    // 01/02/03/50 apply under any 款, but never over a code the data gives another name
    // (2130104 is 事业运行 in 农业农村, 2050201 is 学前教育).
    const suffix = STANDARD_SUFFIX.get(key);
    if (suffix !== undefined) {
      if (parent.length !== 5) return undefined;
      const code = parent + suffix;
      return this.freeOr('func', code, (k) => k === key) ? { code, via: 'suffix' } : undefined;
    }
    // 其他…支出 → 99, only when the rest of the name is the parent's own name (possibly
    // reordered: 其他退役军人事务管理支出 under 退役军人管理事务), or the parent is itself a
    // 其他… row (20899 其他社会保障和就业支出 → 2089999 of the same name).
    if (!key.startsWith('其他')) return undefined;
    const rest = looseKey(key.slice(2));
    const names = this.parentKeys('func', parent);
    const fits = names.some((p) => {
      const lp = looseKey(p);
      return lp === rest || sameChars(lp, rest) || (p.startsWith('其他') && looseKey(key) === lp);
    });
    if (!fits) return undefined;
    const code = `${parent}99`;
    return this.freeOr('func', code, (k) => k.startsWith('其他')) ? { code, via: 'suffix' } : undefined;
  }

  /** Name of an unlisted 项 from the standard suffixes; the 99 name is built from the 款's name. */
  private synthesizedName(code: string, year: number | undefined): string | undefined {
    if (code.length !== 7) return undefined;
    const suffix = code.slice(5);
    const standard = STANDARD_NAME.get(suffix);
    if (standard !== undefined) return standard;
    if (suffix !== '99') return undefined;
    const parent = this.nameOf('func', code.slice(0, 5), year);
    if (parent === undefined) return undefined;
    if (parent.startsWith('其他')) return parent;
    return `其他${parent.replace(/支出$/u, '')}支出`;
  }
}

/** The entry valid in `year`; else the nearest edition; without a year, the most recent one. */
function pickEdition(entries: CatalogueEntry[], year: number | undefined): CatalogueEntry {
  const end = (e: CatalogueEntry): number => e.to ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...entries].sort((a, b) => end(b) - end(a));
  if (year === undefined) return sorted[0]!;
  return sorted.reduce((best, e) => (yearDistance(e, year) < yearDistance(best, year) ? e : best));
}
