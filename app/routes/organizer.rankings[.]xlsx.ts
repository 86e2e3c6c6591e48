/** The monthly ranking of the organizer's region as an Excel workbook: `?month=YYYY-MM` (default: this month). */
import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { chinaMonth, previousMonth, RankingQuerySchema } from '~/modules/reports/ranking-month';
import { rankingWorkbook } from '~/modules/reports/ranking-xlsx';
import { computeMonthlyRanking } from '~/modules/reports/ranking.server';
import { getDb } from '~/utils/db.server';
import { downloadResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: RankingQuerySchema });
  if (submission.status !== 'success') throw httpError(400, 'ranking.month.invalid');
  const month = submission.value.month ?? previousMonth(chinaMonth());
  const locale = localeFromRequest(request);
  const ranking = await computeMonthlyRanking(await getDb(), { regionCode: organizer.regionCode, month });
  const body = await rankingWorkbook(ranking, locale);
  const name = makeTranslator(locale)('ranking.file.xlsx', { region: ranking.regionName, month });
  return downloadResponse(body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`, `ranking-${ranking.regionCode}-${month}.xlsx`);
}
