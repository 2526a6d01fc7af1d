// HTML built from tagged templates that escape every value put into them: a document's text
// (which can hold `<script>`) reaches the page only as text. Markup is only what the templates
// themselves spell, or another template's result.

export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

const ESC: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text → HTML text or attribute value (attributes are always double-quoted in the templates). */
export function esc(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESC[c]!);
}

function part(p: Part): string {
  if (p instanceof SafeHtml) return p.text;
  if (p === null || p === undefined || p === false || p === true) return '';
  if (Array.isArray(p)) return (p as readonly Part[]).map(part).join('');
  return esc(String(p));
}

/** `html\`<td>${text}</td>\``: every interpolation escaped, unless it is itself SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the two JavaScript
 * line separators escaped, so that no string in it can close the block.
 */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}
