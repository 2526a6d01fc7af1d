// The list of stored documents: search, filters, sortable columns, and the inputs the last run
// failed on with their error and hint.
import type { Severity } from '../../core/types.ts';
import { html, type SafeHtml } from '../html.ts';
import { SORTS, type FailedInput, type ListQuery, type ListRow, type SortKey } from '../queries.ts';
import { layout } from './layout.ts';

export interface ListView {
  readonly query: ListQuery;
  readonly showFailed: boolean;
  readonly rows: readonly ListRow[];
  readonly total: number;
  readonly limit: number;
  readonly choices: { codes: readonly string[]; years: readonly number[] };
  readonly lastRun: { run: number; startedAt: string; status: string; failed: readonly FailedInput[] } | null;
}

const STAGES = { budget: '预算 budget', final: '决算 final' } as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The query string of the list with some parameters changed (undefined removes one). */
export function listHref(q: ListQuery & { failed?: boolean }, change: Partial<Record<keyof ListQuery | 'failed', string | number | boolean | undefined>>): string {
  const all: Record<string, string | number | boolean | undefined> = { ...q, ...change };
  const params = new URLSearchParams();
  for (const k of ['q', 'stage', 'year', 'code', 'severity', 'sort', 'dir', 'failed'] as const) {
    const v = all[k];
    if (v !== undefined && v !== '' && v !== false) params.set(k, v === true ? '1' : String(v));
  }
  const s = params.toString();
  return s ? `/?${s}` : '/';
}

function th(v: ListView, key: SortKey, label: string, title?: string): SafeHtml {
  const active = (v.query.sort ?? 'unit') === key;
  const dir = active && v.query.dir !== 'desc' ? 'desc' : 'asc';
  const mark = active ? (v.query.dir === 'desc' ? ' ▼' : ' ▲') : '';
  return html`<th${active ? html` aria-sort="${v.query.dir === 'desc' ? 'descending' : 'ascending'}"` : ''}><a href="${listHref(v.query, { sort: key, dir })}" data-sort="${key}"${title ? html` title="${title}"` : ''}>${label}${mark}</a></th>`;
}

function confidence(c: number | null): string {
  return c === null ? '—' : `${Math.round(c * 100)}%`;
}

function coverage(r: ListRow): SafeHtml {
  if (r.tables_found === null) return html`—`;
  const parts = [`${r.tables_interpreted ?? 0}/${r.tables_found} tables`];
  if (r.tables_balanced !== null) parts.push(`${r.tables_balanced} balanced`);
  if (r.headline_missing) parts.push(`${r.headline_missing} headline missing`);
  if (r.rows_unread) parts.push(`${r.rows_unread} rows unread`);
  return html`<span title="${parts.join(', ')}">${parts[0]}${r.headline_missing ? html` <span class="warn">−${r.headline_missing}</span>` : ''}</span>`;
}

function severityCell(n: number, sev: Severity): SafeHtml {
  return n > 0 ? html`<span class="sev ${sev}">${n}</span>` : html`0`;
}

function filters(v: ListView): SafeHtml {
  const q = v.query;
  return html`<form class="filters" method="get" action="/" role="search">
<input type="search" name="q" value="${q.q ?? ''}" placeholder="unit, file or sha256" aria-label="search" id="f-q">
<select name="stage" id="f-stage" aria-label="stage"><option value="">any stage</option>${Object.entries(STAGES).map(([k, l]) => html`<option value="${k}"${q.stage === k ? ' selected' : ''}>${l}</option>`)}</select>
<select name="year" id="f-year" aria-label="year"><option value="">any year</option>${v.choices.years.map((y) => html`<option value="${y}"${q.year === y ? ' selected' : ''}>${y}</option>`)}</select>
<select name="code" id="f-code" aria-label="finding code"><option value="">any finding</option>${v.choices.codes.map((c) => html`<option value="${c}"${q.code === c ? ' selected' : ''}>${c}</option>`)}</select>
<select name="severity" id="f-severity" aria-label="severity"><option value="">any severity</option>${SEVERITIES.map((s) => html`<option value="${s}"${q.severity === s ? ' selected' : ''}>has ${s}</option>`)}</select>
<label class="check"><input type="checkbox" name="failed" value="1" id="f-failed"${v.showFailed ? ' checked' : ''}> failed inputs of the last run</label>
${q.sort ? html`<input type="hidden" name="sort" value="${q.sort}">` : ''}${q.dir ? html`<input type="hidden" name="dir" value="${q.dir}">` : ''}
<button type="submit">Filter</button> <a href="/">clear</a>
</form>`;
}

