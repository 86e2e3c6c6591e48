/**
 * A rendered page's bytes, carried beside its Response (issue 19, decision 037f).
 *
 * app/entry.server.tsx renders a page to one string; the Response it hands back to
 * Remix has that body as a stream, which the server would read back chunk by chunk
 * (web-stream machinery, a copy per chunk). The entry also attaches the bytes to
 * the Response object itself, and the server (app/server/remix-adapter.ts) sends
 * those when the Response it gets is that same object; any other Response — a
 * HEAD answer Remix made from it, a page from the page cache — is read as a stream.
 *
 * The key is `Symbol.for(…)`: the server build (app/entry.server.tsx) and the
 * server (app/server, loaded on its own) each hold their own copy of this module.
 */
import type { MarkupSlots } from '../utils/late-markup';

const BODY: unique symbol = Symbol.for('finmatch.documentBody') as never;

type WithBody = Response & { [BODY]?: Buffer };

/**
 * The large markup of one render (app/utils/late-markup.ts): each `hold` gives a place holder,
 * an HTML comment naming this render's nonce and the markup's number. Text React escapes
 * cannot contain one (`<` becomes `&lt;`, and `\u003c` in the loader data's script).
 */
export class DocumentSlots implements MarkupSlots {
  readonly #held: string[] = [];
  readonly #prefix: string;

  constructor(nonce: string) {
    this.#prefix = `<!--late:${nonce}:`;
  }

  hold = (html: string): string => {
    this.#held.push(html);
    return `${this.#prefix}${this.#held.length - 1}-->`;
  };

  /** The page's bytes with each held markup in place of its holder (a holder not rendered is skipped). */
  fill(page: Buffer<ArrayBuffer>): Buffer<ArrayBuffer> {
    if (!this.#held.length) return page;
    // where each holder is (held in any order: the loader data's script first, the page shows it last)
    const found: { at: number; end: number; html: string }[] = [];
    for (let i = 0; i < this.#held.length; i++) {
      const holder = Buffer.from(`${this.#prefix}${i}-->`);
      const at = page.indexOf(holder);
      if (at >= 0) found.push({ at, end: at + holder.length, html: this.#held[i] });
    }
    found.sort((a, b) => a.at - b.at);
    const parts: Buffer[] = [];
    let from = 0;
    for (const f of found) {
      parts.push(page.subarray(from, f.at), Buffer.from(f.html, 'utf8'));
      from = f.end;
    }
    parts.push(page.subarray(from));
    return Buffer.concat(parts);
  }
}

/** A Response with `body` as its body (held markup put in), whose bytes the server can send without reading the stream. */
export function documentResponse(body: string, init: ResponseInit, slots?: DocumentSlots): Response {
  const page = Buffer.from(body, 'utf8');
  const bytes = slots ? slots.fill(page) : page;
  const response: WithBody = new Response(bytes, init);
  response[BODY] = bytes;
  return response;
}

/** The bytes attached by `documentResponse`, if this is such a Response. */
export function documentBody(response: Response): Buffer | undefined {
  return (response as WithBody)[BODY];
}
