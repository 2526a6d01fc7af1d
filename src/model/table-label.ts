// How a table is named in a source's context ("B10 2026年项目支出预算表"): its kind and its title.
import type { DocTable } from '../segment/segment.ts';

export function tableContext(table: DocTable): string {
  return `${table.kind.id} ${table.title}`.trim();
}
