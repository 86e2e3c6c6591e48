/**
 * 目标管理 (decision 030d): an organizer sets yearly or quarterly targets for its
 * region, its districts and the banks serving it; the page lists them with their
 * progress today. Organizers for their own region; administrators for the region
 * chosen with `?region=` (the platform's region by default). Banks cannot.
 */
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextField } from '~/components/form';
import { TargetProgressTable } from '~/components/target-progress';
import { Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireRole, type GuardArgs } from '~/modules/auth/guards.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { isKnownRegion, platformScope, regionName } from '~/modules/regions/regions.server';
import { TARGET_METRICS } from '~/modules/reports/targets';
import { DeleteTargetSchema, periodChoices, TargetSchema } from '~/modules/reports/targets-schema';
import { deleteTarget, saveTarget, targetProgress, targetUnits, unitAllowed } from '~/modules/reports/targets.server';
import { readFormData } from '~/server/form-guard';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'targets.title');

/** The region whose targets this user manages: an organizer's own; an administrator's `?region=`. */
async function managedRegion(args: GuardArgs): Promise<{ userId: string; regionCode: string; admin: boolean }> {
  const user = await requireRole(args, 'organizer', 'admin');
  if (user.role === 'organizer') {
    if (!user.regionCode) throw httpError(403, 'error.forbidden');
    return { userId: user.id, regionCode: user.regionCode, admin: false };
  }
  const asked = new URL(args.request.url).searchParams.get('region') ?? platformScope();
  if (!isKnownRegion(asked)) throw httpError(400, 'targets.v.region');
  return { userId: user.id, regionCode: asked, admin: true };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { regionCode, admin } = await managedRegion({ request, context });
  const db = await getDb();
  const today = chinaDate(new Date());
  const [rows, units] = await Promise.all([targetProgress(db, regionCode, today, { all: true }), targetUnits(db, regionCode)]);
  return json({
    regionCode,
    regionName: regionName(regionCode),
    admin,
    today,
    rows,
    units,
    periods: periodChoices(Number(today.slice(0, 4))),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { userId, regionCode, admin } = await managedRegion({ request, context });
  const formData = await readFormData(request);
  const db = await getDb();
  const back = admin ? `/organizer/targets?region=${regionCode}` : '/organizer/targets';
  if (formData.get('intent') === 'deleteTarget') {
    const submission = parseWithZod(formData, { schema: DeleteTargetSchema });
    if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
    if (!(await deleteTarget(db, regionCode, submission.value.id))) throw httpError(404, 'error.notFound');
    return redirect(back, { headers: await flashHeaders({ tone: 'success', message: 'targets.deleted' }) });
  }
  const submission = parseWithZod(formData, { schema: TargetSchema });
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
  if (!(await unitAllowed(db, regionCode, submission.value.unit))) {
    return json({ result: submission.reply({ fieldErrors: { unit: ['targets.v.unit'] } }) }, { status: 400 });
  }
  await saveTarget(db, regionCode, userId, submission.value);
  return redirect(back, { headers: await flashHeaders({ tone: 'success', message: 'targets.saved' }) });
}

export default function TargetsPage() {
  const t = useT();
  const { regionName: name, rows, units, periods, today, admin, regionCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'target',
    lastResult: actionData?.result,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TargetSchema }),
  });
  const periodLabel = (p: string) => {
    const [y, q] = p.split('-Q');
    return q ? t('targets.period.quarter', { year: y, q }) : t('targets.period.year', { year: y });
  };
  return (
    <div className="space-y-6">
      <PageHeader title={t('targets.title')} subtitle={`${name} · ${t('targets.subtitle')}`} />
      {admin ? (
        <Card>
          <Form method="get" className="flex items-end gap-2">
            <label className="text-sm text-slate-800">
              {t('targets.form.region')}
              <input
                name="region"
                defaultValue={regionCode}
                inputMode="numeric"
                className="ml-2 rounded-md px-2 py-1 ring-1 ring-slate-300"
                pattern="\d{6}"
              />
            </label>
            <Button variant="secondary">{t('dashboard.filter.apply')}</Button>
          </Form>
        </Card>
      ) : null}
      <Card title={t('targets.form.title')}>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <input type="hidden" name="intent" value="setTarget" />
          <div className="sm:col-span-2">
            <FormErrors errors={form.errors} />
          </div>
          <SelectField
            field={fields.period}
            label={t('targets.form.period')}
            options={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
          />
          <SelectField
            field={fields.unit}
            label={t('targets.form.unit')}
            options={units.map((u) => ({ value: u.value, label: u.label, group: t(`targets.group.${u.group}`) }))}
          />
          <SelectField
            field={fields.metric}
            label={t('targets.form.metric')}
            options={TARGET_METRICS.map((m) => ({ value: m, label: t(`targets.metric.${m}`) }))}
          />
          <TextField field={fields.value} label={t('targets.form.value')} hint={t('targets.form.valueHint')} inputMode="decimal" />
          <div className="sm:col-span-2">
            <Button type="submit">{t('targets.form.save')}</Button>
          </div>
        </Form>
      </Card>
      <Card title={t('targets.list', { date: today })}>
        <TargetProgressTable
          rows={rows}
          actions={(r) => (
            <Form method="post">
              <input type="hidden" name="intent" value="deleteTarget" />
              <input type="hidden" name="id" value={r.id} />
              <Button type="submit" variant="ghost">
                {t('targets.delete')}
              </Button>
            </Form>
          )}
        />
        <p className="mt-3 text-xs text-slate-600">{t('targets.def')}</p>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
