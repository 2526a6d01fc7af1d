// `yusuan serve` driven in a real headless Chromium (Debian's, through playwright-core): the
// list, its filters and the failed inputs, a real PDF's page with a fact's box highlighted on
// the right page, a box's facts, verdicts recorded and seen after a reload and by a second
// reviewer, a text dump as lines, a document full of markup. Screenshots of each state go to
// the folder printed at the start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { makeFixture, EVIL_LINES, type Fixture } from './serve-helpers.ts';
import { startServer, type RunningServer } from '../src/serve/server.ts';
import { resolveServeOptions } from '../src/serve/options.ts';
import { openDb } from '../src/store/db.ts';
import { exportFacts } from '../src/store/export.ts';

const CHROMIUM = process.env['YUSUAN_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  const why = `serve-browser: cannot run, no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does; or set YUSUAN_CHROMIUM)${process.env['CI'] ? '' : ': skipped'}`;
  process.stderr.write(`${why}\n`);
  // in CI the browser is installed by .ci/run: its absence is a failure, never a silent pass
  if (process.env['CI']) throw new Error(why);
}

const SHOTS = process.env['YUSUAN_SCREENSHOTS'] ?? mkdtempSync(join(tmpdir(), 'yusuan-serve-screenshots-'));
const FACT = 'exp.all.func.204.total'; // 公共安全支出, printed on page 8 (B1) and page 11 (B3)

let fx: Fixture;
let server: RunningServer;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];
const pageErrors: string[] = [];

async function browser(): Promise<Page> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'yusuan-chromium-'));
  profiles.push(profile);
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 900 } });
  contexts.push(ctx);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text())) pageErrors.push(m.text());
  });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  const path = join(SHOTS, name);
  await page.screenshot({ path });
  expect(statSync(path).size).toBeGreaterThan(5000);
}

/** The highlighted box's page, and whether it is inside the visible part of the pages pane. */
async function highlighted(page: Page): Promise<{ pages: string[]; visible: boolean; imageLoaded: boolean }> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('#pages .hl')];
    const pane = document.getElementById('pages')!.getBoundingClientRect();
    const first = boxes[0]?.getBoundingClientRect();
    const fig = boxes[0]?.closest('figure.page');
    const img = fig?.querySelector('img') as HTMLImageElement | null | undefined;
    return {
      pages: boxes.map((b) => b.closest('figure.page')?.getAttribute('data-page') ?? b.getAttribute('data-page') ?? ''),
      visible: !!first && first.top >= pane.top && first.bottom <= pane.bottom && first.width > 0,
      imageLoaded: !!img && img.complete && img.naturalWidth > 0,
    };
  });
}

