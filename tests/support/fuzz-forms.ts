/**
 * Reading the forms of a server-rendered page, for the fuzz test: which fields
 * a POST form sends (and to where), which filters a GET form offers. React's
 * server output is regular (double-quoted attributes, escaped values), so a
 * small tag scanner is enough; no DOM is needed.
 */

export interface ScrapedField {
  name: string;
  /** input type, or 'select' / 'textarea' / 'button' */
  type: string;
  /** the value the page sets (hidden fields, checkboxes, buttons) */
  value: string;
  /** select options and radio/checkbox values offered under this name */
  options: string[];
  checked: boolean;
}

export interface ScrapedForm {
  method: 'get' | 'post';
  /** resolved path + search, same origin only */
  action: string;
  multipart: boolean;
  fields: ScrapedField[];
  /** submit buttons that carry a name/value (e.g. intent=publish) */
  submitters: { name: string; value: string }[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Attributes of one start tag (`<input a="1" b>` → {a: '1', b: ''}). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<[\w-]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function resolveAction(action: string | undefined, pageUrl: URL): string | null {
  const target = new URL(action && action.length ? action : pageUrl.pathname + pageUrl.search, pageUrl);
  if (target.origin !== pageUrl.origin) return null;
  return target.pathname + target.search;
}

/** Every <form> of `html` (nested forms do not exist in valid HTML; React never renders them). */
export function scrapeForms(html: string, pageUrl: URL): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const formTag = /^<form\b[^>]*>/i.exec(m[0])![0];
    const fa = attributes(formTag);
    const action = resolveAction(fa.action, pageUrl);
    if (action === null) continue;
    const method = (fa.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const inner = m[1];
    const byName = new Map<string, ScrapedField>();
    const submitters: { name: string; value: string }[] = [];
    const add = (f: ScrapedField) => {
      const prev = byName.get(f.name);
      if (!prev) byName.set(f.name, f);
      else {
        for (const o of f.options) if (!prev.options.includes(o)) prev.options.push(o);
        if (f.checked && !prev.checked) Object.assign(prev, { value: f.value, checked: true });
      }
    };
    for (const t of inner.matchAll(/<(input|button|select|textarea)\b[^>]*>/gi)) {
      const kind = t[1].toLowerCase();
      const a = attributes(t[0]);
      if (!a.name || 'disabled' in a) continue;
      if (kind === 'input') {
        const type = (a.type ?? 'text').toLowerCase();
        if (type === 'submit' || type === 'image') {
          submitters.push({ name: a.name, value: a.value ?? '' });
          continue;
        }
        if (type === 'reset') continue;
        const optionish = type === 'checkbox' || type === 'radio';
        add({
          name: a.name,
          type,
          value: a.value ?? (optionish ? 'on' : ''),
          options: optionish ? [a.value ?? 'on'] : [],
          checked: 'checked' in a,
        });
      } else if (kind === 'button') {
        const type = (a.type ?? 'submit').toLowerCase();
        if (type === 'submit') submitters.push({ name: a.name, value: a.value ?? '' });
      } else if (kind === 'select') {
        const end = inner.indexOf('</select>', t.index!);
        const body = inner.slice(t.index!, end < 0 ? undefined : end);
        const options = [...body.matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0]).value ?? '').filter((v) => v !== '');
        const selected = [...body.matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0])).find((o) => 'selected' in o);
        add({ name: a.name, type: 'select', value: selected?.value ?? options[0] ?? '', options, checked: false });
      } else {
        const end = inner.indexOf('</textarea>', t.index!);
        const text = end < 0 ? '' : decodeEntities(inner.slice(t.index! + t[0].length, end));
        add({ name: a.name, type: 'textarea', value: text, options: [], checked: false });
      }
    }
    forms.push({ method, action, multipart: /multipart\/form-data/i.test(fa.enctype ?? ''), fields: [...byName.values()], submitters });
  }
  return forms;
}

/** A key that identifies "the same form" across pages (the layout's forms appear on every page). */
export function formKey(f: ScrapedForm): string {
  const path = f.action.split('?')[0].replace(/[0-9a-z]{16}/g, ':id');
  return `${f.method} ${path} ${f.fields
    .map((x) => x.name)
    .sort()
    .join(',')} ${f.submitters
    .map((s) => `${s.name}=${s.value}`)
    .sort()
    .join(',')}`;
}

/** The body a person would send: every field with the value the page gives it, or a plausible one. */
export function plausibleValues(f: ScrapedForm, today = new Date()): [string, string][] {
  const inMonth = new Date(today.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const out: [string, string][] = [];
  for (const field of f.fields) {
    switch (field.type) {
      case 'checkbox':
      case 'radio':
        // a checked box, or the first option of a group nobody checked
        if (field.checked || field.options.length) out.push([field.name, field.checked ? field.value : field.options[0]]);
        break;
      case 'hidden':
      case 'select':
        out.push([field.name, field.value]);
        break;
      case 'number':
        out.push([field.name, field.value || '12']);
        break;
      case 'date':
        out.push([field.name, field.value || inMonth]);
        break;
      case 'time':
        out.push([field.name, field.value || '09:30']);
        break;
      case 'email':
        out.push([field.name, field.value || 'fuzz@example.com']);
        break;
      case 'tel':
        out.push([field.name, field.value || '13800138000']);
        break;
      case 'password':
        out.push([field.name, 'Fuzz-password-2026']);
        break;
      case 'file':
        break;
      default:
        out.push([field.name, field.value || '模糊测试']);
    }
  }
  return out;
}
