import type { LoaderFunctionArgs } from '@remix-run/node';
import { rosterDownload } from '~/modules/events/roster-download.server';

/** The organizer's roster workbook (one sheet per section), built on a worker thread. */
export const loader = (args: LoaderFunctionArgs) => rosterDownload(args, 'xlsx');
