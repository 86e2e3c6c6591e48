import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EventFormBody } from '~/components/event-form';
import { FormErrors, useSchemaForm } from '~/components/form';
import { Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { eventFormSchema } from '~/modules/events/schema';
import { createEvent } from '~/modules/events/events.server';
import { replyWithError } from '~/utils/errors.server';
import { addDays } from '~/modules/calendar/working-days';
import { todayInChina } from '~/modules/needs/schema';
import { isKnownRegion, regionOptions } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.newTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireOrganizer({ request, context });
  const today = todayInChina();
  return json({
    regionOptions: regionOptions(user.regionCode),
    defaults: { regionCode: user.regionCode, eventDate: addDays(today, 21), registrationDeadline: addDays(today, 14) },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer({ request, context });
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: eventFormSchema({ isKnownRegion, scope: user.regionCode }) });
  // an agenda row added or removed without JavaScript: show the updated form
  if (submission.status !== 'success') return json(submission.reply(), { status: submission.status === 'error' ? 400 : 200 });
  let id: string;
  try {
    id = await createEvent(await getDb(), { id: user.id, regionCode: user.regionCode }, submission.value);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/organizer/events/${id}`, { headers: await flashHeaders({ tone: 'success', message: 'events.flash.created' }) });
}

export default function NewEvent() {
  const t = useT();
  const { regionOptions, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const schema = eventFormSchema();
  const [form, fields] = useSchemaForm(schema, {
    lastResult,
    defaultValue: {
      ...defaults,
      startTime: '09:00',
      firstSlotTime: '10:00',
      slotCount: '6',
      slotMinutes: '20',
      tableCount: '10',
      capacity: '100',
      deskMode: 'fixed',
      // a filled-in first agenda: a row with a time but no title would fail as 此项必填
      agenda: [
        { startsAt: '09:00', title: t('events.agendaDefault.opening'), speaker: '' },
        { startsAt: '10:00', title: t('events.agendaDefault.meetings'), speaker: '' },
      ],
    },
  });
  const busy = navigation.state === 'submitting';
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t('events.newTitle')}
        subtitle={t('events.newLead')}
        actions={
          <LinkButton to="/organizer/events" variant="ghost">
            {t('action.back')}
          </LinkButton>
        }
      />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <FormErrors errors={form.errors} />
          <EventFormBody form={form} fields={fields} regionOptions={regionOptions} submitIntent="create" showRecordPast />
          <Button name="intent" value="create" disabled={busy}>
            {t('events.action.create')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
