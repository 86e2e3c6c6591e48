import type { LoaderFunctionArgs } from '@remix-run/node';
import { rosterDownload } from '~/modules/events/roster-download.server';

/** The representatives list as CSV (UTF-8 with BOM) for the organizer. */
export const loader = (args: LoaderFunctionArgs) => rosterDownload(args, 'csv');
