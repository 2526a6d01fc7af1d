// Sentences → facts, on small text dumps written in the forms the corpus uses.
import { describe, expect, it } from 'vitest';
import { extractTextDump } from '../src/extract/text-dump.ts';
import { interpretExtracted } from '../src/pipeline/process-document.ts';

function read(body: string) {
  const text = `2026年度某某市某某局部门预算\n${body}\n`;
  const bytes = new TextEncoder().encode(text);
  return interpretExtracted(extractTextDump({ path: 't.txt', name: 't.txt', sha256: 't', kind: 'text', bytes: bytes.length }, bytes));
}

function factsOf(body: string): Record<string, string | number> {
  return Object.fromEntries(read(body).facts.map((f) => [f.key, f.value.type === 'amount' ? f.value.yuan : f.value.value]));
}

describe('prose', () => {
  it("reads a statement, its change and last year's figure", () => {
    const f = factsOf('一、收入预算情况说明\n某某市某某局2026年收入预算624万元，比上年预算数743.73减少119.73万元。');
    expect(f).toMatchObject({ 'rev.total': '6240000', 'rev.total_prior': '7437300', 'rev.total_change': '-1197300' });
  });

  it('gives both sides of 收、支 the same figures', () => {
    const f = factsOf('一、收支预算总表情况说明\n某某市某某局2026年度收入、支出预算总计13649.07万元，与上年相比收、支预算总计各增加844.15万元，增长6.59%。');
    expect(f).toMatchObject({ 'rev.total': '136490700', 'exp.total': '136490700', 'rev.total_change': '8441500', 'exp.total_change': '8441500' });
  });

  it('maps a 类/款/项 path without codes through the catalogue, and 整体 to the 款', () => {
    const f = factsOf(
      '一、一般公共预算当年拨款情况说明\n1.卫生健康支出（类）行政事业单位医疗（款）2026年预算数为37.42万元，其中：事业单位医疗（项）12.27万元，其他行政事业单位医疗支出（项）25.15万元。整体较上年预算数42.53万元减少5.11万元。',
    );
    expect(f).toMatchObject({
      'exp.gpb.func.21011.total': '374200',
      'exp.gpb.func.2101102.total': '122700',
      'exp.gpb.func.2101199.total': '251500',
      'exp.gpb.func.21011.total_prior': '425300',
      'exp.gpb.func.21011.total_change': '-51100',
    });
  });

  it('reads a figure under a heading that names it, and 持平 as a zero change', () => {
    const f = factsOf('六、一般公共预算“三公”经费支出情况\n（二）公务接待费\n2026年预算安排1.5万元，与上年持平。');
    expect(f).toMatchObject({ 'tp.gpb.reception': '15000', 'tp.gpb.reception_change': '0' });
  });

  it('reads a change counted in cars as no change of money (深圳城管: "比2025年增加1辆")', () => {
    const text = '五、财政拨款“三公”经费预算情况\n3.公务用车购置和运行维护费。\n公务用车购置费2026年预算数57.00万元，较2025年年初预算增加39.00万元，主要是2026年计划更新购置公务用车2辆，比2025年增加1辆。';
    const f = factsOf(text);
    expect(f).toMatchObject({ 'tp.fiscal.vehicle_purchase': '570000', 'tp.fiscal.vehicle_purchase_change': '390000' });
    expect(read(text).findings.filter((x) => x.code === 'K01').map((x) => x.message)).toEqual([]);
  });

  it('reads no level from the reason a sentence gives, but the changes of the parts it names (深圳宣传部, 重庆水利局)', () => {
    const text =
      '五、财政拨款“三公”经费预算情况\n1.因公出国（境）费用。2026年预算数108.60万元，较2025年年初预算增加56.20万元，主要是用于2026年因公出国（境），增加的主要原因是按照市财政填报口径，2025年因公出国（境）费用按执行数统计，2026年因公出国费按批复额度89.60万元在二上时已纳入部门预算。\n' +
      '六、收入预算\n收入比2025年减少246429.22万元，主要是一般公共预算财政拨款增加10300.15万元，政府性基金预算财政拨款减少258146.77万元。';
    expect(factsOf(text)).toMatchObject({ 'tp.fiscal.travel': '1086000', 'rev.gpb_change': '103001500', 'rev.gf_change': '-2581467700' });
    expect(read(text).findings.filter((x) => x.code === 'K01').map((x) => x.message)).toEqual([]);
  });

  it('states zeros for what the unit says it does not have', () => {
    const f = factsOf('八、其他重要事项\n本单位2026年度没有使用政府性基金预算拨款安排的支出。本单位无机关运行经费。');
    expect(f).toMatchObject({ 'exp.gf.total': '0', 'ops.total': '0' });
  });

  it('treats "增加基本支出844.15万元" as a change, not a level', () => {
    const f = factsOf('一、收支情况\n主要原因是政策性增资，增加基本支出844.15万元。');
    expect(f['exp.all.basic_change']).toBe('8441500');
    expect(f['exp.all.basic']).toBeUndefined();
  });

  it('keeps a project name that starts with digits', () => {
    const f = factsOf('（四）重点项目绩效目标说明\n其中，重点项目预算绩效情况：\n1.综合事务项目，预算安排155万元。\n2.12345热线运行监督管理项目，预算安排58.51万元。');
    expect(f).toMatchObject({ 'proj.综合事务项目.total': '1550000', 'proj.12345热线运行监督管理项目.total': '585100' });
  });

  it('does not read vehicles to be bought, or a price threshold, as holdings', () => {
    const f = factsOf('（三）国有资产占有使用情况\n截至2025年12月31日，本单位共有车辆3辆；单价100万元（含）以上设备2台（套）。2026年预算安排购置车辆1辆，购置单价100万元以上设备0台（套）。');
    expect(f).toMatchObject({ 'assets.vehicles': 3, 'assets.equipment_1m': 2 });
  });
});

