import type { LoaderFunctionArgs } from '@remix-run/node';
import { personalAgendaDownload } from '~/modules/events/agenda-download.server';

/** A representative's own agenda as an iCalendar file, through their personal link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return personalAgendaDownload(request, params.token ?? '', 'ics');
}
