/**
 * All message namespaces, merged. Each namespace file exports `zh` and `en`,
 * where `en` must have exactly the keys of `zh` (checked by the compiler and by
 * app/i18n/dictionaries.test.ts).
 */
import * as common from './messages/common';
import * as auth from './messages/auth';
import * as org from './messages/org';
import * as validation from './messages/validation';

const namespaces = [common, auth, org, validation];

const zh = Object.assign({}, ...namespaces.map((n) => n.zh)) as Record<string, string>;
const en = Object.assign({}, ...namespaces.map((n) => n.en)) as Record<string, string>;

export type MessageKey = keyof (typeof common.zh & typeof auth.zh & typeof org.zh & typeof validation.zh);

export const dictionaries = { 'zh-CN': zh, en } as const;
