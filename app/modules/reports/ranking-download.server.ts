/**
 * The organizer's monthly ranking as a file, `?month=YYYY-MM` (default: the last
 * complete month): the one loader behind organizer/rankings.pdf (the 通报 in 公文
 * layout), .docx (the same 通报, for the office to edit before sending) and .xlsx
 * (the ranking table).
 */
import { parseWithZod } from '@conform-to/zod';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { localeFromRequest } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { followThroughParagraph } from '~/modules/followup/outcomes-report';
import { monthFollowThrough } from '~/modules/followup/outcomes.server';
import { getDb } from '~/utils/db.server';
import { fileResponse } from '~/utils/download';
import { httpError } from '~/utils/errors';
import { renderBulletinDocx } from './bulletin-docx';
import { monthDisplay } from './bulletin-text';
import { loadBulletin } from './bulletin.server';
import { chinaMonth, previousMonth, RankingQuerySchema } from './ranking-month';
import { renderRankingPdf } from './ranking-pdf';
import { rankingWorkbook } from './ranking-xlsx';
import { computeMonthlyRanking } from './ranking.server';
import { targetDateOfMonth } from './targets';
import { targetParagraphs, targetProgress } from './targets.server';

export async function rankingDownload({ request, context }: LoaderFunctionArgs, format: 'pdf' | 'docx' | 'xlsx'): Promise<Response> {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: RankingQuerySchema });
  if (submission.status !== 'success') throw httpError(400, 'ranking.month.invalid');
  const month = submission.value.month ?? previousMonth(chinaMonth());
  const locale = localeFromRequest(request);
  const t = makeTranslator(locale);
  const db = await getDb();
  if (format === 'xlsx') {
    const [ranking, followThrough] = await Promise.all([
      computeMonthlyRanking(db, { regionCode: organizer.regionCode, month }),
      monthFollowThrough(db, organizer.regionCode, month),
    ]);
    const body = await rankingWorkbook(ranking, locale, followThrough);
    return fileResponse(
      body,
      'xlsx',
      t('ranking.file.xlsx', { region: ranking.regionName, month }),
      `ranking-${ranking.regionCode}-${month}`,
    );
  }
  const [b, followThrough] = await Promise.all([
    loadBulletin(db, organizer.regionCode, month),
    monthFollowThrough(db, organizer.regionCode, month),
  ]);
  // targets (decision 030d): progress at the month's end, or today for the running month
  const asOf = targetDateOfMonth(month, b.today);
  const extra = [
    ...targetParagraphs(t, locale, await targetProgress(db, organizer.regionCode, asOf), asOf),
    // 跟进成效 (decision 037d): the headline figures with numerators and denominators; the table is in the annex
    followThroughParagraph(t, followThrough, monthDisplay(t, month)),
  ];
  const options = { ...b, extra, followThrough };
  const body = format === 'pdf' ? await renderRankingPdf(b.ranking, locale, options) : await renderBulletinDocx(b.ranking, locale, options);
  return fileResponse(
    body,
    format,
    t('ranking.file.pdf', { region: b.ranking.regionName, month }),
    `ranking-${b.ranking.regionCode}-${month}`,
  );
}
