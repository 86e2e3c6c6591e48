/**
 * The import page's two forms: the upload (kind + file, multipart) and the
 * commit of a checked upload (its token). Shared by the route and the browser.
 */
import { z } from 'zod';
import { IMPORT_KINDS, OVERRIDE_ID } from './types';

/** A chosen, non-empty file (an empty file input sends nothing or a nameless empty part). */
function isFile(v: unknown): v is Blob & { name?: string } {
  return typeof v === 'object' && v !== null && typeof (v as Blob).arrayBuffer === 'function' && typeof (v as Blob).size === 'number';
}

export const UploadSchema = z.object({
  intent: z.literal('check', { errorMap: () => ({ message: 'error.badRequest' }) }),
  kind: z.enum(IMPORT_KINDS, { errorMap: () => ({ message: 'v.choice' }) }),
  file: z.custom<Blob & { name?: string }>((v) => isFile(v) && (v.size > 0 || Boolean(v.name)), 'imports.file.required'),
});

/** Most rows a commit may tick to overwrite (the report lists at most this many changed rows). */
export const MAX_OVERRIDES = 1000;

export const CommitSchema = z.object({
  intent: z.literal('commit', { errorMap: () => ({ message: 'error.badRequest' }) }),
  token: z.string({ required_error: 'imports.file.tokenExpired' }).regex(/^[A-Za-z0-9_-]{27}$/, 'imports.file.tokenExpired'),
  /** the rows changed on the platform that the clerk ticked to overwrite anyway */
  override: z
    .array(z.string().regex(OVERRIDE_ID, 'error.badRequest'), { invalid_type_error: 'error.badRequest' })
    .max(MAX_OVERRIDES, 'error.badRequest')
    .default([]),
  /** the amounts far outside the usual range were checked */
  confirmAmounts: z.literal('on', { errorMap: () => ({ message: 'error.badRequest' }) }).optional(),
});

/** The uploaded file's name as shown back: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined | null): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  return (base || 'upload').slice(0, 200);
}
