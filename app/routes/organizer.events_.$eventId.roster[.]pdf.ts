import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { exportFileName, loadOrganizerRoster } from '~/modules/events/roster.server';
import { downloadResponse } from '~/utils/download';
import { renderRosterPdfOffThread } from '~/modules/events/roster-worker.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';

/** The organizer's roster PDF (with phones), rendered on a worker thread. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const roster = await loadOrganizerRoster(await getDb(), event.id);
  if (!roster) throw httpError(404, 'error.notFound');
  const locale = localeFromRequest(request);
  const { bytes } = await renderRosterPdfOffThread(roster, locale, new URL(request.url).origin);
  const t = makeTranslator(locale);
  return downloadResponse(bytes, 'application/pdf', exportFileName(event.title, t('roster.file.suffix'), 'pdf'), `roster-${event.event_date}.pdf`);
}
