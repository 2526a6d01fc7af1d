// The headline key families (shared/corpus/README, bulk gold): revenue lines, totals, 基本/项目
// and their 人员/公用 parts, 类-level function rows (合计), the 类-level economic rows of the
// 财政拨款 / 一般公共预算 tables (the all-funds economic rows are "outside the gpb keys", as the
// gold notes say), "三公" and its parts, 机关运行经费, the 政府采购 total. No _prior/_change/
// _budget variants, no 款/项 rows, no per-row 基本/项目 splits of function classes, no
// projects, no sub-unit (`units.`) keys.

const HEADLINE = [
  /^unit\.name$/,
  /^rev\.(?:total|current_total|fiscal|gpb|gf|soe|special|operations|business|superior|subsidiary|other|carryover|surplus_used)$/,
  /^exp\.(?:total|current_total|carry_next)$/,
  /^exp\.[a-z]+\.(?:total|basic|project|personnel|public)$/,
  /^exp\.[a-z]+\.func\.\d{3}\.total$/,
  /^exp\.(?:gpb|fiscal|gf|soe)\.(?:econ|gecon)\.\d{3}\.(?:total|basic|project)$/,
  /^tp\.[a-z]+\.(?:total|travel|reception|vehicle|vehicle_purchase|vehicle_operation)$/,
  /^ops\.total$/,
  /^proc\.total$/,
];

export function isHeadlineKey(key: string): boolean {
  return HEADLINE.some((re) => re.test(key));
}
