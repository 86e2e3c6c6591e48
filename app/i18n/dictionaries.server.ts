/**
 * Both languages' messages, for the server (pages are rendered in either language).
 * The browser never loads this module: Remix leaves `.server` modules out of the
 * browser bundle, and the browser gets the active language's messages alone
 * (./messages-zh.ts or ./messages-en.ts, loaded by app/entry.client.tsx).
 */
export { dictionaries } from './dictionaries';