function failedTable(v: ListView): SafeHtml {
  const run = v.lastRun;
  if (!run) return html`<section class="failed" id="failed"><h2>Failed inputs</h2><p>No run recorded in this database.</p></section>`;
  return html`<section class="failed" id="failed"><h2>Failed inputs of run ${run.run} <span class="muted">(${run.status}, started ${run.startedAt})</span></h2>
${run.failed.length === 0
  ? html`<p>None: every input of that run was stored or skipped.</p>`
  : html`<table class="grid"><thead><tr><th>input</th><th>error</th><th>message</th><th>hint</th></tr></thead><tbody>
${run.failed.map((f) => html`<tr class="failed-input"><td class="path">${f.path}</td><td><code>${f.error_code ?? ''}</code></td><td>${f.message ?? ''}</td><td>${f.hint ?? ''}</td></tr>`)}
</tbody></table>`}</section>`;
}

export function listPage(v: ListView): SafeHtml {
  const failedNote = v.lastRun && v.lastRun.failed.length > 0 && !v.showFailed
    ? html`<p class="note">The last run (${v.lastRun.run}) failed on ${v.lastRun.failed.length} input${v.lastRun.failed.length === 1 ? '' : 's'}: <a href="${listHref(v.query, { failed: true })}">show them</a>.</p>`
    : '';
  const body = html`<main class="list">
${filters(v)}
${failedNote}
${v.showFailed ? failedTable(v) : ''}
<p class="count" id="doc-count">${v.total} document${v.total === 1 ? '' : 's'}${v.rows.length < v.total ? ` (the first ${v.rows.length} shown: narrow the search)` : ''}</p>
<table class="grid docs" id="docs"><thead><tr>
${th(v, 'unit', '单位 unit')}${th(v, 'year', '年度 year')}${th(v, 'stage', 'stage')}${th(v, 'pages', 'pages')}${th(v, 'facts', 'facts')}${th(v, 'reviewed', 'reviewed', 'facts with a verdict in force')}
${th(v, 'errors', 'errors')}${th(v, 'warnings', 'warnings')}${th(v, 'infos', 'infos')}${th(v, 'confidence', 'identity', 'identity confidence')}${th(v, 'coverage', 'coverage', 'tables interpreted of tables found')}${th(v, 'file', 'file')}
</tr></thead><tbody>
${v.rows.map((r) => html`<tr class="doc-row" id="d-${r.sha256}">
<td class="unit"><a href="/doc/${r.sha256}">${r.unit ?? '(unit unknown)'}</a></td><td>${r.year ?? '—'}</td><td>${r.stage ?? '—'}</td>
<td>${r.pages}${r.ocr_pages ? html` <i>(${r.ocr_pages} OCR)</i>` : ''}</td><td>${r.facts}</td><td>${r.reviewed}</td>
<td>${severityCell(r.errors, 'error')}</td><td>${severityCell(r.warnings, 'warning')}</td><td>${severityCell(r.infos, 'info')}</td>
<td>${confidence(r.confidence)}</td><td>${coverage(r)}</td><td>${r.file} <i>${r.kind}</i></td></tr>`)}
</tbody></table>
</main>`;
  return layout({ title: 'documents', page: 'list', body });
}

export function isSortKey(s: string): s is SortKey {
  return Object.prototype.hasOwnProperty.call(SORTS, s);
}