describe('prose in final accounts', () => {
  it('gives 年初预算 to _budget and 支出决算 to the item named in the sentence before', () => {
    const bytes = new TextEncoder().encode(
      '国家某某局2024年度部门决算\n五、一般公共预算财政拨款支出决算情况说明\n2.社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。年初预算为1,028.48万元，支出决算为1,100.00万元，完成年初预算的107%。\n',
    );
    const d = interpretExtracted(extractTextDump({ path: 'f.txt', name: 'f.txt', sha256: 'f', kind: 'text', bytes: bytes.length }, bytes));
    expect(d.identity.stage).toBe('final');
    const f = Object.fromEntries(d.facts.map((x) => [x.key, x.value.type === 'amount' ? x.value.yuan : x.value.value]));
    expect(f).toMatchObject({ 'exp.gpb.func.2080501.total': '11000000', 'exp.gpb.func.2080501.total_budget': '10284800' });
  });
});

describe('prose, as the crawled documents print it', () => {
  it('a comparison after a bracketed aside speaks of the statement before the aside', () => {
    const f = factsOf(
      '二、“三公”经费安排情况\n2026年本部门财政拨款安排“三公”经费176.31万元，比上年增加38.9万元。其中：公务用车购置及运行维护费74.1万元（公务用车购置费0万元，比上年减少18万元；公务用车运行维护费74.1万元，比上年增加57.2万元。）比上年增加39.2万元，增长112.3%。',
    );
    expect(f).toMatchObject({ 'tp.fiscal.total_change': '389000', 'tp.fiscal.vehicle_change': '392000', 'tp.fiscal.vehicle_operation_change': '572000' });
  });
  it('the 三公 item named last before a figure is its subject, and its fund passes to the parts', () => {
    const f = factsOf(
      '九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明某某市某某局2026年度一般公共预算拨款安排的“三公”经费支出预算14.93万元，其中，因公出国（境）费支出0万元，公务接待费3.6万元。',
    );
    expect(f).toMatchObject({ 'tp.gpb.total': '149300', 'tp.gpb.travel': '0', 'tp.gpb.reception': '36000' });
    expect(f['tp.gpb.training']).toBeUndefined();
  });
  it('无 opening a place name (无锡市) is no negation', () => {
    const f = factsOf('三、“三公”经费\n无锡市某某局2026年度一般公共预算拨款安排的“三公”经费支出预算14.93万元。');
    expect(f['tp.gpb.total']).toBe('149300');
  });
  it('a project spending 项目支出 in its name is not the 项目支出 of the document', () => {
    const f = factsOf('（五）项目支出376,936.60万元，主要用于：\n24.民航管理309.16万元。其中，深圳机场T2项目非民航专业工程初步设计评审项目支出304.16万元。');
    expect(f['exp.all.project']).toBe('3769366000');
  });
  it('支出预算 with a carry-over to next year inside it is the whole spending side only', () => {
    const f = factsOf('三、支出预算情况说明\n2026年支出预算51036.22万元。\n（一）基本支出。基本支出预算32780.46万元。\n（二）项目支出。项目支出预算18147.49万元。\n（三）年终结转结余资金108.27万元。');
    expect(f).toMatchObject({ 'exp.total': '510362200', 'exp.all.basic': '327804600', 'exp.all.project': '181474900', 'exp.carry_next': '1082700' });
    expect(f['exp.all.total']).toBeUndefined();
  });
  it('a fund’s share of the carry-over is not its revenue of the year', () => {
    const f = factsOf('二、收入预算情况说明\n某某市某某局2026年收入预算合计100万元，包括本年收入100万元。\n本年一般公共预算收入100万元，占100%；\n上年结转结余的一般公共预算收入0万元，占0%；');
    expect(f['rev.gpb']).toBe('1000000');
  });
  it('a change after a list of parts (其中 …、…) is the whole\'s, not the last part\'s (西安公安局)', () => {
    const known = factsOf('五、收支预算总体情况说明\n某某市某某局2026年收入预算合计344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转13,102.70万元，较上年减少129,422.00万元，下降27.31%。');
    expect(known['rev.total_change']).toBe('-1294220000');
    expect(known['rev.carryover_change']).toBeUndefined();
    // a whole with no key of its own: the change is left unread rather than given to a part
    const unknown = factsOf('六、财政拨款收支情况说明\n本部门当年财政拨款收入337,741.21万元，其中：一般公共预算拨款收入324,638.50万元、上年结转13,102.70万元，较上年减少130,014.30万元。');
    expect(unknown['rev.carryover']).toBe('131027000');
    expect(unknown['rev.carryover_change']).toBeUndefined();
    expect(unknown['rev.gpb_change']).toBeUndefined();
  });
  it('a sentence that opens with another year than the budget’s is Y01; one that compares two years or tells of last year is not', () => {
    const y01 = (body: string) => read(`一、收入预算情况\n${body}`).findings.filter((f) => f.code === 'Y01');
    expect(y01('2025年，某某中心收入预算3,942万元，其中：财政拨款收入3,855万元。')).toHaveLength(1);
    expect(y01('2025年某某市某某局所有项目支出预算纳入项目库管理。')).toHaveLength(1);
    expect(y01('2026年，某某中心收入预算3,942万元，其中：财政拨款收入3,855万元。')).toEqual([]);
    expect(y01('2025年，本单位严格执行预算，完成各项工作。')).toEqual([]);
  });
  it('items listed under a 人员经费/公用经费/专项业务经费 lead are that part of the item (西安宣传部)', () => {
    const f = factsOf('三、一般公共预算拨款支出明细情况\n（1）人员经费：①行政运行（2013201）1641.18万元，较上年增加309.87万元。\n（2）公用经费：①行政运行（2013201）124.00万元。\n（3）专项业务经费：①培训支出（2050803）107.6万元。');
    expect(f).toMatchObject({ 'exp.gpb.func.2013201.personnel': '16411800', 'exp.gpb.func.2013201.personnel_change': '3098700', 'exp.gpb.func.2013201.public': '1240000', 'exp.gpb.func.2050803.project': '1076000' });
    expect(f['exp.gpb.func.2013201.total']).toBeUndefined();
  });
  it('the money after 涉及 … a bracketed note with stops inside it is the projects\', not the document\'s', () => {
    const f = factsOf('七、预算绩效管理情况说明\n某某市某某局2026年全面实施绩效目标管理，涉及一级（注：请保留“一级”字样。修改时删除此注释）预算项目24个，预算资金3274.33万元，其中财政拨款3274.33万元。');
    expect(f['rev.fiscal']).toBeUndefined();
  });
  it('a sentence that opens with the comparison speaks of the last statement before it (深圳应急管理局)', () => {
    const f = factsOf('五、财政拨款“三公”经费预算情况\n3.公务用车购置和运行维护费。公务用车购置费2026年预算数0.00万元，较2025年年初预算减少36.00万元；公务用车运行维护费2026年预算数137.00万元，较2025年年初预算增加0.00万元，主要是有公务用车43辆。与2025年年初预算持平，主要是按定额申报经费。');
    expect(f).toMatchObject({ 'tp.fiscal.vehicle_purchase_change': '-360000', 'tp.fiscal.vehicle_operation_change': '0' });
    const body = '五、财政拨款“三公”经费预算情况\n3.公务用车购置和运行维护费。公务用车购置费2026年预算数0.00万元，较2025年年初预算减少36.00万元；公务用车运行维护费2026年预算数137.00万元，较2025年年初预算增加0.00万元，主要是有公务用车43辆。与2025年年初预算持平，主要是按定额申报经费。';
    expect(read(body).findings.filter((x) => x.code === 'K01')).toEqual([]);
  });
  it('under an item heading with its own figure, a fund’s share is the item’s, not the document’s (深圳水务局)', () => {
    const f = factsOf('五、项目支出情况\n1.污水处理服务费67,409.16万元，主要用于支付污水处理运营费用。\n2026年污水处理费预算总额87,946.96万元，分别从一般公共预算与政府性基金列支，其中：一般公共预算67,409.16万元。');
    expect(f['exp.gpb.total']).toBeUndefined();
    expect(f['rev.gpb']).toBeUndefined();
  });
});
