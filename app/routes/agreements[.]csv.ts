import type { LoaderFunctionArgs } from '@remix-run/node';
import { agreementsDownload } from '~/modules/agreements/export.server';

/** The agreement list as CSV (UTF-8 with BOM), filtered as on screen. */
export const loader = (args: LoaderFunctionArgs) => agreementsDownload(args, 'csv');
