// One document: its pages (images with every source box drawn over them) or its lines on the
// left; on the right the selected fact's detail and verdict form, the facts in groups, the
// findings and the charts. The browser part (assets/app.js) reads the JSON block.
import { html, jsonForScript, type SafeHtml } from '../html.ts';
import type { Box, DocModel, FactModel } from '../doc-model.ts';
import { clientData } from '../doc-model.ts';
import type { Cell, Group, TreeNode } from '../groups.ts';
import type { Coverage, DocRow, IdentityInfo } from '../queries.ts';
import type { ViewLine } from '../text-view.ts';
import { layout } from './layout.ts';

export type PagesView =
  | { readonly kind: 'pages'; readonly sizes: ReadonlyArray<readonly [number, number]>; readonly scale: number }
  | { readonly kind: 'lines'; readonly lines: readonly ViewLine[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface DocView {
  readonly doc: DocRow;
  readonly identity: IdentityInfo;
  readonly coverage: Coverage | null;
  readonly model: DocModel;
  readonly groups: readonly Group[];
  readonly view: PagesView;
  readonly charts: readonly SafeHtml[];
}

const STATUS_MARK: Readonly<Record<string, string>> = { confirmed: '✓', corrected: '✎', unreviewed: '' };

function cell(c: Cell, facts: ReadonlyMap<string, FactModel>): SafeHtml {
  const f = facts.get(c.key);
  if (!f) return html``;
  return html`<button type="button" class="fact s-${f.status}" data-key="${c.key}" title="${f.label}"><span class="m">${c.label}</span> <span class="v">${f.display}</span>${f.status !== 'unreviewed' ? html` <span class="mark" title="${f.status}">${STATUS_MARK[f.status]}</span>` : ''}</button>`;
}

function tree(nodes: readonly TreeNode[], facts: ReadonlyMap<string, FactModel>): SafeHtml {
  return html`<ul class="tree">${nodes.map((n) => html`<li class="node level-${n.level}"><span class="code">${n.code}</span> <span class="name">${n.label}</span> <span class="cells">${n.cells.map((c) => cell(c, facts))}</span>${n.children.length ? tree(n.children, facts) : ''}</li>`)}</ul>`;
}

function groups(v: DocView): SafeHtml {
  const facts = v.model.facts;
  return html`<section class="groups" id="facts"><h2>Facts <span class="muted">(${facts.size})</span></h2>
${v.groups.map((g) => {
  const n = g.sections.reduce((a, s) => a + s.rows.reduce((b, r) => b + r.cells.length, 0) + countTree(s.tree), 0);
  return html`<details class="group" id="group-${g.id}" open><summary>${g.title} <span class="muted">(${n})</span></summary>
${g.sections.map((s) => html`<div class="section">${s.title ? html`<h4>${s.title}</h4>` : ''}
${s.rows.length ? html`<table class="rows"><tbody>${s.rows.map((r) => html`<tr><th>${r.label}</th><td>${r.cells.map((c) => cell(c, facts))}</td></tr>`)}</tbody></table>` : ''}
${s.tree.length ? tree(s.tree, facts) : ''}</div>`)}
</details>`;
})}</section>`;
}

function countTree(nodes: readonly TreeNode[]): number {
  return nodes.reduce((a, n) => a + n.cells.length + countTree(n.children), 0);
}

function findings(v: DocView): SafeHtml {
  const list = v.model.findings;
  return html`<section class="findings" id="findings"><h2>Findings <span class="muted">(${list.length})</span></h2>
${list.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${list.map((f) => html`<li class="finding sev-${f.severity}" data-finding="${f.id}" tabindex="0"><code>${f.code}</code> <span class="sev ${f.severity}">${f.severity}</span> ${f.message}${f.boxes.length ? html` <span class="muted">(${f.boxes.length} box${f.boxes.length === 1 ? '' : 'es'})</span>` : ''}</li>`)}</ul>`}
</section>`;
}

function rect(b: Box, facts: ReadonlyMap<string, FactModel>): SafeHtml {
  const [x0, y0, x1, y1] = b.bbox!;
  const pad = 1.5;
  const title = b.keys.map((k) => `${facts.get(k)?.label ?? k}: ${facts.get(k)?.display ?? ''}`).join('\n');
  return html`<rect id="${b.id}" class="box${b.keys.length ? '' : ' finding-only'}${b.findings.length ? ' has-finding' : ''}" data-box="${b.id}" x="${(x0 - pad).toFixed(1)}" y="${(y0 - pad).toFixed(1)}" width="${(x1 - x0 + 2 * pad).toFixed(1)}" height="${(y1 - y0 + 2 * pad).toFixed(1)}"><title>${title}</title></rect>`;
}

function pages(v: DocView): SafeHtml {
  const sha = v.doc.sha256;
  const view = v.view;
  if (view.kind === 'unavailable') return html`<section class="pages" id="pages"><p class="unavailable">${view.reason}</p></section>`;
  if (view.kind === 'lines') {
    const boxes = v.model.boxes;
    let page: number | null = null;
    const items: SafeHtml[] = [];
    for (const l of view.lines) {
      if (l.page !== null && l.page !== page) {
        page = l.page;
        items.push(html`<li class="pagebreak" data-page="${page}">第 ${page} 页 · page ${page}</li>`);
      }
      const id = l.page === null ? `l${l.line}` : `p${l.page}l${l.line}`;
      const box = boxes.get(id);
      items.push(html`<li id="${id}" class="line${box ? ' box' : ''}${box?.findings.length ? ' has-finding' : ''}"${box ? html` data-box="${id}"` : ''} data-page="${l.page ?? ''}"><span class="ln">${l.line}</span><span class="tx">${l.text}</span></li>`);
    }
    return html`<section class="pages lines-view" id="pages"><ol class="lines">${items}</ol></section>`;
  }
  const byPage = new Map<number, Box[]>();
  for (const b of v.model.boxes.values()) if (b.bbox && b.page !== null) byPage.set(b.page, [...(byPage.get(b.page) ?? []), b]);
  return html`<section class="pages" id="pages">${view.sizes.map(([w, h], i) => {
    const n = i + 1;
    // the image's own size may be smaller (a huge page is drawn at a smaller scale): only the ratio counts here
    return html`<figure class="page" id="page-${n}" data-page="${n}"><figcaption>第 ${n} 页 · page ${n} of ${view.sizes.length}</figcaption>
<div class="sheet"><img src="/doc/${sha}/page/${n}.png" width="${Math.ceil(w * view.scale)}" height="${Math.ceil(h * view.scale)}" loading="lazy" decoding="async" alt="page ${n}">
<svg class="overlay" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">${(byPage.get(n) ?? []).map((b) => rect(b, v.model.facts))}</svg></div></figure>`;
  })}</section>`;
}

function header(v: DocView): SafeHtml {
  const d = v.doc;
  const id = v.identity;
  const sum = v.coverage?.summary;
  const num = (k: string): string => (typeof sum?.[k] === 'number' ? String(sum[k]) : '—');
  const missing = Array.isArray(sum?.['headlineMissing']) ? (sum['headlineMissing'] as unknown[]).map(String) : [];
  const counts = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const f of v.model.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const reviewed = [...v.model.facts.values()].filter((f) => f.status !== 'unreviewed').length;
  return html`<section class="doc-head"><h1>${d.unit ?? '(unit unknown)'} <span class="muted">${d.year ?? '—'} · ${d.stage ?? '—'}</span></h1>
<dl class="meta">
<dt>file</dt><dd>${d.file} <span class="muted">(${d.kind}, ${d.pages} page${d.pages === 1 ? '' : 's'}${d.ocr_pages ? `, ${d.ocr_pages} by OCR` : ''})</span></dd>
<dt>sha256</dt><dd><code>${d.sha256}</code></dd>
<dt>identity</dt><dd id="identity-confidence">${id.confidence === null ? '—' : `${Math.round(id.confidence * 100)}%`}${id.candidates.length ? html` <span class="muted">${id.candidates.map((c) => `${c.unit} (${c.score ?? '?'}, ${c.from})`).join('; ')}</span>` : ''}</dd>
<dt>coverage</dt><dd id="coverage">${sum ? html`${num('tablesInterpreted')}/${num('tablesFound')} tables interpreted, ${num('tablesBalanced')} balanced, ${num('rowsUnread')} rows unread${missing.length ? html`; headline missing: <span class="warn">${missing.join(', ')}</span>` : ''}` : '—'}</dd>
<dt>facts</dt><dd>${v.model.facts.size}, <span id="reviewed-count">${reviewed}</span> reviewed · findings: <span class="sev error">${counts['error']}</span> <span class="sev warning">${counts['warning']}</span> <span class="sev info">${counts['info']}</span></dd>
</dl></section>`;
}

export function docPage(v: DocView): SafeHtml {
  const body = html`<main class="doc">
${header(v)}
<div class="split">
${pages(v)}
<aside class="side" id="side">
<section class="detail" id="detail" aria-live="polite"><p class="muted">Click a fact or a box on the page to see where it was read, its sources and its review.</p></section>
${groups(v)}
${findings(v)}
<section class="charts" id="charts"><h2>Charts</h2>${v.charts.length ? v.charts : html`<p class="muted">No expenditure by function class in this document.</p>`}</section>
</aside>
</div>
<script type="application/json" id="doc-data">${jsonForScript(clientData(v.doc.sha256, v.model))}</script>
</main>`;
  return layout({ title: `${v.doc.unit ?? v.doc.file} ${v.doc.year ?? ''}`, page: 'doc', body, wide: true });
}
