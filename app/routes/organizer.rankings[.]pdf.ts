import type { LoaderFunctionArgs } from '@remix-run/node';
import { rankingDownload } from '~/modules/reports/ranking-download.server';

/** The monthly 通报 of the organizer's region as PDF in 公文 layout: `?month=YYYY-MM` (default: the last complete month). */
export const loader = (args: LoaderFunctionArgs) => rankingDownload(args, 'pdf');
