/**
 * 公开成效设置 (decision 030e): which of the region's headline figures the public
 * results page (/results) shows. Organizers, their own region.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { PUBLIC_FIGURES, type PublicFigure } from '~/modules/reports/public-figures';
import { getPublicFigures, savePublicFigures } from '~/modules/reports/public-results.server';
import { readFormData } from '~/server/form-guard';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'results.settings.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  return json({ regionCode: organizer.regionCode, ...(await getPublicFigures(await getDb(), organizer.regionCode)) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const formData = await readFormData(request);
  if (formData.get('intent') !== 'publicFigures') return json({ error: 'v.choice' }, { status: 400 });
  const asked = formData.getAll('figures').map(String);
  if (asked.some((f) => !(PUBLIC_FIGURES as readonly string[]).includes(f))) return json({ error: 'v.choice' }, { status: 400 });
  await savePublicFigures(await getDb(), organizer.regionCode, asked as PublicFigure[], organizer.id);
  return redirect('/organizer/results', { headers: await flashHeaders({ tone: 'success', message: 'results.settings.saved' }) });
}

export default function PublicResultsSettings() {
  const t = useT();
  const { regionCode, figures, saved } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <PageHeader title={t('results.settings.title')} subtitle={t('results.settings.subtitle')} />
      {!saved ? <Alert tone="info">{t('results.settings.defaults')}</Alert> : null}
      <Card>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="publicFigures" />
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-800">{t('results.settings.figures')}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {PUBLIC_FIGURES.map((f) => (
                <label key={f} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name="figures"
                    value={f}
                    defaultChecked={figures.includes(f)}
                    className="h-4 w-4 rounded border-slate-400 text-brand-700"
                  />
                  {t(`results.figure.${f}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex items-center gap-4">
            <Button type="submit">{t('results.settings.save')}</Button>
            <Link to={`/results?region=${regionCode}`} className="text-sm text-brand-800 underline">
              {t('results.settings.view')}
            </Link>
          </div>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
