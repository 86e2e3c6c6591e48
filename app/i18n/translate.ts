/**
 * Messages are keys; parameters travel with them as `key|{"json":1}` so that
 * zod schemas and actions stay language-free and the page translates at render.
 */
import { DEFAULT_LOCALE, type Locale } from './locale';
import type { MessageKey } from './dictionaries';
// both languages on the server; an empty module in the browser, which is given
// the active language's messages by app/entry.client.tsx (provideMessages)
import { dictionaries as serverDictionaries } from './dictionaries.server';

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey | string, params?: Params) => string;

/** Encodes a message key with parameters for later translation. */
export function msg(key: MessageKey, params?: Params): string {
  return params ? `${key}|${JSON.stringify(params)}` : key;
}

/**
 * A message's text cut once at its `{name}` placeholders: literal, name, literal, … (a
 * page fills the same messages hundreds of times — the dashboard's rate cells — and a
 * regular expression with a callback per call was a few percent of its render).
 */
const templates = new Map<string, string[]>();
const TEMPLATES_MAX = 5_000;

function template(text: string): string[] {
  let parts = templates.get(text);
  if (parts === undefined) {
    parts = text.split(/\{(\w+)\}/);
    if (templates.size >= TEMPLATES_MAX) templates.clear();
    templates.set(text, parts);
  }
  return parts;
}

export function interpolate(text: string, params?: Params): string {
  if (!params || !text.includes('{')) return text;
  const parts = template(text);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (name in params ? String(params[name]) : `{${name}}`) + parts[i + 1];
  }
  return out;
}

const loaded: Partial<Record<Locale, Record<string, string>>> = { ...serverDictionaries };

/** The browser's messages: one language, loaded before the page hydrates. */
export function provideMessages(locale: Locale, messages: Record<string, string>): void {
  loaded[locale] = messages;
}

export function makeTranslator(locale: Locale): Translate {
  const dict = loaded[locale] ?? loaded[DEFAULT_LOCALE] ?? {};
  const fallback = loaded[DEFAULT_LOCALE] ?? {};
  return (raw, params) => {
    let key = raw;
    let p = params;
    const bar = raw.indexOf('|');
    if (bar > 0) {
      key = raw.slice(0, bar);
      try {
        p = { ...(JSON.parse(raw.slice(bar + 1)) as Params), ...params };
      } catch {
        /* not an encoded key: show as is */
        key = raw;
      }
    }
    const text = (dict as Record<string, string>)[key] ?? (fallback as Record<string, string>)[key];
    // Unknown keys are shown as given: text that is already human (e.g. a name) passes through.
    return text === undefined ? raw : interpolate(text, p);
  };
}
