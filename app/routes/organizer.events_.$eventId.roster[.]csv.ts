import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { rosterCsv } from '~/modules/events/roster-csv';
import { exportFileName, loadOrganizerRoster } from '~/modules/events/roster.server';
import { downloadResponse } from '~/utils/download';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';

/** The representatives list as CSV (UTF-8 with BOM) for the organizer. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const roster = await loadOrganizerRoster(await getDb(), event.id);
  if (!roster) throw httpError(404, 'error.notFound');
  const t = makeTranslator(localeFromRequest(request));
  return downloadResponse(rosterCsv(roster, t), 'text/csv; charset=utf-8', exportFileName(event.title, t('roster.file.csvSuffix'), 'csv'), `representatives-${event.event_date}.csv`);
}
