import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { RegionField } from '~/components/region-picker';
import { PagedTable, type Column } from '~/components/table';
import { Badge, Button, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { createOrganizer, listOrganizers } from '~/modules/admin/organizers.server';
import { OrganizerCreateSchema, organizerCreateSchema } from '~/modules/admin/schema';
import { requireAdmin } from '~/modules/auth/guards.server';
import { orgFormOptions, serverOrgSchemaContext } from '~/modules/organizations/profile.server';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import { readFormData } from '~/server/form-guard';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'admin.organizers.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin({ request, context });
  const page = pageFromUrl(new URL(request.url));
  const { rows, total } = await listOrganizers(await getDb(), { page, pageSize: DEFAULT_PAGE_SIZE });
  return pageJson({
    rows: rows.map((r) => ({ ...r, regionName: regionFullName(r.region_code) })),
    total,
    page,
    pageSize: DEFAULT_PAGE_SIZE,
    regions: orgFormOptions().regions,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: organizerCreateSchema(serverOrgSchemaContext) });
  if (submission.status !== 'success') return json(submission.reply({ hideFields: ['password'] }), { status: 400 });
  try {
    await createOrganizer(await getDb(), admin.id, submission.value);
  } catch (e) {
    return replyWithError(e, submission, { hideFields: ['password'] });
  }
  return redirect('/admin/organizers', {
    headers: await flashHeaders({ tone: 'success', message: msg('admin.organizers.created', { name: submission.value.name }) }),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

export default function AdminOrganizers() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(OrganizerCreateSchema, {
    id: 'create-organizer',
    lastResult,
    shouldRevalidate: 'onInput',
  });
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: t('admin.field.name'),
      cell: (r) => (
        <Link to={`/admin/organizers/${r.id}`} className="font-medium text-brand-800 underline">
          {r.name}
        </Link>
      ),
    },
    // on a phone the email and phone are on the organizer's page: the long address squeezed the names to two characters a line
    { key: 'email', header: t('admin.field.email'), cell: (r) => r.email, wide: true },
    { key: 'phone', header: t('admin.field.phone'), cell: (r) => r.phone, wide: true },
    { key: 'department', header: t('admin.field.department'), cell: (r) => r.department ?? '—' },
    { key: 'region', header: t('admin.field.region'), cell: (r) => r.regionName || '—' },
    {
      key: 'active',
      header: t('admin.field.active'),
      nowrap: true,
      cell: (r) =>
        r.active ? <Badge tone="green">{t('admin.status.active')}</Badge> : <Badge tone="gray">{t('admin.status.inactive')}</Badge>,
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t('admin.organizers.title')} subtitle={t('admin.organizers.lead')} />
      <Card>
        <PagedTable
          columns={columns}
          rows={data.rows}
          rowKey={(r) => r.id}
          caption={t('admin.organizers.title')}
          empty={t('admin.organizers.empty')}
          page={data}
        />
      </Card>
      <Card title={t('admin.organizers.create')}>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors errors={form.errors} />
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <TextField field={fields.name} label={t('admin.field.name')} autoComplete="off" />
            <TextField field={fields.phone} label={t('admin.field.phone')} type="tel" inputMode="tel" autoComplete="off" />
            <TextField field={fields.email} label={t('admin.field.email')} type="email" autoComplete="off" />
            <TextField
              field={fields.password}
              label={t('admin.field.password')}
              type="password"
              autoComplete="new-password"
              hint={t('admin.field.passwordHint')}
            />
            <TextField field={fields.departmentName} label={t('admin.field.department')} hint={t('admin.field.departmentHint')} />
            <RegionField
              field={fields.regionCode}
              label={t('admin.field.region')}
              options={data.regions}
              hint={t('admin.field.regionHint')}
            />
          </div>
          <div className="flex justify-end">
            <Button disabled={navigation.state === 'submitting'}>{t('action.create')}</Button>
          </div>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
