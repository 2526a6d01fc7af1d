// Names of organisations: how a unit's name ends, its level tag ("本级", the department
// itself), and whether a piece of text can be the name of a unit at all. The words are in
// data/vocabulary (unit.*).
import { compact } from './text.ts';
import { alternation, vocabulary } from './vocabulary.ts';

const V = vocabulary().unit;
export const ORG_SUFFIX = new RegExp(`${alternation(V.orgSuffixes)}$`, 'u');
const LEVEL_TAG = new RegExp(`[（(]${alternation(V.levelTags)}[）)]$`, 'u');
const NOT_IN_NAME = new RegExp(alternation(V.notInName), 'u');
/** Punctuation of sentences and lists: never inside a unit's name (brackets are). */
const SENTENCE_MARKS = /[，,。；;：:、！？!?“”"《》…·\s]/u;
const SELF = new RegExp(`^(?:${alternation(V.selfReferences)}|该(?:单位|部门|中心|局|委|厅|院|办))`, 'u');
const DATE = /\d{4}\s*年|\d{1,2}\s*月\s*\d{0,2}\s*日?|\d{4}[-/.]\d{1,2}/u;

/** "某市某局（本级）" → "某市某局". */
export function stripLevel(name: string): string {
  return compact(name).replace(/[（(](?:本级|机关|本部|汇总|合并)[）)]$/u, '');
}

/** A cell that names an organisation rather than a classification item. */
export function isOrgName(text: string): boolean {
  const s = stripLevel(text);
  // "某某服务中心（某某发布中心）": the name before its bracketed second name
  const base = s.replace(/[（(][^（）()]*[）)]$/u, '');
  return s.length >= 4 && s.length <= 60 && /[\u4e00-\u9fff]/u.test(s) && ORG_SUFFIX.test(base) && !/支出$|收入$|经费$|费$/u.test(base);
}

/**
 * Tidy a candidate name as it was cut out of a line: stray punctuation around it
 * (".长春市信访局"), a date glued after it ("…局2026年1月"), quotes, a trailing level tag
 * (本级, 汇总) and the words 单位/部门 that end a title's subject.
 */
export function cleanUnitName(text: string): string {
  let s = compact(text)
    .replace(/^[^\u4e00-\u9fff（(A-Za-z0-9]+/u, '')
    .replace(/[^\u4e00-\u9fff）)A-Za-z0-9]+$/u, '')
    .replace(/\d{4}\s*年(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?$/u, '')
    .replace(/^(?:关于|公开|附件\d*[：:]?)/u, '');
  for (let i = 0; i < 2; i++) s = s.replace(LEVEL_TAG, '').replace(/(?:单位|部门)$/u, '');
  return s.trim();
}

/**
 * Can this text be the name of a unit? It ends as an organisation's name does (after a
 * bracketed second name), holds no sentence punctuation, date or budget vocabulary, and is
 * not just a place ("某市某区": the district, not a unit in it).
 */
export function isUnitName(text: string): boolean {
  const s = compact(text);
  // "我中心", "本局": how a document speaks of itself, not a name
  if (s.length < 4 || s.length > 40 || SELF.test(s)) return false;
  if (SENTENCE_MARKS.test(s) || DATE.test(s) || NOT_IN_NAME.test(s)) return false;
  if (!/^[\u4e00-\u9fff（）()A-Za-z0-9]+$/u.test(s)) return false;
  // brackets in pairs: "污水处理服务费（政府" is a cut-off phrase, not a name
  if ((s.match(/[（(]/gu)?.length ?? 0) !== (s.match(/[）)]/gu)?.length ?? 0)) return false;
  const base = s.replace(/[（(][^（）()]*[）)]$/u, '');
  return base.length >= 3 && ORG_SUFFIX.test(base);
}

/**
 * The same unit under the names its files give it: "中共某省委办公厅" and "某省委办公厅",
 * "某市某局（本级）" and "某市某局".
 */
export function unitKey(name: string): string {
  return stripLevel(name).replace(/^(?:中共|中国共产党)/u, '');
}
