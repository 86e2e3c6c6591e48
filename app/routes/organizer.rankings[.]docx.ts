import type { LoaderFunctionArgs } from '@remix-run/node';
import { rankingDownload } from '~/modules/reports/ranking-download.server';

/** The monthly 通报 as a Word document the office can edit before sending: `?month=YYYY-MM`. */
export const loader = (args: LoaderFunctionArgs) => rankingDownload(args, 'docx');
