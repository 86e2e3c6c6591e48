import type { DocumentKind } from '#db/schema';

/** The kinds of document an organization hands in (shared by the upload form and the server). */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['licence', 'other'];
