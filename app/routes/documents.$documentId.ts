/**
 * One document, shown inline (image or PDF preview) to those allowed to see it —
 * the owner organization, the organizers of its region, administrators — and 404
 * to anyone else. The media type is the one found in the content at upload;
 * the server's X-Content-Type-Options: nosniff (app/server/server.ts, every
 * response) keeps the browser from guessing another.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAuth } from '~/modules/auth/guards.server';
import { readDocument } from '~/modules/documents/documents.server';
import { getDb } from '~/utils/db.server';

function inlineDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireAuth({ request, context });
  const doc = await readDocument(await getDb(), user, params.documentId ?? '');
  return new Response(new Uint8Array(doc.bytes), {
    headers: {
      'Content-Type': doc.content_type,
      'Content-Length': String(doc.bytes.byteLength),
      'Content-Disposition': inlineDisposition(doc.file_name),
      'Cache-Control': 'private, no-store',
    },
  });
}
