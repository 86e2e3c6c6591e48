import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { buildTemplate, isImportKind, TEMPLATE_FORMATS, type TemplateFormat } from '~/modules/imports';
import { downloadResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';

/** GET /organizer/imports/template/:kind?format=xlsx|csv — the import template of a kind. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireOrganizer({ request, context });
  const kind = params.kind;
  if (!isImportKind(kind)) throw httpError(404, 'error.notFound');
  const raw = new URL(request.url).searchParams.get('format') ?? 'xlsx';
  if (!(TEMPLATE_FORMATS as readonly string[]).includes(raw)) throw httpError(400, 'error.badRequest');
  const file = await buildTemplate(kind, raw as TemplateFormat);
  if (!file) throw httpError(400, 'imports.template.csvWorkbook');
  return downloadResponse(file.body, file.contentType, file.fileName, file.asciiName);
}
