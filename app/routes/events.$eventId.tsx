import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { AgendaCard, EventStatusBadge, EventTabs, ParticipationBadge } from '~/components/event-tabs';
import { FormErrors, useFormsPage } from '~/components/form';
import { RepresentativeForm, RepresentativeList } from '~/components/representative-form';
import { Alert, Button, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { isAttending, requireAttendingMember, requireEventForMember, requireMemberForRegistration } from '~/modules/events/access.server';
import { answerInvitation, canRegister, registerForEvent } from '~/modules/events/invitations.server';
import { answerError, representativesError } from '~/modules/events/lifecycle';
import { addRepresentative, listOwnRepresentatives } from '~/modules/events/representatives.server';
import { isRemovalIntent, removeFromRoster } from '~/modules/events/roster-removal.server';
import { listWaitlist } from '~/modules/events/waitlist.server';
import { WaitlistTable } from '~/components/waitlist';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { msg } from '~/i18n/translate';
import { AnswerSchema, RegisterSchema, RepresentativeSchema } from '~/modules/events/schema';
import { countRepresentatives, listAgenda } from '~/modules/events/events.server';
import { replyWithError } from '~/utils/errors.server';
import { todayInChina } from '~/modules/needs/schema';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError, isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.memberEventTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireEventForMember({ request, context }, params.eventId ?? '');
  const { event, participant, org, user } = access;
  const db = await getDb();
  const attending = participant !== null && isAttending(participant);
  const today = todayInChina();
  const [agenda, reps, repCount, waiting] = await Promise.all([
    listAgenda(db, event.id),
    attending ? listOwnRepresentatives(db, event.id, org.id) : Promise.resolve([]),
    countRepresentatives(db, event.id),
    attending ? listWaitlist(db, event.id, org.id) : Promise.resolve([]),
  ]);
  return json({
    event: {
      id: event.id,
      title: event.title,
      theme: event.theme,
      eventDate: event.event_date,
      startTime: event.start_time,
      venue: event.venue,
      regionName: regionFullName(event.region_code),
      registrationDeadline: event.registration_deadline,
      description: event.description,
      status: event.status,
      placesLeft: Math.max(0, event.capacity - repCount),
    },
    participation: participant?.status ?? null,
    attending,
    mayAnswer: participant !== null && answerError(event.status, event.registration_deadline, today) === null,
    mayRegister: participant === null || participant.status === 'declined' ? canRegister(event, { userId: user.id, org }) : false,
    mayEditReps: attending && representativesError(event.status, event.registration_deadline, today, 'participant') === null,
    deadlinePassed: today > event.registration_deadline,
    agenda,
    reps,
    // the organization's own waiting entries, with their place in the session's queue (no other organization's names)
    waiting: waiting.map((w) => ({
      id: w.id,
      position: w.position,
      organizationName: w.organizationName,
      name: w.name,
      title: w.title,
      since: chinaDateTime(w.createdAt),
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const eventId = params.eventId ?? '';
  const formData = await readFormData(request);
  const intent = String(formData.get('intent') ?? '');
  const db = await getDb();
  const done = async (message: string) => redirect(`/events/${eventId}`, { headers: await flashHeaders({ tone: 'success', message }) });

  if (intent === 'addRep' || isRemovalIntent(intent)) {
    const { participant, org, user } = await requireAttendingMember({ request, context }, eventId);
    const actor = { by: 'participant' as const, userId: user.id, orgId: org.id };
    if (isRemovalIntent(intent)) return removeFromRoster(db, eventId, intent, formData, actor, done);
    const submission = parseWithZod(formData, { schema: RepresentativeSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    const { intent: _i, ...values } = submission.value;
    let added: { waiting: number | null };
    try {
      added = await addRepresentative(db, eventId, participant.id, values, actor);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return done(added.waiting ? msg('waitlist.flash.added', { name: values.name, n: added.waiting }) : 'events.flash.repAdded');
  }

  if (intent === 'register') {
    const { org, user } = await requireMemberForRegistration({ request, context }, eventId);
    const submission = parseWithZod(formData, { schema: RegisterSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await registerForEvent(db, { userId: user.id, org }, eventId);
    } catch (e) {
      // an organization that may not register sees the reason on an error page (it may not see the event itself)
      if (isAppError(e) && e.status === 403) throw e;
      return replyWithError(e, submission);
    }
    return done('events.flash.registered');
  }
  const { participant, org, user } = await requireEventForMember({ request, context }, eventId);
  const submission = parseWithZod(formData, { schema: AnswerSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  if (!participant) throw httpError(404, 'error.notFound');
  try {
    const status = await answerInvitation(db, { userId: user.id, org }, eventId, submission.value.intent);
    return done(status === 'accepted' ? 'events.flash.accepted' : 'events.flash.declined');
  } catch (e) {
    return replyWithError(e, submission);
  }
}

export default function MemberEvent() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const { actionResult, busy, sent } = useFormsPage();
  const e = data.event;
  const repForm = sent?.intent === 'addRep';
  // the add form shows its own errors, unless it is no longer on the page (e.g. the deadline passed meanwhile)
  const pageErrors = !repForm || !data.mayEditReps ? (actionResult?.error?.[''] ?? undefined) : undefined;
  return (
    <div>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {e.title} <EventStatusBadge status={e.status} />
          </span>
        }
        subtitle={t('events.when', { date: e.eventDate, time: e.startTime, venue: e.venue })}
        actions={
          <LinkButton to="/events" variant="ghost">
            {t('events.backToMine')}
          </LinkButton>
        }
      />
      {data.attending ? <EventTabs eventId={e.id} view="member" /> : null}
      <FormErrors errors={pageErrors} />

      <Card title={t('events.member.participation')} className="mb-4">
        <div className="flex flex-wrap items-center gap-3" data-testid="participation">
          {data.participation ? (
            <ParticipationBadge status={data.participation} />
          ) : (
            <span className="text-sm text-slate-700">{t('events.member.notParticipating')}</span>
          )}
          <span className="text-sm text-slate-600">{t('events.deadlineOn', { date: e.registrationDeadline })}</span>
        </div>
        {data.participation === 'invited' && data.mayAnswer ? (
          <p className="mt-2 text-sm text-slate-700">{t('events.member.invitedLead')}</p>
        ) : null}
        <div className="mt-3 flex flex-wrap gap-2">
          {data.mayAnswer && (data.participation === 'invited' || data.participation === 'declined') ? (
            <Form method="post">
              <Button name="intent" value="accept" disabled={busy}>
                {t('events.action.accept')}
              </Button>
            </Form>
          ) : null}
          {data.mayAnswer && data.participation && data.participation !== 'declined' ? (
            <Form method="post">
              <Button name="intent" value="decline" variant="secondary" disabled={busy}>
                {data.participation === 'invited' ? t('events.action.decline') : t('events.action.withdraw')}
              </Button>
            </Form>
          ) : null}
          {data.mayRegister ? (
            <Form method="post">
              <Button name="intent" value="register" disabled={busy}>
                {t('events.action.register')}
              </Button>
            </Form>
          ) : null}
        </div>
        {data.deadlinePassed && !data.attending ? <p className="mt-2 text-sm text-slate-600">{t('events.deadlinePassed')}</p> : null}
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('events.details')}>
          <DescriptionList
            items={[
              { label: t('events.field.theme'), value: e.theme },
              { label: t('events.field.region'), value: e.regionName },
              { label: t('events.field.date'), value: `${e.eventDate} ${e.startTime}` },
              { label: t('events.field.venue'), value: e.venue },
            ]}
          />
          {e.description ? <p className="mt-3 whitespace-pre-line text-sm text-slate-800">{e.description}</p> : null}
          {data.attending ? (
            <div className="mt-4">
              <LinkButton to={`/events/${e.id}/meetings`} variant="secondary">
                {t('events.member.meetingsLink')}
              </LinkButton>
            </div>
          ) : null}
        </Card>
        <AgendaCard agenda={data.agenda} />
      </div>

      {data.attending ? (
        <Card title={t('events.reps.mine')} className="mt-4">
          <p className="mb-2 text-sm text-slate-600">
            {e.placesLeft > 0 ? t('events.reps.placesLeft', { n: e.placesLeft }) : t('waitlist.fullNotice')}
          </p>
          {data.reps.length ? (
            <p className="mb-3">
              <LinkButton to={`/events/${e.id}/badges`} variant="secondary">
                {t('checkin.badges.title')}
              </LinkButton>
            </p>
          ) : null}
          <RepresentativeList reps={data.reps} canRemove={data.mayEditReps} busy={busy} label={t('events.reps.mine')} />
          {data.mayEditReps ? (
            <RepresentativeForm lastResult={repForm ? actionResult : undefined} busy={busy} />
          ) : (
            <Alert tone="info">{t('events.reps.lockedNotice')}</Alert>
          )}
          {data.waiting.length ? (
            <div className="mt-4" data-testid="my-waitlist">
              <h3 className="mb-1 text-sm font-semibold text-slate-900">{t('waitlist.mine')}</h3>
              <WaitlistTable rows={data.waiting} canRemove={data.mayEditReps} busy={busy} showOrg={false} />
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
