import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { AdvisorKpiTable, AdvisorKpiTotal } from '~/components/advisor-kpis';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField } from '~/components/form';
import { DataTable } from '~/components/table';
import { Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { advisorKpis, endPairing, officersOfRegion, pairAdvisor, regionPairings } from '~/modules/advisors/advisors.server';
import { periodOf } from '~/modules/advisors/rules';
import { OrganizerAdvisorSchema, PairSchema } from '~/modules/advisors/schema';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { regionEnterprises } from '~/modules/followup/problems.server';
import { regionFullName, regionName } from '~/modules/regions/regions.server';
import { readFormData } from '~/server/form-guard';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'advisors.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const today = chinaDate(new Date());
  const period = periodOf(url.searchParams.get('from'), url.searchParams.get('to'), today);
  const db = await getDb();
  const [kpis, pairings, enterprises, officers] = await Promise.all([
    advisorKpis(db, organizer.regionCode, period, today),
    regionPairings(db, organizer.regionCode),
    regionEnterprises(db, organizer.regionCode),
    officersOfRegion(db, organizer.regionCode),
  ]);
  return json({
    region: regionFullName(organizer.regionCode),
    period,
    kpis,
    pairings: pairings.map((p) => ({ ...p, regionName: regionName(p.regionCode) })),
    enterprises: enterprises.map((e) => ({ value: e.id, label: e.name, group: regionName(e.region_code) })),
    officers: officers.map((o) => ({ value: o.id, label: o.name, group: o.bankName })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: OrganizerAdvisorSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = await getDb();
  const actor = { userId: organizer.id, regionCode: organizer.regionCode };
  try {
    if (v.intent === 'end') await endPairing(db, actor, v.pairingId);
    else await pairAdvisor(db, actor, { enterpriseId: v.enterpriseId, officerId: v.officerId });
  } catch (e) {
    return replyWithError(e, submission);
  }
  const message = v.intent === 'end' ? 'advisors.flash.ended' : 'advisors.flash.paired';
  return redirect(`/organizer/advisors${new URL(request.url).search}`, { headers: await flashHeaders({ tone: 'success', message }) });
}

const INPUT = 'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300';

export default function OrganizerAdvisors() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'pair-advisor',
    lastResult: last,
    constraint: getZodConstraint(PairSchema),
    shouldValidate: 'onBlur',
  });
  return (
    <div className="space-y-6">
      <PageHeader title={t('advisors.title')} subtitle={`${d.region} · ${t('advisors.lead')}`} />

      <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
        <Card title={t('advisors.pair.title')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4" data-testid="pair-form">
            <input type="hidden" name="intent" value="pair" />
            <p className="text-xs text-slate-600">{t('advisors.pair.hint')}</p>
            <FormErrors errors={form.errors} />
            <SelectField field={fields.enterpriseId} label={t('advisors.pair.enterprise')} options={d.enterprises} />
            <SelectField field={fields.officerId} label={t('advisors.pair.officer')} options={d.officers} />
            <Button>{t('advisors.pair.submit')}</Button>
          </Form>
        </Card>

        <section aria-labelledby="advisor-kpis" className="space-y-3 lg:col-span-2">
          <h2 id="advisor-kpis" className="text-lg font-semibold text-slate-900">
            {t('advisors.kpi.title')}
          </h2>
          <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t('advisors.period')}>
            <label className="text-xs font-medium text-slate-700">
              {t('advisors.period.from')}
              <input type="month" name="from" defaultValue={d.period.from} className={INPUT} />
            </label>
            <label className="text-xs font-medium text-slate-700">
              {t('advisors.period.to')}
              <input type="month" name="to" defaultValue={d.period.to} className={INPUT} />
            </label>
            <Button variant="secondary">{t('advisors.period.apply')}</Button>
          </Form>
          <p className="text-xs text-slate-600">
            {t('advisors.period')} {t('advisors.period.value', d.period)}
          </p>
          <AdvisorKpiTotal kpis={d.kpis} />
          <Card title={t('advisors.kpi.byBank')}>
            <AdvisorKpiTable rows={d.kpis.byBank} by="bank" caption={t('advisors.kpi.byBank')} />
          </Card>
          <Card title={t('advisors.kpi.byOfficer')}>
            <AdvisorKpiTable rows={d.kpis.byOfficer} by="officer" caption={t('advisors.kpi.byOfficer')} />
          </Card>
          <p className="text-xs text-slate-600">{t('advisors.kpi.def')}</p>
        </section>
      </div>

      <Card title={t('advisors.pairings.title', { n: d.pairings.length })}>
        <div data-testid="advisor-pairings">
          <DataTable
            caption={t('advisors.pairings.title', { n: d.pairings.length })}
            rows={d.pairings}
            rowKey={(r) => r.id}
            empty={t('advisors.pairings.empty')}
            columns={[
              {
                key: 'enterprise',
                header: t('advisors.col.enterprise'),
                cell: (r) => (
                  <span data-testid="pairing-row">
                    {r.enterpriseName}
                    <span className="block text-xs text-slate-600">{r.regionName}</span>
                  </span>
                ),
              },
              {
                key: 'officer',
                header: t('advisors.col.officer'),
                cell: (r) => (
                  <span>
                    {r.officerName}
                    <span className="block text-xs text-slate-600">{r.bankName}</span>
                  </span>
                ),
              },
              { key: 'since', header: t('advisors.col.since'), cell: (r) => r.startedOn },
              { key: 'contacts', header: t('advisors.col.contacts'), align: 'right', cell: (r) => r.contacts },
              { key: 'last', header: t('advisors.col.lastContact'), cell: (r) => r.lastContactOn ?? t('advisors.never') },
              { key: 'previous', header: t('advisors.col.previous'), wide: true, cell: (r) => r.previous.join('、') || '—' },
              {
                key: 'actions',
                header: t('advisors.col.actions'),
                cell: (r) => (
                  <Form method="post">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="pairingId" value={r.id} />
                    <Button variant="ghost">{t('advisors.end')}</Button>
                  </Form>
                ),
              },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
