// Word-level correction of OCR'd Chinese against known vocabularies: the names of the
// classification catalogue, the words budget tables and their titles are made of, and the
// organisation names a document repeats. OCR misreads a character as a look-alike (文出 for
// 支出, 拨歌 for 拨款, 倡州市求楼 for 福州市鼓楼); where a stretch of text is one or two such
// substitutions away from exactly one known phrase, and none of it is already a known phrase,
// the phrase is put back. Only Chinese characters are ever replaced: digits never change.

import { readFileSync } from 'node:fs';

const CJK_RE = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/u;
const DIGIT_RE = /^[0-9]$/u;

export interface VocabFix {
  /** Character offset in the text as read. */
  readonly at: number;
  readonly from: string;
  readonly to: string;
}

/** Edits allowed in a phrase of `n` characters: one per four. */
function maxEdits(n: number): number {
  return Math.floor(n / 4);
}

interface Candidate {
  readonly phrase: number;
  /** The stretch of text it replaces: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly edits: number;
  readonly len: number;
}

/**
 * Two-character words that are never the product of a misreading worth undoing: a stretch
 * that spells one of them is left alone (so 一般公共预算支出 never becomes …拨款).
 */
const LOCKED_WORDS = new Set(
  `支出 收入 拨款 预算 决算 经费 合计 小计 总计 项目 基本 单位 部门 人员 公用 财政 资金 结转 结余 本年 上年 当年
  收支 总表 政府 基金 国有 资本 经营 一般 公共 事业 其他 服务 管理 行政 运行 机关 补助 社会 保障 住房 医疗 卫生
  教育 科学 技术 文化 旅游 体育 传媒 节能 环保 城乡 社区 农林 交通 运输 资源 商业 金融 援助 自然 灾害 债务 付息
  还本 发行 费用 功能 分类 经济 科目 编码 名称 代码 金额 年度 情况 说明 公开 目录 附件 培训 会议 接待 购置 综合`.split(/\s+/u),
);

/** One step of an alignment: text position `at` matched, replaced, dropped (ins), or a phrase character put before `at` (del). */
interface Op {
  readonly kind: 'match' | 'sub' | 'ins' | 'del';
  readonly at: number;
}

/**
 * Align `p` inside `t` (semi-global: the stretch of `t` is free): the fewest edits (fewest
 * insertions and deletions among equals), the stretch [from, to) of `t`, and the steps.
 */
function align(p: readonly string[], t: readonly string[]): { edits: number; from: number; to: number; indels: number; ops: Op[] } {
  const L = p.length;
  const m = t.length;
  // Cost in edits * 16 + indels: among equal edits, substitutions are preferred.
  const W = m + 1;
  const dp = new Int32Array((L + 1) * W);
  for (let i = 1; i <= L; i++) dp[i * W] = i * 17;
  for (let i = 1; i <= L; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = dp[(i - 1) * W + j - 1]! + (p[i - 1] === t[j - 1] ? 0 : 16);
      const del = dp[(i - 1) * W + j]! + 17;
      const ins = dp[i * W + j - 1]! + 17;
      dp[i * W + j] = Math.min(sub, del, ins);
    }
  }
  let best = 1;
  for (let j = 2; j <= m; j++) if (dp[L * W + j]! < dp[L * W + best]!) best = j;
  const ops: Op[] = [];
  let i = L;
  let j = best;
  while (i > 0) {
    const here = dp[i * W + j]!;
    if (j > 0 && here === dp[(i - 1) * W + j - 1]! + (p[i - 1] === t[j - 1] ? 0 : 16)) {
      ops.push({ kind: p[i - 1] === t[j - 1] ? 'match' : 'sub', at: j - 1 });
      i--;
      j--;
    } else if (here === dp[(i - 1) * W + j]! + 17) {
      ops.push({ kind: 'del', at: j });
      i--;
    } else {
      ops.push({ kind: 'ins', at: j - 1 });
      j--;
    }
  }
  ops.reverse();
  const cost = dp[L * W + best]!;
  return { edits: (cost - (cost % 16)) / 16, from: j, to: best, indels: cost % 16, ops };
}

