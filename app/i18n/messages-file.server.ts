/**
 * One language's messages as a file for the browser (issue 19): a page ships only
 * the messages of its language. The file is served by app/routes/i18n.$locale[.]json.ts
 * at a URL that carries a hash of its content, so the browser keeps it for a year
 * and fetches it again only when the messages change; the root route names the
 * URL (a preload link) and app/entry.client.tsx reads it before hydrating.
 */
import crypto from 'node:crypto';
import { dictionaries } from './dictionaries.server';
import type { Locale } from './locale';

interface MessagesFile {
  body: string;
  version: string;
}

const files = new Map<Locale, MessagesFile>();

export function messagesFile(locale: Locale): MessagesFile {
  let file = files.get(locale);
  if (!file) {
    const body = JSON.stringify(dictionaries[locale]);
    file = { body, version: crypto.createHash('sha256').update(body).digest('hex').slice(0, 12) };
    files.set(locale, file);
  }
  return file;
}

export function messagesUrl(locale: Locale): string {
  return `/i18n/${locale}.json?v=${messagesFile(locale).version}`;
}
