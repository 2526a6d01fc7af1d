// yusuan serve, the browser side. No framework; every text from the document is put in with
// textContent (never innerHTML), and the data comes from the page's JSON block.
'use strict';

(function () {
  const page = document.body.dataset.page;
  if (page === 'list') initList();
  if (page === 'doc') initDoc();

  function initList() {
    // filters apply as soon as they change (the form also works without this script)
    const form = document.querySelector('form.filters');
    if (!form) return;
    for (const el of form.querySelectorAll('select, input[type=checkbox]')) el.addEventListener('change', () => form.requestSubmit());
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function initDoc() {
    const dataEl = document.getElementById('doc-data');
    if (!dataEl) return;
    const data = JSON.parse(dataEl.textContent);
    const detail = document.getElementById('detail');
    const pagesPane = document.getElementById('pages');
    const show = (...parts) => detail.replaceChildren(...parts.flat().filter((x) => x !== null && x !== undefined && x !== false));
    let selected = null;

    const boxEl = (id) => document.getElementById(id);
    function clearHighlight() {
      for (const e of document.querySelectorAll('.hl')) e.classList.remove('hl');
      for (const e of document.querySelectorAll('.current')) e.classList.remove('current');
    }
    function highlight(boxIds, scroll) {
      let first = null;
      for (const id of boxIds) {
        const b = boxEl(id);
        if (!b) continue;
        b.classList.add('hl');
        if (!first) first = b;
      }
      if (first && scroll) scrollToBox(first);
      return first;
    }
    function scrollToBox(b) {
      // the page scrolls inside its own pane; an SVG rect is measured against its page figure
      const fig = b.closest('figure.page');
      if (fig) {
        const svg = b.ownerSVGElement;
        const vb = svg.viewBox.baseVal;
        const y = Number(b.getAttribute('y'));
        const rel = vb && vb.height ? y / vb.height : 0;
        const sheet = fig.querySelector('.sheet');
        const top = sheet.offsetTop + rel * sheet.clientHeight;
        pagesPane.scrollTo({ top: Math.max(0, top - pagesPane.clientHeight / 3), behavior: 'instant' });
      } else {
        // a line of a text view: offsetTop is measured from the pane (positioned)
        pagesPane.scrollTo({ top: Math.max(0, b.offsetTop - pagesPane.clientHeight / 3), behavior: 'instant' });
      }
    }

    function factButton(key) {
      const f = data.facts[key];
      return el('button', { type: 'button', class: 'link', 'data-goto': key, onclick: () => selectFact(key, true) }, f ? f.label : key);
    }

    function sourceLine(s, i) {
      const where = [s.page !== null ? `page ${s.page}` : null, s.line !== null ? `line ${s.line}` : null, s.bbox ? `bbox [${s.bbox.map((n) => Math.round(n * 10) / 10).join(', ')}]` : null].filter(Boolean).join(' · ');
      return el('li', { class: 'source', 'data-source': i },
        el('div', {}, el('span', { class: 'method' }, s.method), ' ', s.box ? el('button', { type: 'button', class: 'link', onclick: () => { clearHighlight(); highlight([s.box], true); markCurrent(); } }, where || 'show') : where),
        el('div', { class: 'printed' }, '“', s.text, '”'),
        s.context ? el('div', { class: 'muted' }, s.context) : null);
    }

    function markCurrent() {
      if (selected) for (const b of document.querySelectorAll(`.fact[data-key="${CSS.escape(selected)}"]`)) b.classList.add('current');
    }

    function verdictText(v) {
      const what = v.verdict === 'confirmed' ? 'confirmed' : `wrong → ${v.rightValue}`;
      return `${v.at.replace('T', ' ').slice(0, 16)} · ${v.reviewer}: ${what}${v.comment ? ` — ${v.comment}` : ''}${v.seenValue !== data.facts[v.key].value ? ` (on the earlier value ${v.seenValue})` : ''}`;
    }

    function verdictForm(f) {
      const reviewer = el('input', { name: 'reviewer', id: 'v-reviewer', required: true, maxlength: 80, placeholder: 'your name', value: localStorage.getItem('yusuan.reviewer') || '' });
      const right = el('input', { name: 'rightValue', id: 'v-right', placeholder: f.type === 'amount' ? 'right value in 元 (or 12.3万元)' : 'right value', maxlength: 500 });
      const comment = el('textarea', { name: 'comment', id: 'v-comment', rows: 2, maxlength: 2000, placeholder: 'comment (optional)' });
      const msg = el('p', { class: 'form-msg', role: 'status' });
      const send = async (verdict) => {
        msg.textContent = '';
        if (!reviewer.value.trim()) { msg.textContent = 'Your name, please: a second reviewer sees who said what.'; reviewer.focus(); return; }
        if (verdict === 'wrong' && !right.value.trim()) { msg.textContent = 'Type the right value.'; right.focus(); return; }
        localStorage.setItem('yusuan.reviewer', reviewer.value.trim());
        const res = await fetch(`/api/doc/${data.doc}/verdicts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ key: f.key, verdict, reviewer: reviewer.value, comment: comment.value, ...(verdict === 'wrong' ? { rightValue: right.value } : {}) }),
        });
        const body = await res.json().catch(() => ({}));
        if (!res.ok) { msg.textContent = body.error || `failed (${res.status})`; return; }
        // the page is drawn anew with the verdict (as a second reviewer would see it)
        location.hash = `fact=${encodeURIComponent(f.key)}`;
        location.reload();
      };
      return el('form', { class: 'verdict', id: 'verdict-form', onsubmit: (e) => e.preventDefault() },
        el('h3', {}, 'Review'),
        el('label', {}, 'reviewer ', reviewer),
        el('div', { class: 'buttons' },
          el('button', { type: 'button', id: 'v-confirm', onclick: () => send('confirmed') }, '✓ confirmed'),
          ' ', right, ' ',
          el('button', { type: 'button', id: 'v-wrong', onclick: () => send('wrong') }, '✗ wrong')),
        comment, msg);
    }

    function selectFact(key, scroll) {
      const f = data.facts[key];
      if (!f) return;
      selected = key;
      clearHighlight();
      const first = highlight(f.boxes, scroll);
      markCurrent();
      const status = f.status === 'unreviewed' ? 'unreviewed' : f.status === 'confirmed' ? `confirmed by ${f.verdict.reviewer}` : `corrected by ${f.verdict.reviewer}: ${f.verdict.rightValue}`;
      show(
        el('h3', { class: 'fact-label' }, f.label),
        el('p', { class: 'key' }, el('code', {}, f.key)),
        el('p', { class: 'value' }, el('strong', { id: 'detail-value' }, f.display), ' ', el('span', { class: `status s-${f.status}`, id: 'detail-status' }, status)),
        first ? null : el('p', { class: 'muted' }, 'No box on the page for this fact (its sources carry no position).'),
        el('h4', {}, `Sources (${f.sources.length})`),
        el('ol', { class: 'sources' }, f.sources.map(sourceLine)),
        f.history.length ? el('div', { class: 'history', id: 'verdict-history' }, el('h4', {}, 'Verdicts'), el('ul', {}, f.history.map((v) => el('li', {}, verdictText(v))))) : null,
        verdictForm(f),
      );
      history.replaceState(null, '', `#fact=${encodeURIComponent(key)}`);
    }

    function selectBox(id) {
      const b = data.boxes[id];
      if (!b) return;
      if (b.keys.length === 1 && b.findings.length === 0) return selectFact(b.keys[0], false);
      selected = null;
      clearHighlight();
      highlight([id], false);
      const findings = data.findings.filter((x) => b.findings.includes(x.id));
      show(
        el('h3', {}, b.page !== null ? `A box on page ${b.page}` : `Line ${b.line}`),
        el('h4', {}, `Facts read here (${b.keys.length})`),
        el('ul', { class: 'box-facts', id: 'box-facts' }, b.keys.map((k) => el('li', {}, factButton(k), ' ', el('span', { class: 'v' }, data.facts[k].display)))),
        findings.length ? el('h4', {}, `Findings here (${findings.length})`) : null,
        findings.length ? el('ul', {}, findings.map((x) => el('li', {}, el('code', {}, x.code), ' ', x.message))) : null,
      );
    }

    function selectFinding(id) {
      const x = data.findings.find((f) => f.id === id);
      if (!x) return;
      selected = null;
      clearHighlight();
      highlight(x.boxes, true);
      for (const li of document.querySelectorAll(`.finding[data-finding="${id}"]`)) li.classList.add('current');
      show(
        el('h3', {}, el('code', {}, x.code), ' ', el('span', { class: `sev ${x.severity}` }, x.severity)),
        el('p', {}, x.message),
        x.expected !== null || x.found !== null ? el('p', {}, `expected ${x.expected ?? '—'}, found ${x.found ?? '—'}`) : null,
        x.keys.length ? el('h4', {}, 'Facts concerned') : null,
        x.keys.length ? el('ul', {}, x.keys.map((k) => el('li', {}, data.facts[k] ? factButton(k) : el('code', {}, k)))) : null,
        x.boxes.length ? null : el('p', { class: 'muted' }, 'No box on the page for this finding.'),
      );
    }

    document.addEventListener('click', (e) => {
      const t = e.target instanceof Element ? e.target : null;
      if (!t) return;
      const fact = t.closest('.fact[data-key], g[data-key]');
      if (fact) return selectFact(fact.getAttribute('data-key'), true);
      const box = t.closest('[data-box]');
      if (box) return selectBox(box.getAttribute('data-box'));
      const finding = t.closest('[data-finding]');
      if (finding) return selectFinding(Number(finding.getAttribute('data-finding')));
    });
    document.addEventListener('keydown', (e) => {
      const t = e.target instanceof Element ? e.target.closest('[data-finding]') : null;
      if (t && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); selectFinding(Number(t.getAttribute('data-finding'))); }
    });

    const m = /^#fact=(.+)$/.exec(location.hash);
    if (m) {
      const key = decodeURIComponent(m[1]);
      // after a reload: once the page's layout is there, go back to the fact
      requestAnimationFrame(() => selectFact(key, true));
    }
    document.body.dataset.ready = '1';
  }
})();