export class Vocabulary {
  private readonly phrases: string[][] = [];
  private readonly known = new Set<string>();
  /** Character → (phrase, position) pairs. */
  private readonly index = new Map<string, Array<readonly [number, number]>>();
  /** Phrases whose first and last characters must be read as they are (names). */
  private readonly strict = new Set<number>();

  constructor(phrases: Iterable<string> = []) {
    for (const p of phrases) this.add(p);
  }

  get size(): number {
    return this.phrases.length;
  }

  /** Add a phrase of three or more Chinese characters (others are ignored). */
  add(phrase: string, strictEdges = false): void {
    const chars = [...phrase.normalize('NFKC').replace(/\s+/gu, '')];
    if (chars.length < 3 || chars.length > 30 || !chars.every((c) => CJK_RE.test(c))) return;
    const p = chars.join('');
    if (this.known.has(p)) return;
    this.known.add(p);
    const id = this.phrases.length;
    this.phrases.push(chars);
    if (strictEdges) this.strict.add(id);
    chars.forEach((c, j) => {
      const l = this.index.get(c);
      if (l) l.push([id, j]);
      else this.index.set(c, [[id, j]]);
    });
  }

  has(phrase: string): boolean {
    return this.known.has(phrase);
  }

  /** A copy with more phrases: the document's own names, whose ends must be read as printed. */
  with(names: Iterable<string>): Vocabulary {
    const v = new Vocabulary();
    this.phrases.forEach((p, i) => v.add(p.join(''), this.strict.has(i)));
    for (const p of names) v.add(p, true);
    return v;
  }

