import type { LoaderFunctionArgs } from '@remix-run/node';
import { agendaDownload } from '~/modules/events/agenda-download.server';

/** The organization's agenda in the session as an iCalendar file (once the schedule is published). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return agendaDownload({ request, context }, params.eventId ?? '', 'ics');
}
