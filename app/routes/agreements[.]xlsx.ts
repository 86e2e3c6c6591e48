import type { LoaderFunctionArgs } from '@remix-run/node';
import { makeTranslator } from '~/i18n/translate';
import { localeFromRequest } from '~/i18n/locale';
import { requireAgreementActor } from '~/modules/agreements/access.server';
import { agreementsXlsx, exportFileName } from '~/modules/agreements/export.server';
import { lateRule } from '~/modules/agreements/late.server';
import { scopeOf } from '~/modules/agreements/list.server';
import { agreementFiltersFromUrl } from '~/modules/agreements/schema';
import { getDb } from '~/utils/db.server';
import { downloadResponse } from '~/utils/download';

/** The agreement list as an Excel workbook, filtered as on screen. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  const db = await getDb();
  const { filters } = agreementFiltersFromUrl(new URL(request.url));
  const rule = await lateRule(db, actor.kind === 'organizer' ? actor.regionCode : null);
  const t = makeTranslator(localeFromRequest(request));
  const body = await agreementsXlsx(db, { scope: scopeOf(actor), filters, opts: actor.kind === 'organizer' ? { lateCutoff: rule.cutoff } : {}, t });
  const name = exportFileName(t, rule.today, 'xlsx');
  return downloadResponse(body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name.name, name.ascii);
}