describe.skipIf(!haveChromium)('yusuan serve in headless Chromium', () => {
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    process.stdout.write(`serve-browser: screenshots in ${SHOTS}\n`);
    fx = await makeFixture('samples/real/gbc__unit_budget.pdf', 'yusuan-serve-ui-');
    server = await startServer(resolveServeOptions({ db: fx.dbPath, port: 0 }), { log: () => undefined });
    page = await browser();
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await server?.close();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
  }, 60_000);

  it('lists the documents, sorts them, and filters by search, stage and year', async () => {
    await page.goto(server.url);
    expect(await page.locator('tr.doc-row').count()).toBe(4);
    await expect.poll(() => page.locator('#doc-count').textContent()).toContain('4 documents');
    await shot(page, '01-list.png');
    await page.click('th a[data-sort="facts"]');
    await page.click('th a[data-sort="facts"]'); // the second click sorts the other way
    const facts = (await page.locator('tr.doc-row td:nth-child(5)').allTextContents()).map(Number);
    expect(facts).toEqual([...facts].sort((a, b) => b - a));
    expect(page.url()).toContain('dir=desc');
    await page.fill('#f-q', '司法局');
    await page.press('#f-q', 'Enter');
    await page.waitForURL(/q=/);
    expect(await page.locator('tr.doc-row td.unit').allTextContents()).toEqual(['上海市普陀区司法局', '上海市普陀区司法局']); // 2026 and 2025
    await page.goto(server.url);
    await page.selectOption('#f-year', '2025'); // submits on change
    await page.waitForURL(/year=2025/);
    expect(await page.locator('tr.doc-row').count()).toBe(1);
    await shot(page, '02-filtered.png');
  }, 120_000);

  it('filters by finding code and severity, and shows the failed inputs of the last run', async () => {
    await page.goto(server.url);
    await page.selectOption('#f-severity', 'error');
    await page.waitForURL(/severity=error/);
    const withErrors = await page.locator('tr.doc-row').count();
    expect(withErrors).toBeGreaterThanOrEqual(1); // the markup document has an X01 error
    await page.goto(server.url);
    await page.selectOption('#f-code', 'X01');
    await page.waitForURL(/code=X01/);
    expect(await page.locator('tr.doc-row td.unit').allTextContents()).toContain('<script>window.__pwned=3</script>测试中心');
    await page.goto(server.url);
    await page.check('#f-failed');
    await page.waitForURL(/failed=1/);
    const failed = page.locator('tr.failed-input');
    expect(await failed.count()).toBe(1);
    const row = await failed.textContent();
    expect(row).toContain('corrupt.pdf');
    expect(row).toContain('E_PDF_CORRUPT');
    expect(row).toMatch(/download it again/); // the hint
    await shot(page, '03-failed-inputs.png');
  }, 120_000);

  it('opens a PDF document: its pages drawn by the server, its facts in groups, a chart', async () => {
    await page.goto(server.url);
    await page.click(`tr#d-${fx.pdf} td.unit a`);
    await page.waitForURL(new RegExp(`/doc/${fx.pdf}$`));
    expect(await page.locator('figure.page').count()).toBe(21);
    await page.waitForFunction(() => {
      const img = document.querySelector('figure.page img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 1000;
    });
    for (const g of ['group-rev', 'group-exp', 'group-func', 'group-econ', 'group-tp']) expect(await page.locator(`#${g}`).count(), g).toBe(1);
    // the function classes as a tree: 204 > 20406 > 2040601
    expect(await page.locator('#group-func li.level-1 > ul > li.level-2 > ul > li.level-3').count()).toBeGreaterThan(3);
    expect(await page.locator('#chart-classes g.bar').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#chart-years rect').count()).toBeGreaterThan(4); // 2025 and 2026 of the same unit
    expect(await page.locator('rect.box').count()).toBeGreaterThan(50);
    await shot(page, '04-document.png');
  }, 120_000);

  it('clicking a fact highlights its box on the page it was read from, with its sources', async () => {
    await page.click(`#group-func button.fact[data-key="${FACT}"]`);
    await expect.poll(() => page.locator('#detail .fact-label').textContent()).toContain('204 公共安全支出');
    const h = await highlighted(page);
    expect(h.pages).toEqual(['8', '11']); // B1 on page 8, B3 on page 11
    expect(h.visible).toBe(true);
    await page.waitForFunction(() => {
      const img = document.querySelector('#pages .hl')?.closest('figure.page')?.querySelector('img') as HTMLImageElement | undefined;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect((await highlighted(page)).imageLoaded).toBe(true);
    const detail = await page.locator('#detail').textContent();
    expect(detail).toContain('79,189,400.34 元');
    expect(detail).toContain('“79,189,400.34”'); // the printed text
    expect(detail).toContain('B1 2026年预算单位财务收支预算总表');
    expect(await page.locator('#detail li.source').count()).toBe(2);
    expect(await page.locator('#detail .method').first().textContent()).toBe('table');
    await shot(page, '05-fact-highlighted.png');
    // the second source's link goes to its own box on page 11
    await page.locator('#detail li.source').nth(1).locator('button').click();
    expect((await highlighted(page)).pages).toEqual(['11']);
  }, 120_000);

  it('clicking a box shows the facts read there', async () => {
    const box = await page.evaluate(() => {
      const data = JSON.parse(document.getElementById('doc-data')!.textContent!) as { boxes: Record<string, { keys: string[]; findings: number[] }> };
      return Object.entries(data.boxes).find(([, b]) => b.keys.length > 2)!;
    });
    await page.locator(`rect#${box[0]}`).dispatchEvent('click');
    const listed = await page.locator('#box-facts li').count();
    expect(listed).toBe(box[1].keys.length);
    expect(await page.locator(`#pages rect.hl`).count()).toBe(1);
    await page.locator('#box-facts li button').first().click();
    await expect.poll(() => page.locator('#detail #verdict-form').count()).toBe(1);
  }, 60_000);

  it('records verdicts that stay after a reload, are seen by a second reviewer and exported', async () => {
    await page.goto(server.url); // a new page load, not a jump within the same one
    await page.goto(`${server.url}doc/${fx.pdf}#fact=${encodeURIComponent(FACT)}`);
    await expect.poll(() => page.locator('#detail .fact-label').textContent()).toContain('公共安全支出');
    await page.fill('#v-reviewer', 'reviewer-one');
    await page.fill('#v-comment', '与B1表一致');
    await Promise.all([page.waitForEvent('load'), page.click('#v-confirm')]);
    await expect.poll(() => page.locator('#detail-status').textContent()).toBe('confirmed by reviewer-one');
    expect(await page.locator(`button.fact.s-confirmed[data-key="${FACT}"]`).count()).toBeGreaterThan(0);
    await shot(page, '06-verdict-confirmed.png');

    await page.click('#group-rev button.fact[data-key="rev.other"]');
    await page.fill('#v-right', '12.5万元');
    await Promise.all([page.waitForEvent('load'), page.click('#v-wrong')]);
    await expect.poll(() => page.locator('#detail-status').textContent()).toBe('corrected by reviewer-one: 125000');

    // a fresh browser profile, another reviewer: the verdicts are in the page it is sent
    const second = await browser();
    await second.goto(`${server.url}doc/${fx.pdf}`);
    expect(await second.locator(`button.fact.s-confirmed[data-key="${FACT}"]`).count()).toBeGreaterThan(0);
    expect(await second.locator('button.fact.s-corrected[data-key="rev.other"]').count()).toBe(1);
    await second.click(`#group-func button.fact[data-key="${FACT}"]`);
    expect(await second.locator('#verdict-history').textContent()).toContain('reviewer-one: confirmed — 与B1表一致');
    expect(await second.locator('#reviewed-count').textContent()).toBe('2');
    await shot(second, '07-second-reviewer.png');

    const db = openDb(fx.dbPath, { readonly: true });
    try {
      const exported = [...exportFacts(db)].filter((f) => f.source.doc === fx.pdf);
      const by = new Map(exported.map((f) => [f.key, f]));
      expect(by.get(FACT)?.review).toBe('confirmed');
      expect(by.get('rev.other')).toMatchObject({ review: 'corrected', review_value: 125000, value: 0 });
      expect(exported.filter((f) => f.review === 'unreviewed').length).toBe(exported.length - 2);
    } finally {
      db.close();
    }
  }, 120_000);

  it('shows a text dump as its lines and highlights the line a fact was read from', async () => {
    await page.goto(`${server.url}doc/${fx.text}`);
    expect(await page.locator('ol.lines li.line').count()).toBeGreaterThan(100);
    await page.click('button.fact[data-key="exp.total"]');
    const line = await page.evaluate(() => {
      const hl = document.querySelector('#pages li.hl');
      const pane = document.getElementById('pages')!.getBoundingClientRect();
      const r = hl?.getBoundingClientRect();
      return { text: hl?.textContent ?? '', visible: !!r && r.top >= pane.top && r.bottom <= pane.bottom };
    });
    expect(line.visible).toBe(true);
    expect(line.text).toMatch(/\d/);
    await shot(page, '08-text-dump.png');
  }, 60_000);

  it('shows a document full of HTML and script as text, running none of it', async () => {
    await page.goto(`${server.url}doc/${fx.evil}`);
    await page.click('li.finding');
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      scripts: [...document.scripts].map((s) => s.src || s.type),
      images: document.images.length,
      lines: [...document.querySelectorAll('ol.lines .tx')].map((e) => e.textContent),
      unit: document.querySelector('.doc-head h1')?.textContent ?? '',
      finding: document.getElementById('detail')?.textContent ?? '',
    }));
    expect(state.pwned).toBeUndefined();
    expect(state.scripts).toEqual([`${server.url}assets/app.js`, 'application/json']);
    expect(state.images).toBe(0);
    expect(state.lines).toEqual(EVIL_LINES);
    expect(state.unit).toContain('<script>window.__pwned=3</script>测试中心');
    expect(state.finding).toContain('<script>window.__pwned=5</script> does not add up');
    await page.click('button.fact[data-key="exp.total"]');
    expect(await page.locator('#detail .printed').textContent()).toBe('“100万元</script><script>window.__pwned=4</script>”');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot(page, '09-markup-as-text.png');
  }, 60_000);

  it('ran without a script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
