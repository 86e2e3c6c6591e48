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

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
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
