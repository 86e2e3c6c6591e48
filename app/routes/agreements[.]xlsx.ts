import type { LoaderFunctionArgs } from '@remix-run/node';
import { agreementsDownload } from '~/modules/agreements/export.server';

/** The agreement list as an Excel workbook, filtered as on screen. */
export const loader = (args: LoaderFunctionArgs) => agreementsDownload(args, 'xlsx');
