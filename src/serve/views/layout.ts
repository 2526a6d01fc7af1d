// The frame of every page: no inline script or style (the CSP allows neither), one stylesheet
// and one script from /assets/.
import { html, type Part, type SafeHtml } from '../html.ts';

export function layout(o: { title: string; page: 'list' | 'doc' | 'error'; body: Part; wide?: boolean }): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · yusuan</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head><body data-page="${o.page}" class="${o.wide ? 'wide' : ''}">
<header class="top"><a class="brand" href="/">yusuan 预算 · review</a><span class="where">${o.title}</span></header>
${o.body}
</body></html>`;
}

export function errorPage(status: number, message: string): SafeHtml {
  return layout({ title: `${status}`, page: 'error', body: html`<main class="error"><h1>${status}</h1><p>${message}</p><p><a href="/">Back to the documents</a></p></main>` });
}
