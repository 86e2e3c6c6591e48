/** The monthly 通报 of the organizer's region as PDF in 公文 layout: `?month=YYYY-MM` (default: the last complete month). */
import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { loadBulletin } from '~/modules/reports/bulletin.server';
import { renderRankingPdf } from '~/modules/reports/ranking-pdf';
import { chinaMonth, previousMonth, RankingQuerySchema } from '~/modules/reports/ranking-month';
import { getDb } from '~/utils/db.server';
import { downloadResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: RankingQuerySchema });
  if (submission.status !== 'success') throw httpError(400, 'ranking.month.invalid');
  const month = submission.value.month ?? previousMonth(chinaMonth());
  const locale = localeFromRequest(request);
  const b = await loadBulletin(await getDb(), organizer.regionCode, month);
  const pdf = await renderRankingPdf(b.ranking, locale, b);
  const name = makeTranslator(locale)('ranking.file.pdf', { region: b.ranking.regionName, month });
  return downloadResponse(pdf, 'application/pdf', `${name}.pdf`, `ranking-${b.ranking.regionCode}-${month}.pdf`);
}
