import type { LoaderFunctionArgs } from '@remix-run/node';
import { dashboardDownload } from '~/modules/reports/totals-export.server';

/** The dashboard's figures as CSV (UTF-8 with BOM), filtered as on screen. */
export const loader = (args: LoaderFunctionArgs) => dashboardDownload(args, 'csv');
