/**
 * Documents for verification (issue 14; decision 035g): 营业执照 and other
 * material an enterprise or bank hands in, shown to the organizer beside the
 * entered data.
 *
 * - Checked by content: the type is what `file-type` finds in the first bytes
 *   (magic numbers), never the name or the browser's word; only images (JPEG,
 *   PNG, WebP) and PDF are taken, at most MAX_DOCUMENT_BYTES.
 * - Stored outside the database (./storage.server.ts); the row is written after
 *   the file, and the file removed again when the row cannot be written.
 * - Seen only by the owner organization's members, the organizers whose region
 *   covers the organization, administrators, and the handler of a problem the
 *   enterprise attached it to (issue 18); anyone else gets 404.
 */
import { createHash } from 'node:crypto';
import type { DocumentKind } from '#db/schema';
import type { SessionUser } from '~/modules/auth/auth-session.server';
import { regionCovers } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { msg } from '~/i18n/translate';
import { handlesProblemWithDocument } from '~/modules/followup/problems.server';
import { fileStorage } from './storage.server';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_ORG = 30;
export { DOCUMENT_KINDS } from './kinds';
/** What may be stored (and is served inline): content types found by file-type. */
export const DOCUMENT_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** The media type of `bytes` found by its content, or null when it is none the app takes. */
export async function sniffDocumentType(bytes: Uint8Array): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes);
  return found && found.mime in DOCUMENT_TYPES ? found.mime : null;
}

/** A file name safe to keep and show: no path, no control characters, at most 120 characters. */
export function cleanDocumentName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base
    .replace(/[\u0000-\u001f\u007f"<>|*?:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-120);
  return clean || 'document';
}

/**
 * Stores a document of the member's own organization. Refused with a field error
 * on `file`: empty (400), too large (413), not an image or PDF by its content
 * (415); too many documents (409).
 */
export async function uploadDocument(
  db: DB,
  actor: { userId: string; orgId: string },
  input: { kind: DocumentKind; fileName: string; bytes: Uint8Array },
): Promise<{ id: string; contentType: string }> {
  const { bytes } = input;
  if (bytes.byteLength === 0) throw new AppError(400, 'doc.empty', { field: 'file' });
  if (bytes.byteLength > MAX_DOCUMENT_BYTES)
    throw new AppError(413, msg('doc.tooLarge', { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }), { field: 'file' });
  const contentType = await sniffDocumentType(bytes);
  if (!contentType) throw new AppError(415, 'doc.badType', { field: 'file' });
  const count = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', actor.orgId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_DOCUMENTS_PER_ORG)
    throw new AppError(409, msg('doc.tooMany', { max: MAX_DOCUMENTS_PER_ORG }), { field: 'file' });

  const id = newId().toLowerCase();
  const key = `${id.slice(0, 2)}/${id}`;
  const storage = fileStorage();
  await storage.put(key, bytes);
  try {
    await db
      .insertInto('documents')
      .values({
        id,
        organization_id: actor.orgId,
        kind: input.kind,
        file_name: cleanDocumentName(input.fileName),
        content_type: contentType,
        size: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storage_key: key,
        uploaded_by: actor.userId,
        created_at: nowIso(),
      })
      .execute();
  } catch (e) {
    await storage.delete(key);
    throw e;
  }
  return { id, contentType };
}

export interface DocumentInfo {
  id: string;
  kind: DocumentKind;
  file_name: string;
  content_type: string;
  size: number;
  created_at: string;
}

/** An organization's documents, newest first. */
export function listDocuments(db: DB, orgId: string): Promise<DocumentInfo[]> {
  return db
    .selectFrom('documents')
    .select(['id', 'kind', 'file_name', 'content_type', 'size', 'created_at'])
    .where('organization_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * The document and its bytes for `user`, or 404 when it does not exist or the
 * user may not see it: only the owner organization's members, the organizers
 * whose region covers the organization, and administrators.
 */
export async function readDocument(db: DB, user: SessionUser, id: string) {
  const doc = await db
    .selectFrom('documents as d')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select([
      'd.id',
      'd.organization_id',
      'd.file_name',
      'd.content_type',
      'd.storage_key',
      'd.size',
      'o.region_code',
      'o.kind as org_kind',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!doc) throw notFound();
  const allowed =
    user.role === 'admin' ||
    (user.role === 'organizer' && !!user.regionCode && doc.org_kind !== 'government' && regionCovers(user.regionCode, doc.region_code)) ||
    ((user.role === 'enterprise' || user.role === 'bank') && user.organizationId === doc.organization_id);
  // the handler (bank or department) of a problem the enterprise attached it to (issue 18)
  if (!allowed && !(user.organizationId && (await handlesProblemWithDocument(db, user.organizationId, doc.id)))) throw notFound();
  const bytes = await fileStorage().get(doc.storage_key);
  if (!bytes) throw notFound();
  return { ...doc, bytes };
}

/** Deletes a document of the member's own organization (404 for anyone else's). */
export async function deleteDocument(db: DB, orgId: string, id: string): Promise<void> {
  const doc = await db
    .selectFrom('documents')
    .select(['id', 'storage_key'])
    .where('id', '=', id)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!doc) throw notFound();
  await db.deleteFrom('problem_documents').where('document_id', '=', doc.id).execute();
  await db.deleteFrom('documents').where('id', '=', doc.id).execute();
  await fileStorage().delete(doc.storage_key);
}
