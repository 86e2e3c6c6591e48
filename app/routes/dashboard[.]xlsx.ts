import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { DashboardQuerySchema, loadDashboard, requireDashboardViewer } from '~/modules/reports/dashboard.server';
import { attachmentHeader, dashboardXlsx, exportTitle } from '~/modules/reports/totals-export.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';

/** The dashboard's figures as an Excel workbook (numeric cells), filtered as on screen. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireDashboardViewer({ request, context });
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: DashboardQuerySchema });
  if (submission.status !== 'success') return json({ errors: submission.error ?? {} }, { status: 400 });
  const locale = localeFromRequest(request);
  const result = await loadDashboard(await getDb(), viewer, submission.value, locale);
  if (!result.ok) {
    if (result.status === 404) throw httpError(404, 'error.notFound');
    return json({ errors: result.fieldErrors }, { status: 400 });
  }
  const body = await dashboardXlsx(result.data, locale);
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': attachmentHeader(exportTitle(result.data, locale), 'xlsx'),
      'Cache-Control': 'private, no-store',
    },
  });
}
