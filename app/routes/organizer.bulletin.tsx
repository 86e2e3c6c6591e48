/**
 * 通报设置: the organizer's issuing office for the formal monthly 通报 (发文机关,
 * 文号 pattern, 主送, 抄送, 落款, red header), and the action that numbers a month's
 * 通报 (next number in the year, once). Decision 030c.
 */
import { getFormProps, getInputProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextareaField, TextField, useSchemaForm } from '~/components/form';
import { Alert, Button, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { BulletinSettingsSchema, IssueBulletinSchema } from '~/modules/reports/bulletin-schema';
import { getBulletinSettings, issueBulletin, saveBulletinSettings } from '~/modules/reports/bulletin.server';
import { chinaMonth } from '~/modules/reports/ranking-month';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'bulletin.settings.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  return json({ settings: await getBulletinSettings(await getDb(), organizer.regionCode) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const formData = await readFormData(request);
  const db = await getDb();
  if (formData.get('intent') === 'issueBulletin') {
    const submission = parseWithZod(formData, {
      schema: IssueBulletinSchema.refine((v) => v.month <= chinaMonth(), { message: 'ranking.month.future', path: ['month'] }),
    });
    if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
    const issued = await issueBulletin(db, organizer.regionCode, submission.value.month, organizer.id);
    return redirect(`/organizer/rankings?month=${submission.value.month}`, {
      headers: await flashHeaders({ tone: 'success', message: msg('bulletin.issued.flash', { no: issued.documentNo }) }),
    });
  }
  const submission = parseWithZod(formData, { schema: BulletinSettingsSchema });
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
  await saveBulletinSettings(db, organizer.regionCode, organizer.id, submission.value);
  return redirect('/organizer/bulletin', { headers: await flashHeaders({ tone: 'success', message: 'bulletin.settings.saved' }) });
}

export default function BulletinSettingsPage() {
  const t = useT();
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(BulletinSettingsSchema, {
    id: 'bulletin-settings',
    lastResult: actionData?.result,
    defaultValue: { ...settings, redHeader: settings.redHeader ? 'on' : undefined },
  });
  return (
    <div>
      <PageHeader title={t('bulletin.settings.title')} subtitle={t('bulletin.settings.subtitle')} />
      {!settings.saved ? <Alert tone="info">{t('bulletin.settings.defaults')}</Alert> : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="bulletinSettings" />
          <FormErrors errors={form.errors} />
          <TextField field={fields.issuer} label={t('bulletin.settings.issuer')} />
          <TextField
            field={fields.numberPattern}
            label={t('bulletin.settings.numberPattern')}
            hint={t('bulletin.settings.numberPatternHint')}
          />
          <TextField field={fields.mainTo} label={t('bulletin.settings.mainTo')} />
          <TextField field={fields.cc} label={t('bulletin.settings.cc')} />
          <TextareaField field={fields.signature} label={t('bulletin.settings.signature')} rows={3} />
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input
              {...getInputProps(fields.redHeader, { type: 'checkbox' })}
              key={fields.redHeader.key}
              className="h-4 w-4 rounded border-slate-400 text-brand-700"
            />
            {t('bulletin.settings.redHeader')}
          </label>
          <Button type="submit">{t('bulletin.settings.save')}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
