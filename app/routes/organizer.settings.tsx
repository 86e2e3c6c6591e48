import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextField, useSchemaForm } from '~/components/form';
import { Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import {
  getAgreementLateDays,
  getHolidayOverrides,
  getResponseDueDays,
  setAgreementLateDays,
  setHolidays,
  setResponseDueDays,
} from '~/modules/calendar/settings.server';
import { officialCalendar, officialDayName } from '~/modules/calendar/official.server';
import { todayInChina } from '~/modules/calendar/working-days';
import { LateDaysSchema } from '~/modules/agreements/schema';
import { HolidaySchema, RemoveHolidaySchema, ResponseDaysSchema } from '~/modules/interests/schema';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.settings.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const db = await getDb();
  const [days, holidays, lateDays] = await Promise.all([
    getResponseDueDays(db, organizer.regionCode),
    getHolidayOverrides(db, organizer.regionCode),
    getAgreementLateDays(db, organizer.regionCode),
  ]);
  const year = todayInChina().slice(0, 4);
  const official = [...officialCalendar().entries()]
    .filter(([date]) => date.startsWith(year))
    .map(([date, kind]) => ({ date, kind, name: officialDayName(date) }));
  return json({ days, lateDays, year, official, holidays: [...holidays.entries()].sort(([a], [b]) => a.localeCompare(b)) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const formData = await readFormData(request);
  const db = await getDb();
  const intent = formData.get('intent');
  if (intent === 'agreementLateDays') {
    const submission = parseWithZod(formData, { schema: LateDaysSchema });
    if (submission.status !== 'success') return json({ form: 'lateDays' as const, result: submission.reply() }, { status: 400 });
    await setAgreementLateDays(db, submission.value.lateDays, organizer.id, organizer.regionCode);
    return redirect('/organizer/settings', { headers: await flashHeaders({ tone: 'success', message: 'agreements.settings.saved' }) });
  }
  if (intent === 'addHoliday' || intent === 'removeHoliday') {
    const submission = parseWithZod(formData, { schema: intent === 'addHoliday' ? HolidaySchema : RemoveHolidaySchema });
    if (submission.status !== 'success') return json({ form: 'holiday' as const, result: submission.reply() }, { status: 400 });
    const holidays = new Map(await getHolidayOverrides(db, organizer.regionCode));
    const v = submission.value;
    if (v.intent === 'addHoliday') holidays.set(v.date, v.kind);
    else holidays.delete(v.date);
    await setHolidays(db, holidays, organizer.id, organizer.regionCode);
    return redirect('/organizer/settings', {
      headers: await flashHeaders({ tone: 'success', message: 'interests.settings.holidaySaved' }),
    });
  }
  const submission = parseWithZod(formData, { schema: ResponseDaysSchema });
  if (submission.status !== 'success') return json({ form: 'days' as const, result: submission.reply() }, { status: 400 });
  await setResponseDueDays(db, submission.value.days, organizer.id, organizer.regionCode);
  return redirect('/organizer/settings', { headers: await flashHeaders({ tone: 'success', message: 'interests.settings.saved' }) });
}

export default function OrganizerSettingsPage() {
  const t = useT();
  const { days, holidays, lateDays, official, year } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const [form, fields] = useSchemaForm(ResponseDaysSchema, {
    id: 'response-days',
    lastResult: actionData?.form === 'days' ? actionData.result : undefined,
    defaultValue: { days: String(days) },
  });
  const [lateForm, lateFields] = useSchemaForm(LateDaysSchema, {
    id: 'agreement-late-days',
    lastResult: actionData?.form === 'lateDays' ? actionData.result : undefined,
    defaultValue: { lateDays: String(lateDays) },
  });
  const [holidayForm, holidayFields] = useSchemaForm(HolidaySchema, {
    id: 'holiday',
    lastResult: actionData?.form === 'holiday' ? actionData.result : undefined,
  });
  return (
    <div className="max-w-2xl">
      <PageHeader title={t('interests.settings.title')} subtitle={t('interests.settings.subtitle')} />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <TextField
            field={fields.days}
            label={t('interests.settings.days')}
            hint={t('interests.settings.daysHint')}
            type="number"
            inputMode="numeric"
          />
          <Button disabled={busy}>{t('interests.settings.save')}</Button>
        </Form>
      </Card>
      <Card title={t('agreements.settings.title')} className="mt-6">
        <Form method="post" {...getFormProps(lateForm)} className="space-y-4">
          <FormErrors errors={lateForm.errors} />
          <input type="hidden" name="intent" value="agreementLateDays" />
          <TextField
            field={lateFields.lateDays}
            label={t('agreements.settings.lateDays')}
            hint={t('agreements.settings.lateDaysHint')}
            type="number"
            inputMode="numeric"
          />
          <Button disabled={busy}>{t('agreements.settings.save')}</Button>
        </Form>
      </Card>
      <Card title={t('interests.settings.holidays')} className="mt-6">
        <p className="mb-3 text-sm text-slate-600">{t('interests.settings.holidaysHint')}</p>
        <details className="mb-3 text-sm" data-testid="official-calendar">
          <summary className="cursor-pointer text-slate-700">{t('interests.settings.official', { year })}</summary>
          <ul className="mt-2 grid grid-cols-2 gap-x-4 text-slate-600 sm:grid-cols-3">
            {official.map((d) => (
              <li key={d.date}>
                {d.date} · {t(d.kind === 'holiday' ? 'interests.settings.holiday' : 'interests.settings.workday')}
                {d.name ? ` · ${d.name}` : ''}
              </li>
            ))}
          </ul>
        </details>
        {holidays.length === 0 ? (
          <p className="text-sm text-slate-600">{t('interests.settings.holidaysNone')}</p>
        ) : (
          <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="holidays">
            {holidays.map(([date, kind]) => (
              <li key={date} className="flex items-center justify-between py-1">
                <span>
                  {date} · {t(kind === 'holiday' ? 'interests.settings.holiday' : 'interests.settings.workday')}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="removeHoliday" />
                  <input type="hidden" name="date" value={date} />
                  <Button variant="ghost" disabled={busy} aria-label={`${t('interests.settings.remove')} ${date}`}>
                    {t('interests.settings.remove')}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" {...getFormProps(holidayForm)} className="grid gap-3 sm:grid-cols-3 sm:items-end">
          <input type="hidden" name="intent" value="addHoliday" />
          <TextField field={holidayFields.date} label={t('interests.settings.date')} type="date" />
          <SelectField
            field={holidayFields.kind}
            label={t('interests.settings.kind')}
            options={[
              { value: 'holiday', label: t('interests.settings.holiday') },
              { value: 'workday', label: t('interests.settings.workday') },
            ]}
          />
          <Button disabled={busy}>{t('interests.settings.add')}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
