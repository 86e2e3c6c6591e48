/**
 * Receives an import's file from a multipart body without holding the event loop
 * (issue 13, point 7). Remix's memory handler kept the body's ~1,000 chunks as the
 * parts of a File: building it copied them, and reading it back (`arrayBuffer()`)
 * copied them again in one go — together over a second for a 15 MB CSV on a busy
 * machine, with no other request served meanwhile. Here each chunk is copied into one
 * growing buffer as it arrives, with a turn of the event loop whenever the slice is
 * used up (the parser hands over chunks without one once the body has arrived), and
 * the file keeps that buffer: `uploadedBytes(file)` gives it back without a copy, to
 * move it to the import worker.
 */
import { MaxPartSizeExceededError, type UploadHandler } from '@remix-run/node';
import { breathe } from '~/utils/breathe';

/** A file whose bytes are one buffer (uploadedBytes). Reads like any File. */
class UploadedFile extends File {
  constructor(
    readonly content: Uint8Array,
    name: string,
    type: string,
  ) {
    super([], name, { type });
    Object.defineProperty(this, 'size', { value: content.byteLength });
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.content.slice().buffer as ArrayBuffer;
  }
  override async text(): Promise<string> {
    return new TextDecoder().decode(this.content);
  }
}

/** The buffer of a file received by uploadHandler (null for any other File). */
export function uploadedBytes(file: unknown): Uint8Array | null {
  return file instanceof UploadedFile ? file.content : null;
}

/** An upload handler keeping each part in memory, up to `maxBytes`. */
export function uploadHandler(maxBytes: number): UploadHandler {
  return async ({ name, filename, contentType, data }) => {
    let buffer = new Uint8Array(64 * 1024);
    let size = 0;
    for await (const chunk of data) {
      if (size + chunk.byteLength > maxBytes) throw new MaxPartSizeExceededError(name, maxBytes);
      if (size + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(buffer.byteLength * 2, size + chunk.byteLength)));
        grown.set(buffer.subarray(0, size));
        buffer = grown;
      }
      buffer.set(chunk, size);
      size += chunk.byteLength;
      await breathe();
    }
    const bytes = buffer.subarray(0, size);
    if (typeof filename === 'string') return new UploadedFile(bytes, filename, contentType);
    return new TextDecoder().decode(bytes);
  };
}
