import type { LoaderFunctionArgs } from '@remix-run/node';
import { rankingDownload } from '~/modules/reports/ranking-download.server';

/** The monthly ranking of the organizer's region as an Excel workbook: `?month=YYYY-MM` (default: the last complete month). */
export const loader = (args: LoaderFunctionArgs) => rankingDownload(args, 'xlsx');
