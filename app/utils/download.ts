/** File downloads: safe names and the one way a download response is built. */

/** The media type of each file format the app offers for download. */
export const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  ics: 'text/calendar; charset=utf-8',
} as const;

export type FileFormat = keyof typeof FILE_TYPES;

/** A title made safe as a file name stem on every file system (no path or reserved characters, ≤ 80 characters). */
export function safeFileStem(title: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  return (
    title
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || fallback
  );
}

/**
 * Content-Disposition for a download with a non-ASCII name (RFC 6266 / RFC 5987):
 * an ASCII fallback in `filename`, the real name UTF-8 percent-encoded in `filename*`.
 */
export function contentDisposition(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A download response: never cached (exports hold personal data), the real name and an ASCII fallback. */
export function downloadResponse(body: Uint8Array | string, contentType: string, fileName: string, fallbackName: string): Response {
  const bytes: Uint8Array<ArrayBuffer> = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Response(bytes, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': contentDisposition(fileName, fallbackName),
      'Content-Length': String(bytes.byteLength),
      'Cache-Control': 'private, no-store',
    },
  });
}

/**
 * A download in one of the app's formats: `fileResponse(bytes, 'xlsx', '协议台账-2026-11-25', 'agreements-2026-11-25')`
 * answers `协议台账-2026-11-25.xlsx` (ASCII fallback `agreements-2026-11-25.xlsx`) with the format's media type.
 */
export function fileResponse(body: Uint8Array | string, format: FileFormat, stem: string, asciiStem: string): Response {
  return downloadResponse(body, FILE_TYPES[format], `${stem}.${format}`, `${asciiStem}.${format}`);
}
