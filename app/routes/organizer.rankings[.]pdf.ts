/** The monthly ranking bulletin (通报) of the organizer's region as PDF: `?month=YYYY-MM` (default: this month). */
import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { renderRankingPdf } from '~/modules/reports/ranking-pdf';
import { chinaMonth, RankingQuerySchema } from '~/modules/reports/ranking-month';
import { computeMonthlyRanking } from '~/modules/reports/ranking.server';
import { getDb } from '~/utils/db.server';
import { downloadResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request);
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: RankingQuerySchema });
  if (submission.status !== 'success') throw httpError(400, 'ranking.month.invalid');
  const month = submission.value.month ?? chinaMonth();
  const locale = localeFromRequest(request);
  const ranking = await computeMonthlyRanking(await getDb(), { regionCode: organizer.regionCode, month });
  const pdf = await renderRankingPdf(ranking, locale);
  const name = makeTranslator(locale)('ranking.file.pdf', { region: ranking.regionName, month });
  return downloadResponse(pdf, 'application/pdf', `${name}.pdf`, `ranking-${ranking.regionCode}-${month}.pdf`);
}
