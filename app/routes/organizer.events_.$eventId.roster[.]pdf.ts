import type { LoaderFunctionArgs } from '@remix-run/node';
import { rosterDownload } from '~/modules/events/roster-download.server';

/** The organizer's roster PDF (with phones), rendered on a worker thread. */
export const loader = (args: LoaderFunctionArgs) => rosterDownload(args, 'pdf');
