import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { CheckinTools } from '~/components/checkin-tools';
import { doorPath } from '~/modules/events/badges.server';
import { ErrorView } from '~/components/error-view';
import { EventFormBody } from '~/components/event-form';
import { AgendaCard, EventStatusBadge, EventTabs, ProjectorLink } from '~/components/event-tabs';
import { CopyText } from '~/components/copy-text';
import { FieldErrors, FormErrors, useSchemaForm } from '~/components/form';
import { Alert, Button, Card, DescriptionList, PageHeader, Stat } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { isEditable, nextStatuses } from '~/modules/events/lifecycle';
import { eventEditSchema, LeadsSchema, StatusChangeSchema } from '~/modules/events/schema';
import { sessionSignatories, setLeadSignatories } from '~/modules/events/leads.server';
import { liveSigning } from '~/modules/reports/live.server';
import { newsSentence } from '~/modules/reports/news';
import {
  changeEventStatus,
  countPlacedMeetings,
  eventCounts,
  eventSigningFigures,
  listAgenda,
  updateEvent,
} from '~/modules/events/events.server';
import { formatEventNumber } from '~/modules/events/number';
import { localeFromRequest } from '~/i18n/locale';
import { formatTotal } from '~/utils/money';
import { replyWithError } from '~/utils/errors.server';
import { isKnownRegion, regionFullName, regionName, regionOptions } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.overviewTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const db = await getDb();
  const [agenda, counts, placed, figures, live, signatories] = await Promise.all([
    listAgenda(db, event.id),
    eventCounts(db, event),
    countPlacedMeetings(db, event.id),
    eventSigningFigures(db, [event.id]),
    liveSigning(db, event.id, 0),
    sessionSignatories(db, event.id),
  ]);
  const locale = localeFromRequest(request);
  const signing = figures.get(event.id)!;
  return pageJson({
    doorPath: doorPath(event.id),
    event: {
      id: event.id,
      title: event.title,
      theme: event.theme,
      eventDate: event.event_date,
      startTime: event.start_time,
      venue: event.venue,
      regionCode: event.region_code,
      regionName: regionFullName(event.region_code),
      number: formatEventNumber(event, regionName),
      recordedPast: event.recorded_past === 1,
      capacity: event.capacity,
      registrationDeadline: event.registration_deadline,
      openRegistration: event.open_registration === 1,
      slotCount: event.slot_count,
      slotMinutes: event.slot_minutes,
      tableCount: event.table_count,
      firstSlotTime: event.first_slot_time,
      description: event.description,
      deskMode: event.desk_mode,
      status: event.status,
      version: event.version,
    },
    agenda,
    counts,
    signing: { ...signing, totalText: formatTotal(signing.signedTotal, locale) },
    news: newsSentence(live.news, locale),
    signatories: {
      banks: signatories.banks.map((b) => ({ id: b.organizationId, name: b.name, amountText: formatTotal(b.amount, locale) })),
      enterprises: signatories.enterprises.map((b) => ({ id: b.organizationId, name: b.name, amountText: formatTotal(b.amount, locale) })),
      leadBanks: signatories.leadBanks,
      leadEnterprises: signatories.leadEnterprises,
    },
    placedMeetings: placed,
    next: nextStatuses(event.status),
    editable: isEditable(event.status),
    regionOptions: regionOptions(user.regionCode),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const formData = await readFormData(request);
  const db = await getDb();
  if (formData.get('intent') === 'leads') {
    const submission = parseWithZod(formData, { schema: LeadsSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await setLeadSignatories(db, event.id, { banks: submission.value.banks, enterprises: submission.value.enterprises });
    } catch (e) {
      return replyWithError(e, submission);
    }
    return redirect(`/organizer/events/${event.id}`, { headers: await flashHeaders({ tone: 'success', message: 'leads.flash.saved' }) });
  }
  if (formData.get('intent') === 'status') {
    const submission = parseWithZod(formData, { schema: StatusChangeSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    if (submission.value.version !== event.version) return json(submission.reply({ formErrors: ['events.stale'] }), { status: 409 });
    try {
      await changeEventStatus(db, event, submission.value.to, user);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return redirect(`/organizer/events/${event.id}`, {
      headers: await flashHeaders({ tone: 'success', message: `events.flash.status.${submission.value.to}` }),
    });
  }
  const schema = eventEditSchema({
    isKnownRegion,
    scope: user.regionCode,
    keep: { eventDate: event.event_date, registrationDeadline: event.registration_deadline },
  });
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== 'success') return json(submission.reply(), { status: submission.status === 'error' ? 400 : 200 });
  const { version, intent: _intent, ...values } = submission.value;
  try {
    await updateEvent(db, { id: user.id, regionCode: user.regionCode }, event.id, version, values);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/organizer/events/${event.id}`, { headers: await flashHeaders({ tone: 'success', message: 'events.flash.saved' }) });
}

/**
 * The edit form's schema for the dates an event keeps (a past date may stay as it is):
 * one per pair of dates, so that a page view does not build the schema and walk it for
 * the form's constraints again (useSchemaForm keeps the constraints per schema).
 */
const editSchemas = new Map<string, ReturnType<typeof eventEditSchema>>();
function editSchemaKeeping(eventDate: string, registrationDeadline: string) {
  const key = `${eventDate}|${registrationDeadline}`;
  let schema = editSchemas.get(key);
  if (!schema) {
    if (editSchemas.size >= 1_000) editSchemas.clear();
    schema = eventEditSchema({ keep: { eventDate, registrationDeadline } });
    editSchemas.set(key, schema);
  }
  return schema;
}

export default function EventOverview() {
  const t = useT();
  const {
    event: e,
    agenda,
    counts,
    signing,
    news,
    signatories,
    placedMeetings,
    next,
    editable,
    regionOptions,
    doorPath: doorLink,
  } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  // a status change answers with its own errors: they must not reset the edit form
  const intent = (actionResult?.initialValue as Record<string, unknown> | undefined)?.intent;
  const statusErrors = intent === 'status' ? (actionResult?.error?.[''] ?? undefined) : undefined;
  const leadErrors = intent === 'leads' ? actionResult?.error : undefined;
  const schema = editSchemaKeeping(e.eventDate, e.registrationDeadline);
  const [form, fields] = useSchemaForm(schema, {
    id: `event-${e.id}-${e.version}`,
    defaultValue: {
      title: e.title,
      theme: e.theme,
      eventDate: e.eventDate,
      startTime: e.startTime,
      venue: e.venue,
      regionCode: e.regionCode,
      capacity: String(e.capacity),
      registrationDeadline: e.registrationDeadline,
      slotCount: String(e.slotCount),
      slotMinutes: String(e.slotMinutes),
      tableCount: String(e.tableCount),
      firstSlotTime: e.firstSlotTime,
      description: e.description ?? '',
      deskMode: e.deskMode,
      agenda: agenda.map((a) => ({ startsAt: a.startsAt, title: a.title, speaker: a.speaker ?? '' })),
      version: String(e.version),
    },
    lastResult: intent === 'status' || intent === 'leads' ? undefined : actionResult,
  });
  const attendingOrgs = counts.status.accepted + counts.status.registered;
  return (
    <div>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {e.title} <EventStatusBadge status={e.status} />
            {e.recordedPast ? (
              <span className="rounded bg-slate-100 px-1.5 text-sm font-normal text-slate-700">{t('events.past.badge')}</span>
            ) : null}
          </span>
        }
        subtitle={t('events.when', { date: e.eventDate, time: e.startTime, venue: e.venue })}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <ProjectorLink eventId={e.id} />
            <Link to="/organizer/events" className="text-sm text-brand-800 underline">
              {t('events.backToList')}
            </Link>
          </div>
        }
      />
      <EventTabs eventId={e.id} view="organizer" />

      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="event-counts">
        <Stat label={t('events.count.invited')} value={counts.status.invited} to={`/organizer/events/${e.id}/invitations`} />
        <Stat label={t('events.count.accepted')} value={counts.status.accepted} />
        <Stat label={t('events.count.registered')} value={counts.status.registered} />
        <Stat label={t('events.count.declined')} value={counts.status.declined} />
        <Stat label={t('events.count.attending')} value={attendingOrgs} />
        <Stat
          label={t('events.count.representatives')}
          value={t('events.count.ofCapacity', { n: counts.representatives, capacity: counts.capacity })}
        />
      </dl>
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="event-signing">
        <Stat label={t('events.count.signedTotal')} value={signing.totalText} to={`/organizer/events/${e.id}/live`} />
        <Stat label={t('events.count.agreements')} value={signing.agreements} />
        <Stat label={t('events.count.signedParties')} value={`${signing.banks} / ${signing.enterprises}`} />
        <Stat label={t('events.count.meetings')} value={signing.meetings} to={`/organizer/events/${e.id}/schedule`} />
      </dl>

      <Card title={t('news.title')} className="mb-4">
        <CopyText text={news} testId="news-line" />
        <LeadsForm signatories={signatories} errors={leadErrors} busy={busy} />
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('events.lifecycle.title')}>
          <p className="mb-3 text-sm text-slate-700">{t(`events.lifecycle.help.${e.status}`)}</p>
          <FormErrors errors={statusErrors} />
          {next.length ? (
            <div className="flex flex-wrap gap-2">
              {next.map((to) => (
                <Form method="post" key={to}>
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="to" value={to} />
                  <input type="hidden" name="version" value={e.version} />
                  <Button variant={to === 'closed' ? 'secondary' : 'primary'} disabled={busy}>
                    {t(`events.transition.to.${to}`)}
                  </Button>
                </Form>
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t('events.lifecycle.final')}</p>
          )}
        </Card>
        <Card title={t('events.details')}>
          <DescriptionList
            items={[
              ...(e.number
                ? [
                    {
                      label: t('events.field.number'),
                      value: (
                        <span className="font-mono" data-testid="event-number">
                          {e.number}
                        </span>
                      ),
                    },
                  ]
                : []),
              {
                label: t('events.field.code'),
                value: (
                  <span className="font-mono" data-testid="event-code">
                    {e.id}
                  </span>
                ),
              },
              { label: t('events.field.deskMode'), value: t(`events.deskMode.${e.deskMode}`) },
              { label: t('events.field.theme'), value: e.theme },
              { label: t('events.field.region'), value: e.regionName },
              { label: t('events.field.deadline'), value: e.registrationDeadline },
              { label: t('events.field.openRegistration'), value: e.openRegistration ? t('events.yes') : t('events.no') },
              {
                label: t('events.field.grid'),
                value: t('events.gridSummary', {
                  slots: e.slotCount,
                  minutes: e.slotMinutes,
                  tables: e.tableCount,
                  first: e.firstSlotTime,
                }),
              },
              { label: t('events.field.placedMeetings'), value: placedMeetings },
            ]}
          />
          {e.description ? <p className="mt-3 whitespace-pre-line text-sm text-slate-800">{e.description}</p> : null}
        </Card>
      </div>

      <AgendaCard agenda={agenda} className="mt-4" />
      {e.status === 'draft' ? null : <CheckinTools eventId={e.id} doorPath={doorLink} className="mt-4" />}

      {editable ? (
        <Card title={t('events.editTitle')} className="mt-4">
          <Form method="post" {...getFormProps(form)} className="space-y-6">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="version" value={e.version} />
            <EventFormBody
              form={form}
              fields={fields}
              regionOptions={regionOptions}
              submitIntent="save"
              gridHint={
                placedMeetings > 0 ? <Alert tone="warning">{t('events.hint.gridScheduled', { n: placedMeetings })}</Alert> : undefined
              }
            />
            <Button name="intent" value="save" disabled={busy}>
              {t('events.action.save')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Alert tone="info">{t('events.readOnly')}</Alert>
      )}
    </div>
  );
}

type Signatories = ReturnType<typeof useLoaderData<typeof loader>>['signatories'];

/** The organizer's choice of lead signatories (主签约银行 / 主签约企业), three ordered selects per side; works without JavaScript. */
function LeadsForm({ signatories, errors, busy }: { signatories: Signatories; errors?: Record<string, string[] | null>; busy: boolean }) {
  const t = useT();
  if (signatories.banks.length === 0 && signatories.enterprises.length === 0)
    return <p className="mt-3 text-sm text-slate-600">{t('leads.noneSigned')}</p>;
  const sides = [
    { name: 'banks', label: t('leads.banks'), options: signatories.banks, chosen: signatories.leadBanks },
    { name: 'enterprises', label: t('leads.enterprises'), options: signatories.enterprises, chosen: signatories.leadEnterprises },
  ] as const;
  return (
    <Form method="post" className="mt-4 border-t border-slate-200 pt-4" data-testid="leads-form">
      <input type="hidden" name="intent" value="leads" />
      <h3 className="text-sm font-semibold text-slate-900">{t('leads.title')}</h3>
      <p className="mb-3 text-sm text-slate-600">{t('news.leadsHint')}</p>
      <FormErrors errors={errors?.[''] ?? undefined} />
      <div className="grid gap-4 md:grid-cols-2">
        {sides.map((side) => (
          <fieldset key={side.name} className="min-w-0">
            <legend className="mb-1 text-sm font-medium text-slate-800">{side.label}</legend>
            {[0, 1, 2].map((i) => (
              <label key={i} className="mb-2 flex items-center gap-2 text-sm">
                <span className="w-14 shrink-0 text-slate-700">{t('leads.position', { n: i + 1 })}</span>
                <select
                  name={side.name}
                  defaultValue={side.chosen[i] ?? ''}
                  className="block w-full min-w-0 rounded-md border-slate-300 text-sm"
                  data-testid={`lead-${side.name}-${i + 1}`}
                >
                  <option value="">{t('leads.byAmount')}</option>
                  {side.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}（{o.amountText}）
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <FieldErrors id={`leads-${side.name}-error`} errors={errors?.[side.name] ?? undefined} />
          </fieldset>
        ))}
      </div>
      <Button variant="secondary" disabled={busy}>
        {t('leads.save')}
      </Button>
    </Form>
  );
}

export const ErrorBoundary = ErrorView;
