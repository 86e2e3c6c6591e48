import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { exportFileName, loadOrganizerRoster } from '~/modules/events/roster.server';
import { downloadResponse } from '~/utils/download';
import { renderRosterXlsxOffThread } from '~/modules/events/roster-worker.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The organizer's roster workbook (one sheet per section), built on a worker thread. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const roster = await loadOrganizerRoster(await getDb(), event.id);
  if (!roster) throw httpError(404, 'error.notFound');
  const locale = localeFromRequest(request);
  const { bytes } = await renderRosterXlsxOffThread(roster, locale);
  const t = makeTranslator(locale);
  return downloadResponse(bytes, XLSX_TYPE, exportFileName(event.title, t('roster.file.suffix'), 'xlsx'), `roster-${event.event_date}.xlsx`);
}
