import type { LoaderFunctionArgs } from '@remix-run/node';
import { makeTranslator } from '~/i18n/translate';
import { localeFromRequest } from '~/i18n/locale';
import { requireAgreementActor } from '~/modules/agreements/access.server';
import { agreementsCsv, exportFileName } from '~/modules/agreements/export.server';
import { lateRule } from '~/modules/agreements/late.server';
import { scopeOf } from '~/modules/agreements/list.server';
import { agreementFiltersFromUrl } from '~/modules/agreements/schema';
import { getDb } from '~/utils/db.server';
import { downloadResponse } from '~/utils/download';

/** The agreement list as CSV (UTF-8 with BOM), filtered as on screen. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  const db = await getDb();
  const { filters } = agreementFiltersFromUrl(new URL(request.url));
  const rule = await lateRule(db, actor.kind === 'organizer' ? actor.regionCode : null);
  const t = makeTranslator(localeFromRequest(request));
  const body = await agreementsCsv(db, { scope: scopeOf(actor), filters, opts: actor.kind === 'organizer' ? { lateCutoff: rule.cutoff } : {}, t });
  const name = exportFileName(t, rule.today, 'csv');
  return downloadResponse(body, 'text/csv; charset=utf-8', name.name, name.ascii);
}
