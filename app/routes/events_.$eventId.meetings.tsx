import type { ReactNode } from 'react';
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { FieldErrors, FormErrors, replyErrors, SelectField, TextareaField } from '~/components/form';
import { DataTable } from '~/components/table';
import { Alert, Badge, Button, Card, EmptyState, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { slotTimes } from '~/modules/events/agenda';
import { requireAttendingMember } from '~/modules/events/access.server';
import { MeetingsPageSchema, MESSAGE_MAX, RequestMeetingSchema } from '~/modules/events/meetings-schema';
import {
  agendaForOrg,
  attendingOrganizations,
  meetingsOpen,
  requestMeeting,
  requestsOfOrg,
  respondToMeeting,
  setUnavailability,
  suggestionsFor,
  unavailableSlotsOf,
  withdrawMeeting,
  type MeetingActor,
  type Reason,
} from '~/modules/events/meetings.server';
import { replyWithError } from '~/utils/errors.server';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'meetings.title');

const STATUS_TONE = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' } as const;
const SUGGESTION_LIMIT = 10;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireAttendingMember({ request, context }, params.eventId ?? '');
  const { event, org } = access;
  const db = await getDb();
  const actor = { orgId: org.id, orgKind: org.kind };
  const open = meetingsOpen(event.status);
  const [requests, unavailable, agenda, others] = await Promise.all([
    requestsOfOrg(db, event.id, org.id),
    unavailableSlotsOf(db, event.id, org.id),
    agendaForOrg(db, event, org.id),
    org.kind === 'enterprise' || org.kind === 'bank'
      ? attendingOrganizations(db, event.id, org.kind === 'enterprise' ? 'bank' : 'enterprise')
      : Promise.resolve([]),
  ]);
  // a pair with a request (other than a withdrawn one) cannot be asked again
  const asked = new Set(requests.filter((r) => r.status !== 'withdrawn').map((r) => r.counterpartId));
  const suggestions = open ? await suggestionsFor(db, event.id, actor, { exclude: asked, limit: SUGGESTION_LIMIT }) : [];
  const view = (r: (typeof requests)[number]) => ({
    ...r,
    createdAtText: chinaDateTime(r.createdAt),
    respondedAtText: chinaDateTime(r.respondedAt),
  });
  return json({
    event: {
      id: event.id,
      title: event.title,
      date: event.event_date,
      venue: event.venue,
      status: event.status,
      // participants see the grid once the organizer published it (issue 16)
      scheduled: event.schedule_published_at !== null,
    },
    open,
    orgKind: org.kind,
    slots: slotTimes(event),
    agenda: event.schedule_published_at !== null ? agenda : [],
    incoming: requests.filter((r) => r.direction === 'incoming').map(view),
    outgoing: requests.filter((r) => r.direction === 'outgoing').map(view),
    suggestions,
    counterparts: others.filter((o) => !asked.has(o.id)).map((o) => ({ value: o.id, label: o.name })),
    unavailable,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireAttendingMember({ request, context }, params.eventId ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: MeetingsPageSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const db = await getDb();
  const eventId = access.event.id;
  const actor: MeetingActor = { orgId: access.org.id, orgKind: access.org.kind, userId: access.user.id };
  const v = submission.value;
  let message: string;
  try {
    switch (v.intent) {
      case 'request':
        await requestMeeting(db, eventId, actor, { counterpartId: v.counterpartId, message: v.message ?? null });
        message = 'meetings.flash.requested';
        break;
      case 'accept':
      case 'decline':
        await respondToMeeting(db, eventId, actor, v.requestId, v.intent);
        message = v.intent === 'accept' ? 'meetings.flash.accepted' : 'meetings.flash.declined';
        break;
      case 'withdraw':
        await withdrawMeeting(db, eventId, actor, v.requestId);
        message = 'meetings.flash.withdrawn';
        break;
      case 'availability': {
        const { removed } = await setUnavailability(
          db,
          eventId,
          actor,
          v.unavailable.map((s) => s - 1),
        );
        message = removed > 0 ? msg('meetings.flash.availabilityRemoved', { n: removed }) : 'meetings.flash.availability';
        break;
      }
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  const url = new URL(request.url);
  return redirect(url.pathname, { headers: await flashHeaders({ tone: 'success', message }) });
}

function Reasons({ reasons }: { reasons: Reason[] }) {
  const t = useT();
  if (reasons.length === 0) return null;
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="meeting-reasons">
      {reasons.map((r, i) => (
        <li key={i}>{t(r.key, r.params)}</li>
      ))}
    </ul>
  );
}

type RequestRow = ReturnType<typeof useLoaderData<typeof loader>>['incoming'][number];

/** One meeting request, received or sent: who, status, message, reasons, when; its buttons while it can still change. */
function RequestItem({ r, testId, open, actions }: { r: RequestRow; testId: string; open: boolean; actions: ReactNode }) {
  const t = useT();
  return (
    <li className="py-3" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium text-slate-900">{r.counterpartName}</p>
        <Badge tone={STATUS_TONE[r.status]}>{t(`meetings.status.${r.status}`)}</Badge>
      </div>
      {r.message ? <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{r.message}</p> : null}
      <Reasons reasons={r.reasons} />
      <p className="mt-1 text-xs text-slate-600">{t('meetings.requestedAt', { at: r.createdAtText })}</p>
      {open && (r.status === 'pending' || r.status === 'accepted') ? actions : null}
    </li>
  );
}

export default function MeetingsPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const { event, open, slots, agenda, incoming, outgoing, suggestions, counterparts, unavailable } = data;
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const lastIntent = (lastResult?.initialValue as Record<string, unknown> | undefined)?.intent;
  // errors of the small forms (answer, withdraw) are shown at the top; the request form and
  // the availability form show their own (at the top too when the request form is not shown)
  const requestFormShown = open && counterparts.length > 0;
  const topErrors =
    lastResult && lastIntent !== 'availability' && (lastIntent !== 'request' || !requestFormShown) ? replyErrors(lastResult) : undefined;
  const availabilityErrors = lastIntent === 'availability' ? replyErrors(lastResult) : undefined;
  const [form, fields] = useForm({
    id: 'meeting-request',
    lastResult: lastIntent === 'request' ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestMeetingSchema }),
    shouldValidate: 'onSubmit',
  });
  const unavailableSet = new Set(unavailable);
  const otherSide = data.orgKind === 'enterprise' ? t('meetings.side.bank') : t('meetings.side.enterprise');

  return (
    <div>
      <PageHeader title={event.title} subtitle={t('meetings.subtitle', { date: event.date, venue: event.venue })} />
      <EventTabs eventId={event.id} view="member" />
      {!open ? <Alert tone="info">{t('meetings.closedNotice')}</Alert> : null}
      <FormErrors errors={topErrors} />

      <div className="space-y-6">
        <Card title={t('meetings.agenda.title')}>
          {agenda.length === 0 ? (
            <EmptyState
              title={event.scheduled ? t('meetings.agenda.empty') : t('meetings.agenda.notYet')}
              hint={t('meetings.agenda.hint')}
            />
          ) : (
            <div data-testid="my-agenda">
              <DataTable
                caption={t('meetings.agenda.title')}
                rows={agenda}
                rowKey={(a) => a.requestId}
                columns={[
                  {
                    key: 'time',
                    header: t('meetings.agenda.time'),
                    cell: (a) => (
                      <span className="whitespace-nowrap tabular-nums">
                        {a.start}–{a.end}
                      </span>
                    ),
                  },
                  { key: 'table', header: t('meetings.agenda.table'), cell: (a) => t('meetings.tableNo', { n: a.tableNumber }) },
                  { key: 'counterpart', header: t('meetings.agenda.counterpart'), cell: (a) => a.counterpartName },
                ]}
              />
              <p className="mt-3 text-sm">
                <Link to={`/events/${event.id}/agenda`} className="font-medium text-brand-800 underline">
                  {t('meetings.agenda.link')}
                </Link>
              </p>
            </div>
          )}
        </Card>

        <Card title={t('meetings.incoming.title')}>
          {incoming.length === 0 ? (
            <p className="text-sm text-slate-600">{t('meetings.incoming.empty')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {incoming.map((r) => (
                <RequestItem
                  key={r.id}
                  r={r}
                  testId="incoming-request"
                  open={open}
                  actions={
                    <Form method="post" className="mt-2 flex flex-wrap gap-2">
                      <input type="hidden" name="requestId" value={r.id} />
                      {r.status === 'pending' ? (
                        <Button
                          name="intent"
                          value="accept"
                          disabled={busy}
                          aria-label={t('meetings.action.acceptFrom', { name: r.counterpartName })}
                        >
                          {t('meetings.action.accept')}
                        </Button>
                      ) : null}
                      <Button
                        name="intent"
                        value="decline"
                        variant="secondary"
                        disabled={busy}
                        aria-label={t(r.status === 'pending' ? 'meetings.action.declineFrom' : 'meetings.action.cancelWith', {
                          name: r.counterpartName,
                        })}
                      >
                        {r.status === 'pending' ? t('meetings.action.decline') : t('meetings.action.cancel')}
                      </Button>
                    </Form>
                  }
                />
              ))}
            </ul>
          )}
        </Card>

        {open ? (
          <Card title={t('meetings.suggestions.title', { side: otherSide })}>
            <p className="mb-3 text-sm text-slate-600">{t('meetings.suggestions.hint')}</p>
            {suggestions.length === 0 ? (
              <p className="text-sm text-slate-600">{t('meetings.suggestions.empty')}</p>
            ) : (
              <ul className="space-y-3">
                {suggestions.map((s) => (
                  <li key={s.orgId} className="rounded-md p-3 ring-1 ring-slate-200" data-testid="meeting-suggestion">
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div>
                        <p className="font-medium text-slate-900">{s.name}</p>
                        <p className="text-xs text-slate-600">{t('meetings.suggestions.score', { score: s.score })}</p>
                      </div>
                      <Form method="post">
                        <input type="hidden" name="intent" value="request" />
                        <input type="hidden" name="counterpartId" value={s.orgId} />
                        <Button variant="secondary" disabled={busy} aria-label={t('meetings.action.requestWith', { name: s.name })}>
                          {t('meetings.action.request')}
                        </Button>
                      </Form>
                    </div>
                    <Reasons reasons={s.reasons} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}

        {open ? (
          <Card title={t('meetings.request.title')}>
            {counterparts.length === 0 ? (
              <p className="text-sm text-slate-600">{t('meetings.request.none', { side: otherSide })}</p>
            ) : (
              <Form method="post" {...getFormProps(form)} className="space-y-4">
                <FormErrors errors={form.errors} />
                <input type="hidden" name="intent" value="request" />
                <SelectField
                  field={fields.counterpartId}
                  label={t('meetings.request.counterpart', { side: otherSide })}
                  options={counterparts}
                  placeholder={t('meetings.request.choose')}
                />
                <TextareaField
                  field={fields.message}
                  label={t('meetings.request.message')}
                  hint={t('meetings.request.messageHint', { max: MESSAGE_MAX })}
                  rows={3}
                />
                <Button disabled={busy}>{t('meetings.action.send')}</Button>
              </Form>
            )}
          </Card>
        ) : null}

        <Card title={t('meetings.outgoing.title')}>
          {outgoing.length === 0 ? (
            <p className="text-sm text-slate-600">{t('meetings.outgoing.empty')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {outgoing.map((r) => (
                <RequestItem
                  key={r.id}
                  r={r}
                  testId="outgoing-request"
                  open={open}
                  actions={
                    <Form method="post" className="mt-2">
                      <input type="hidden" name="requestId" value={r.id} />
                      <Button
                        name="intent"
                        value="withdraw"
                        variant="ghost"
                        disabled={busy}
                        aria-label={t('meetings.action.withdrawWith', { name: r.counterpartName })}
                      >
                        {t('meetings.action.withdraw')}
                      </Button>
                    </Form>
                  }
                />
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('meetings.availability.title')}>
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="availability" />
            <fieldset disabled={!open} aria-describedby="availability-hint">
              <legend className="mb-1 text-sm font-medium text-slate-800">{t('meetings.availability.legend')}</legend>
              <p id="availability-hint" className="mb-2 text-xs text-slate-600">
                {t('meetings.availability.hint')}
              </p>
              <div className="grid grid-cols-1 gap-1 sm:grid-cols-2 lg:grid-cols-3">
                {slots.map((s) => (
                  <label key={s.slot} className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      name="unavailable"
                      value={s.slot + 1}
                      defaultChecked={unavailableSet.has(s.slot)}
                      className="h-4 w-4 rounded border-slate-400 text-brand-700"
                    />
                    {t('meetings.slotLabel', { n: s.slot + 1, start: s.start, end: s.end })}
                  </label>
                ))}
              </div>
              <FieldErrors id="availability-errors" errors={availabilityErrors} />
            </fieldset>
            {open ? <Button disabled={busy}>{t('meetings.availability.save')}</Button> : null}
          </Form>
        </Card>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
