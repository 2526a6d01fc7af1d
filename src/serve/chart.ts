// Charts drawn as SVG on the server: expenditure by function class (类) of one document, and
// the same classes over the years of one unit. Geometry from numbers (display only); labels
// escaped like every other text.
import { html, type SafeHtml } from './html.ts';
import { wan } from './format.ts';

export interface Bar {
  readonly code: string;
  readonly label: string;
  /** Exact yuan. */
  readonly yuan: string;
  /** The fact the bar shows, selected when the bar is clicked. */
  readonly key?: string;
}

const W = 520;
const LABEL_W = 170;
const VALUE_W = 110;
const BAR_H = 16;
const GAP = 6;

function barWidth(yuan: string, max: number): number {
  const n = Number(yuan);
  return max > 0 && n > 0 ? Math.max(1, ((W - LABEL_W - VALUE_W) * n) / max) : 0;
}

function short(label: string, n = 11): string {
  return label.length > n ? `${label.slice(0, n - 1)}…` : label;
}

/** Horizontal bars, largest first. */
export function classChart(title: string, bars: readonly Bar[]): SafeHtml {
  const sorted = [...bars].sort((a, b) => Number(b.yuan) - Number(a.yuan));
  const max = Math.max(0, ...sorted.map((b) => Number(b.yuan)));
  const h = sorted.length * (BAR_H + GAP) + GAP;
  return html`<figure class="chart" id="chart-classes"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${title}">
${sorted.map((b, i) => {
  const y = GAP + i * (BAR_H + GAP);
  return html`<g class="bar"${b.key ? html` data-key="${b.key}"` : ''}><title>${b.code} ${b.label}: ${wan(b.yuan)}</title>
<text x="${LABEL_W - 6}" y="${y + BAR_H - 4}" class="label" text-anchor="end">${short(`${b.code} ${b.label}`)}</text>
<rect x="${LABEL_W}" y="${y}" width="${barWidth(b.yuan, max).toFixed(1)}" height="${BAR_H}" class="fill"></rect>
<text x="${(LABEL_W + barWidth(b.yuan, max) + 4).toFixed(1)}" y="${y + BAR_H - 4}" class="value">${wan(b.yuan)}</text></g>`;
})}
</svg></figure>`;
}

export interface YearSeries {
  readonly year: number;
  readonly current: boolean;
  /** class code → exact yuan */
  readonly classes: ReadonlyMap<string, string>;
}

/** Grouped bars: for each class, one bar per year (oldest first), a legend of the years. */
export function yearChart(title: string, series: readonly YearSeries[], names: (code: string) => string): SafeHtml {
  const years = [...series].sort((a, b) => a.year - b.year).slice(-6);
  const codes = [...new Set(years.flatMap((s) => [...s.classes].filter(([, v]) => Number(v) !== 0).map(([c]) => c)))].sort();
  const max = Math.max(0, ...years.flatMap((s) => [...s.classes.values()].map(Number)));
  const bh = 10;
  const groupH = years.length * (bh + 2) + 8;
  const top = 24;
  const h = top + codes.length * groupH + GAP;
  return html`<figure class="chart" id="chart-years"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${title}">
<g class="legend">${years.map((s, i) => html`<rect x="${LABEL_W + i * 60}" y="4" width="10" height="10" class="y${i}"></rect><text x="${LABEL_W + i * 60 + 14}" y="13" class="label${s.current ? ' current' : ''}">${s.year}</text>`)}</g>
${codes.map((code, ci) => {
  const y0 = top + ci * groupH;
  return html`<g class="year-group"><text x="${LABEL_W - 6}" y="${y0 + groupH / 2}" class="label" text-anchor="end">${short(`${code} ${names(code)}`)}</text>
${years.map((s, i) => {
  const v = s.classes.get(code);
  const y = y0 + i * (bh + 2);
  return v === undefined
    ? html``
    : html`<rect x="${LABEL_W}" y="${y}" width="${barWidth(v, max).toFixed(1)}" height="${bh}" class="y${i}"><title>${s.year} ${code} ${names(code)}: ${wan(v)}</title></rect>
<text x="${(LABEL_W + barWidth(v, max) + 4).toFixed(1)}" y="${y + bh - 1}" class="value small">${wan(v)}</text>`;
})}</g>`;
})}
</svg></figure>`;
}
