/**
 * The organizer's roster of an event as a file: the one loader behind
 * roster.csv (the representatives list), roster.xlsx and roster.pdf (the full
 * roster with phones; built on a worker thread).
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { getDb } from '~/utils/db.server';
import { fileResponse } from '~/utils/download';
import { notFound } from '~/utils/errors';
import { requireEventForOrganizer } from './access.server';
import { rosterCsv } from './roster-csv';
import { renderRosterPdfOffThread, renderRosterXlsxOffThread } from './roster-worker.server';
import { exportFileStem, loadOrganizerRoster } from './roster.server';

export async function rosterDownload({ request, params, context }: LoaderFunctionArgs, format: 'csv' | 'xlsx' | 'pdf'): Promise<Response> {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const roster = await loadOrganizerRoster(await getDb(), event.id);
  if (!roster) throw notFound();
  const locale = localeFromRequest(request);
  const t = makeTranslator(locale);
  if (format === 'csv') {
    return fileResponse(
      rosterCsv(roster, t),
      'csv',
      exportFileStem(event.title, t('roster.file.csvSuffix')),
      `representatives-${event.event_date}`,
    );
  }
  const { bytes } =
    format === 'pdf'
      ? await renderRosterPdfOffThread(roster, locale, new URL(request.url).origin)
      : await renderRosterXlsxOffThread(roster, locale);
  return fileResponse(bytes, format, exportFileStem(event.title, t('roster.file.suffix')), `roster-${event.event_date}`);
}