  /**
   * Correct `text`: each stretch within one edit per four characters (substitutions, and for
   * phrases of six or more one inserted or dropped character) of exactly one known phrase,
   * with no known word in the edited places, becomes the phrase. `whole`: the text is a whole
   * table cell, so a three-character cell may take a three-character phrase (elsewhere a
   * phrase needs four characters to be matched with an edit). `confs`: each character's OCR
   * confidence; characters read with at least `sure` are never edited.
   */
  correct(text: string, whole = false, confs?: readonly number[], sure = 85, depth = 0): { text: string; fixes: VocabFix[] } {
    const chars = [...text];
    const n = chars.length;
    if (n < 3) return { text, fixes: [] };
    // Votes: how many characters of phrase pi sit at their place if it starts at `start`.
    const votes = new Map<number, number>();
    const OFF = 64;
    for (let i = 0; i < n; i++) {
      const hits = this.index.get(chars[i]!);
      if (!hits) continue;
      for (const [pi, j] of hits) {
        const start = i - j;
        if (start < -2 || start > n) continue;
        const key = pi * 8192 + start + OFF;
        votes.set(key, (votes.get(key) ?? 0) + 1);
      }
    }
    const locked = new Uint8Array(n);
    for (let i = 0; i + 1 < n; i++) if (LOCKED_WORDS.has(chars[i]! + chars[i + 1]!)) locked.fill(1, i, i + 2);
    const pending: Array<[number, number, number]> = [];
    for (const [key, v] of votes) {
      const pi = Math.floor(key / 8192);
      const start = (key % 8192) - OFF;
      const len = this.phrases[pi]!.length;
      if (v === len) locked.fill(1, start, start + len);
      else pending.push([pi, start, v]);
    }
    // Places an edit may touch: not in a known word, not a digit, not punctuation or a space.
    const free = (i: number): boolean => i >= 0 && i < n && !locked[i] && (!confs || (confs[i] ?? 100) < sure) && !DIGIT_RE.test(chars[i]!) && !/[\s，。；：、（）,.;:()]/u.test(chars[i]!);
    // The stretch ends the text or meets a non-Chinese character there.
    const boundary = (i: number): boolean => i < 0 || i >= n || !CJK_RE.test(chars[i]!);
    const seen = new Set<string>();
    const cands: Candidate[] = [];
    for (const [pi, start, v] of pending) {
      const p = this.phrases[pi]!;
      const len = p.length;
      const allowed = len === 3 ? (whole && n === 3 ? 1 : 0) : maxEdits(len);
      if (allowed === 0) continue;
      // With an insertion or a deletion the characters after it vote for a neighbouring start.
      const key = pi * 8192 + start + OFF;
      const near = Math.max(votes.get(key - 1) ?? 0, votes.get(key + 1) ?? 0);
      if (len - v > allowed && (len < 6 || len - v - near > allowed)) continue;
      const lo = Math.max(0, start - 1);
      const hi = Math.min(n, start + len + 1);
      const k = `${pi}:${lo}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const a = align(p, chars.slice(lo, hi));
      if (a.edits === 0 || a.edits > allowed || a.indels > (len >= 6 ? 1 : 0)) continue;
      const from = lo + a.from;
      const to = lo + a.to;
      // Its first and last characters are there (a phrase never grows at its ends); a name of
      // the document's own has them replaced only where the stretch ends the text or meets a
      // non-Chinese character (福州市鼓楼生态环境保护… is not …环境局 followed by 护).
      const first = a.ops[0]!;
      const last = a.ops[a.ops.length - 1]!;
      if (first.kind === 'del' || first.kind === 'ins' || last.kind === 'del' || last.kind === 'ins') continue;
      const strict = this.strict.has(pi);
      if (strict && first.kind === 'sub' && !boundary(from - 1)) continue;
      if (strict && last.kind === 'sub' && !boundary(to)) continue;
      let ok = true;
      for (const op of a.ops) {
        const at = lo + op.at;
        if (op.kind === 'sub' || op.kind === 'ins') ok &&= free(at);
        // A dropped character is put back only next to a free place (never inside a known word).
        else if (op.kind === 'del') ok &&= free(at - 1) || free(at);
      }
      if (ok) cands.push({ phrase: pi, from, to, edits: a.edits, len });
    }
    if (cands.length === 0) return { text, fixes: [] };
    // Best first: fewest edits per character, then the longest phrase, then the one whose
    // substitutions are known look-alikes. An equal rival over the same stretch with another
    // phrase makes both ambiguous. One fix per round: the corrected text is read again, so that
    // a longer phrase can build on a shorter one's fix.
    const look = (c: Candidate): number => {
      const p = this.phrases[c.phrase]!;
      let k = 0;
      if (c.to - c.from === p.length) for (let i = 0; i < p.length; i++) if (LOOK_ALIKE.has(chars[c.from + i]! + p[i]!)) k++;
      return k;
    };
    cands.sort((a, b) => a.edits / a.len - b.edits / b.len || b.len - a.len || look(b) - look(a));
    for (const c of cands) {
      const rival = cands.some(
        (d) =>
          d !== c &&
          d.edits === c.edits &&
          d.len === c.len &&
          look(d) === look(c) &&
          d.from < c.to &&
          c.from < d.to &&
          this.phrases[d.phrase]!.join('') !== this.phrases[c.phrase]!.join(''),
      );
      if (rival) continue;
      const p = this.phrases[c.phrase]!;
      const fix: VocabFix = { at: c.from, from: chars.slice(c.from, c.to).join(''), to: p.join('') };
      const out = [...chars];
      out.splice(c.from, c.to - c.from, ...p);
      if (depth >= 4) return { text: out.join(''), fixes: [fix] };
      const nextConfs = confs ? [...confs.slice(0, c.from), ...p.map(() => 100), ...confs.slice(c.to)] : undefined;
      const more = this.correct(out.join(''), whole, nextConfs, sure, depth + 1);
      return { text: more.text, fixes: [fix, ...more.fixes] };
    }
    return { text, fixes: [] };
  }
}

/** Misreadings seen often enough to break a tie: read + meant. */
const LOOK_ALIKE = new Set(['文支', '攴支', '歌款', '秋款', '欺款', '打厅', '辟鼓', '求鼓', '倡福', '绑费', '发费', '册出', '氢拨', '投拨', '拔拨', '站总', '夫表']);

/**
 * The words of budget tables, titles and captions that the catalogue does not hold: table
 * subjects, fund names, column headers, revenue and expenditure labels (the lexicon's and the
 * table kinds' words, spelt out).
 */
const BUDGET_WORDS = `
收支预算总表 收支总表 财务收支预算总表 收入预算总表 支出预算总表 收入总表 支出总表 收支总体情况表
财政拨款 财政拨款收支预算总表 财政拨款收支总表 财政拨款支出预算表 财政拨款收入支出预算总表 财政拨款支出表
一般公共预算支出表 一般公共预算支出预算表 一般公共预算基本支出表 一般公共预算基本支出预算表
一般公共预算财政拨款支出预算表 一般公共预算财政拨款基本支出预算表 一般公共预算拨款支出预算表
一般公共预算“三公”经费支出预算表 三公经费支出预算表 三公经费预算数 三公经费和机关运行经费预算表
三公经费 三公经费支出表 三公经费预算 三公经费预算情况
政府性基金预算支出表 政府性基金预算支出预算表 政府性基金预算拨款支出预算表 政府性基金支出预算表
国有资本经营预算支出表 国有资本经营预算支出预算表 国有资本经营预算拨款支出预算表
一般公共预算支出 政府性基金预算支出 国有资本经营预算支出 一般公共预算基本支出
一般公共预算支出功能分类预算表 政府性基金预算支出功能分类预算表 国有资本经营预算支出功能分类预算表
一般公共预算基本支出部门预算经济分类预算表 一般公共预算基本支出经济分类预算表 一般公共预算支出经济分类预算表
支出功能分类预算表 部门预算经济分类预算表 政府预算经济分类 部门经济分类 功能分类科目编码 功能分类科目名称
经济分类科目编码 经济分类科目名称 部门经济分类科目名称 功能科目代码 功能科目名称 科目编码 科目名称 科目代码
项目支出预算表 项目支出绩效目标表 政府采购预算表 机关运行经费 机关运行经费预算数 预算单位构成
一般公共预算 一般公共预算拨款 一般公共预算拨款收入 一般公共预算财政拨款 公共财政拨款 公共预算财政拨款
政府性基金预算 政府性基金预算拨款 政府性基金预算拨款收入 国有资本经营预算 国有资本经营预算拨款 国有资本经营预算拨款收入
财政拨款收入 财政拨款支出 财政专户管理资金 财政专户管理资金收入 事业单位经营收入 事业收入 事业单位经营支出
上级补助收入 附属单位上缴收入 上缴上级支出 对附属单位补助支出 其他收入 其他资金 上年结转结余 上年结转
结转下年 结转下年资金 结转下年支出 本年收入合计 本年支出合计 收入总计 支出总计 收入合计 支出合计 当年收入 当年支出
基本支出 项目支出 人员经费 公用经费 单位预留机动经费 预算数 决算数 年初预算数 本年收入 本年支出
工资福利支出 商品和服务支出 对个人和家庭的补助 资本性支出 因公出国（境）费 公务用车购置及运行费 公务用车购置费
公务用车运行费 公务用车运行维护费 公务接待费 会议费 培训费 政府采购货物预算 政府采购工程预算 政府采购服务预算
单位预算 部门预算 单位预算表 部门预算表 单位预算公开 部门预算公开 单位预算编制说明 预算编制说明 预算情况说明
单位主要职能 单位机构设置 单位主要职责 单位主要工作任务 单位预算单位构成 名词解释 其他重要事项 其他相关情况说明
编制单位 预算单位 单位名称 部门名称
综合预算 部门综合预算 部门综合预算收支总表 部门综合预算收入总表 部门综合预算支出总表 部门综合预算财政拨款收支总表
`;

let standardVocab: Vocabulary | null = null;

/** The catalogue's names and the budget words: built once per process. */
export function budgetVocabulary(): Vocabulary {
  if (standardVocab) return standardVocab;
  const v = new Vocabulary(BUDGET_WORDS.split(/\s+/u).map((w) => w.replace(/[“”（）]/gu, '')));
  for (const f of ['function.tsv', 'economic.tsv', 'gov-economic.tsv']) {
    let text = '';
    try {
      text = readFileSync(new URL(`../../../data/catalogue/${f}`, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const name = line.split('\t')[1];
      if (name) v.add(name.replace(/[（）()“”]/gu, ''));
    }
  }
  standardVocab = v;
  return v;
}
