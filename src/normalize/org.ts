// Names of organisations: how a unit's name ends, and its "本级" (the department itself) suffix.
import { compact } from './text.ts';

export const ORG_SUFFIX = /(?:局|厅|中心|委员会|委|办公室|办|院|所|站|队|馆|处|部|会|社|室|校|司|署|团|园|场|台|库|组|政府|法院|检察院|街道办事处|办事处|分局|大队|支队|公司|福利院|医院|学校|幼儿园)$/u;

/** "深圳市统计局（本级）" → "深圳市统计局". */
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
 * The same unit under the names its files give it: "中共江苏省委办公厅" and "江苏省委办公厅",
 * "深圳市统计局（本级）" and "深圳市统计局".
 */
export function unitKey(name: string): string {
  return stripLevel(name).replace(/^(?:中共|中国共产党)/u, '');
}
