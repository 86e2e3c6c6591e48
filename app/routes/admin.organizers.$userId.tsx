import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { RegionField } from '~/components/region-picker';
import { Badge, Button, Card, DescriptionList, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { getOrganizer, setOrganizerActive, updateOrganizer } from '~/modules/admin/organizers.server';
import { OrganizerUpdateSchema, organizerUpdateSchema } from '~/modules/admin/schema';
import { requireAdmin } from '~/modules/auth/guards.server';
import { orgFormOptions, serverOrgSchemaContext } from '~/modules/organizations/profile.server';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'admin.organizers.edit');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin({ request, context });
  const organizer = await getOrganizer(await getDb(), params.userId ?? '');
  if (!organizer) throw httpError(404, 'error.notFound');
  return json({ organizer: { ...organizer, regionName: regionFullName(organizer.region_code) }, regions: orgFormOptions().regions });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdmin({ request, context });
  const db = await getDb();
  const userId = params.userId ?? '';
  const formData = await readFormData(request);
  const intent = formData.get('intent');
  if (intent === 'deactivate' || intent === 'activate') {
    const done = await setOrganizerActive(db, userId, intent === 'activate');
    if (!done) throw httpError(404, 'error.notFound');
    const message = intent === 'activate' ? 'admin.organizers.activated' : 'admin.organizers.deactivated';
    return redirect(`/admin/organizers/${userId}`, { headers: await flashHeaders({ tone: 'success', message }) });
  }
  const submission = parseWithZod(formData, { schema: organizerUpdateSchema(serverOrgSchemaContext) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const done = await updateOrganizer(db, admin.id, userId, submission.value);
  if (!done) throw httpError(404, 'error.notFound');
  return redirect(`/admin/organizers/${userId}`, { headers: await flashHeaders({ tone: 'success', message: 'admin.organizers.saved' }) });
}

export default function EditOrganizer() {
  const t = useT();
  const { organizer, regions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const [form, fields] = useSchemaForm(OrganizerUpdateSchema, {
    id: 'edit-organizer',
    lastResult,
    defaultValue: { departmentName: organizer.department ?? '', regionCode: organizer.region_code ?? '' },
    shouldRevalidate: 'onInput',
  });
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={organizer.name}
        subtitle={t('admin.organizers.edit')}
        actions={
          <Link to="/admin/organizers" className="text-sm font-medium text-brand-800 underline">
            {t('admin.organizers.back')}
          </Link>
        }
      />
      <Card>
        <DescriptionList
          items={[
            { label: t('admin.field.email'), value: organizer.email },
            { label: t('admin.field.phone'), value: organizer.phone },
            { label: t('admin.field.department'), value: organizer.department },
            { label: t('admin.field.region'), value: organizer.regionName },
            { label: t('admin.field.createdAt'), value: organizer.created_at.slice(0, 10) },
          ]}
        />
      </Card>
      <Card title={t('action.edit')}>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="intent" value="update" />
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <TextField field={fields.departmentName} label={t('admin.field.department')} hint={t('admin.field.departmentHint')} />
            <RegionField field={fields.regionCode} label={t('admin.field.region')} options={regions} hint={t('admin.field.regionHint')} />
          </div>
          <div className="flex justify-end">
            <Button disabled={busy}>{t('action.save')}</Button>
          </div>
        </Form>
      </Card>
      <Card
        title={t('admin.organizers.account')}
        actions={
          organizer.active ? (
            <Badge tone="green">{t('admin.status.active')}</Badge>
          ) : (
            <Badge tone="gray">{t('admin.status.inactive')}</Badge>
          )
        }
      >
        <Form method="post" className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          {organizer.active ? (
            <>
              <p className="text-sm text-slate-700">{t('admin.organizers.deactivateHint')}</p>
              <input type="hidden" name="intent" value="deactivate" />
              <Button variant="danger" disabled={busy}>
                {t('admin.organizers.deactivate')}
              </Button>
            </>
          ) : (
            <>
              <input type="hidden" name="intent" value="activate" />
              <Button variant="secondary" disabled={busy}>
                {t('admin.organizers.activate')}
              </Button>
            </>
          )}
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
