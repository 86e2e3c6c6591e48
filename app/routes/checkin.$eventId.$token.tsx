import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { Alert, Button, Card } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { findEvent, type EventRow } from '~/modules/events/access.server';
import { isDoorToken, selfCheckIn, selfCheckinClosed, type ArrivalResult } from '~/modules/events/badges.server';
import { SelfCheckinSchema } from '~/modules/events/checkin-schema';
import { clientIp } from '~/utils/context';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { errorReply } from '~/utils/errors.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'checkin.door.title');

/** The session behind the door QR code; a draft, another session's or a made-up token is a 404. */
async function requireDoor(eventId: string, token: string): Promise<EventRow> {
  const event = await findEvent(eventId);
  if (!event || event.status === 'draft' || !isDoorToken(event.id, token)) throw httpError(404, 'error.notFound');
  return event;
}

/** Open to everyone: the representative at the door need not have an account. */
export async function loader({ params }: LoaderFunctionArgs) {
  const event = await requireDoor(params.eventId ?? '', params.token ?? '');
  return json(
    {
      event: { title: event.title, eventDate: event.event_date, startTime: event.start_time, venue: event.venue },
      closed: selfCheckinClosed(event),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const event = await requireDoor(params.eventId ?? '', params.token ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: SelfCheckinSchema });
  if (submission.status !== 'success') return json({ form: submission.reply(), result: null }, { status: 400 });
  try {
    const result: ArrivalResult = await selfCheckIn(await getDb(), event, submission.value.phone, clientIp(context));
    return json({ form: submission.reply({ resetForm: true }), result });
  } catch (e) {
    const { reply, status } = errorReply(e, submission);
    return json({ form: reply, result: null }, { status });
  }
}

export default function SelfCheckin() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(SelfCheckinSchema, {
    lastResult: answer?.form,
  });
  const result: ArrivalResult | null = answer?.result ?? null;
  const e = data.event;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold text-slate-900">{t('checkin.door.title')}</h1>
      <p className="mt-1 text-base text-slate-800">{e.title}</p>
      <p className="mb-4 text-sm text-slate-600">
        {e.eventDate} {e.startTime} · {e.venue}
      </p>
      {result ? (
        <div className="mb-4 rounded-lg bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-300" role="status" data-testid="self-result">
          <p className="text-2xl font-bold text-slate-900">{result.name}</p>
          <p className="text-sm text-slate-800">{result.orgName}</p>
          <p className="mt-1 text-lg font-semibold text-emerald-900" data-testid="self-status">
            {result.status === 'done' ? `${t('checkin.door.done')} ${result.time}` : t('checkin.scan.already', { time: result.time })}
          </p>
        </div>
      ) : null}
      {data.closed ? (
        <Alert tone="warning">{t(data.closed)}</Alert>
      ) : (
        <Card>
          <p className="mb-3 text-sm text-slate-700">{t('checkin.door.lead')}</p>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <TextField field={fields.phone} label={t('checkin.door.phone')} type="tel" inputMode="tel" autoComplete="tel" />
            <Button disabled={navigation.state !== 'idle'} className="w-full">
              {t('checkin.door.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
