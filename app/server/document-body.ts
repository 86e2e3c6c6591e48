/**
 * A response's bytes, held beside its Response instead of in a body stream (issue 19,
 * decisions 037f and 046b).
 *
 * app/entry.server.tsx renders a page to one string, and a loader answering with `pageJson`
 * has its data as an object. A Response made with that body builds a web stream for it
 * (undici's body extraction and a transferable ReadableStream: ~1.5 % of the server's CPU
 * under the realistic mix), which the server then reads back chunk by chunk — and a
 * loader's body is never read at all when the page is rendered on the server (Remix calls
 * its `json()`). `HeldBodyResponse` has no body stream: it holds a function that makes the
 * bytes on first use, answers `text()`, `arrayBuffer()`, `json()` and `blob()` from them;
 * the server (app/server/remix-adapter.ts) and the page cache read a page's with `heldBody`.
 * Its `body` is a stream made only when asked for (Remix's router asks of every loader
 * answer — a null body would be no data — so a `pageJson` answer makes one, which writes
 * the JSON only if read); a page's body is never asked for on the way out.
 *
 * The key is `Symbol.for(…)`: the server build (app/entry.server.tsx) and the
 * server (app/server, loaded on its own) each hold their own copy of this module.
 */
import type { MarkupSlots } from '../utils/late-markup';

const BODY: unique symbol = Symbol.for('finmatch.heldBody') as never;

type WithBody = Response & { [BODY]?: () => Buffer };

/** A Response whose body is bytes made on first use and held, not a stream (see above). */
export class HeldBodyResponse extends Response {
  constructor(make: () => Buffer, init: ResponseInit) {
    super(null, init);
    let bytes: Buffer | undefined;
    (this as WithBody)[BODY] = () => (bytes ??= make());
  }

  #bytes(): Buffer {
    return (this as WithBody)[BODY]!();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#bytes();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  override async text(): Promise<string> {
    return this.#bytes().toString('utf8');
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.#bytes().toString('utf8'));
  }

  override async blob(): Promise<Blob> {
    return new Blob([new Uint8Array(await this.arrayBuffer())], { type: this.headers.get('Content-Type') ?? '' });
  }

  #stream: ReadableStream<Uint8Array> | undefined;

  /** A stream of the bytes, made when asked for (see below). */
  lazyBody(): ReadableStream<Uint8Array> {
    let stream = this.#stream;
    if (!stream) {
      const bytes = () => this.#bytes();
      // the bytes are made when the stream is read, not when it is made: Remix's router looks
      // at every loader answer's `body` (a null body would be no data) but reads only `json()`
      // highWaterMark 0: a stream with the default of 1 pulls once as soon as it is made, which
      // wrote every page's loader data as JSON (0.15 ms on the dashboard) that nobody read
      stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            controller.enqueue(new Uint8Array(bytes()));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      this.#stream = stream;
    }
    return stream;
  }

  override clone(): Response {
    const bytes = this.#bytes();
    return new HeldBodyResponse(() => bytes, { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) });
  }
}

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

// `body` is an accessor of Response.prototype; TypeScript's lib declares it a property, so
// the subclass's accessor is defined here.
Object.defineProperty(HeldBodyResponse.prototype, 'body', {
  configurable: true,
  get(this: HeldBodyResponse) {
    return this.lazyBody();
  },
});

/** A page's Response: `body` (held markup put in) as bytes held beside it (see above). */
export function documentResponse(body: string, init: ResponseInit, slots?: DocumentSlots): Response {
  const page = Buffer.from(body, 'utf8');
  const bytes = slots ? slots.fill(page) : page;
  return new HeldBodyResponse(() => bytes, init);
}

/** The bytes a `HeldBodyResponse` holds (made now if not yet), if this is one. */
export function heldBody(response: Response): Buffer | undefined {
  return (response as WithBody)[BODY]?.();
}
