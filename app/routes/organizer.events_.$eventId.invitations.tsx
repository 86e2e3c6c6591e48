import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EventStatusBadge, EventTabs, ParticipationBadge } from '~/components/event-tabs';
import { FormErrors, useFormsPage } from '~/components/form';
import { RepresentativeForm, RepresentativeList } from '~/components/representative-form';
import { Alert, Button, Card, EmptyState, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import {
  inviteOrganizations,
  invitationCandidates,
  invitationSuggestions,
  listParticipantsWithPhones,
  setOpenRegistration,
  withdrawInvitation,
} from '~/modules/events/invitations.server';
import { acceptsInvitations, isAttendingStatus } from '~/modules/events/lifecycle';
import { addRepresentative } from '~/modules/events/representatives.server';
import { isRemovalIntent, removeFromRoster } from '~/modules/events/roster-removal.server';
import { listWaitlist } from '~/modules/events/waitlist.server';
import { WaitlistTable } from '~/components/waitlist';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { InviteSchema, OpenRegistrationSchema, OrganizerRepresentativeSchema, UninviteSchema } from '~/modules/events/schema';
import { eventCounts } from '~/modules/events/events.server';
import { replyWithError } from '~/utils/errors.server';
import { regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { redirectBack } from '~/utils/flash.server';
import { formatWan } from '~/utils/money';
import { pageTitle } from '~/utils/meta';
import type { OrgKind } from '#db/schema';
import { readFormData } from '~/server/form-guard';
import { queryText } from '~/utils/query-text';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.invitationsTitle');

const KINDS = ['bank', 'enterprise', 'government'] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const url = new URL(request.url);
  const rawKind = url.searchParams.get('kind') ?? '';
  const kind: OrgKind = (KINDS as readonly string[]).includes(rawKind) ? (rawKind as OrgKind) : 'bank';
  const q = queryText(url.searchParams, 'q', 50);
  const db = await getDb();
  const open = acceptsInvitations(event.status, event.recorded_past === 1);
  const [participants, counts, suggestions, candidates, waitlist] = await Promise.all([
    listParticipantsWithPhones(db, event.id),
    eventCounts(db, event),
    open ? invitationSuggestions(db, event) : Promise.resolve({ enterprises: [], banks: [] }),
    open ? invitationCandidates(db, event, { kind, q, limit: 100 }) : Promise.resolve([]),
    listWaitlist(db, event.id),
  ]);
  return json({
    event: {
      id: event.id,
      title: event.title,
      status: event.status,
      recordedPast: event.recorded_past === 1,
      version: event.version,
      openRegistration: event.open_registration === 1,
      registrationDeadline: event.registration_deadline,
    },
    invitationsOpen: open,
    repsOpen: event.status !== 'closed',
    counts,
    search: { kind, q },
    participants: participants.map((p) => ({ ...p, regionName: regionName(p.regionCode) })),
    suggestions: {
      enterprises: suggestions.enterprises.map((s) => ({
        ...s,
        regionName: regionName(s.regionCode),
        amountText: formatWan(s.financingAmount),
      })),
      banks: suggestions.banks,
    },
    candidates: candidates.map((c) => ({ ...c, regionName: regionName(c.regionCode) })),
    waitlist: waitlist.map((w) => ({ ...w, since: chinaDateTime(w.createdAt) })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const formData = await readFormData(request);
  const intent = String(formData.get('intent') ?? '');
  const db = await getDb();
  const done = (message: string) => redirectBack(request, { tone: 'success', message });

  if (intent === 'invite') {
    const submission = parseWithZod(formData, { schema: InviteSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      const r = await inviteOrganizations(db, { id: user.id }, event.id, submission.value.orgIds);
      return done(msg('events.flash.invited', { n: r.invited, unchanged: r.unchanged }));
    } catch (e) {
      return replyWithError(e, submission);
    }
  }
  if (intent === 'uninvite') {
    const submission = parseWithZod(formData, { schema: UninviteSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await withdrawInvitation(db, event.id, submission.value.participantId);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return done('events.flash.uninvited');
  }
  if (intent === 'openRegistration') {
    const submission = parseWithZod(formData, { schema: OpenRegistrationSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await setOpenRegistration(db, event.id, submission.value.open === '1', submission.value.version);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return done(submission.value.open === '1' ? 'events.flash.registrationOpened' : 'events.flash.registrationClosed');
  }
  if (isRemovalIntent(intent)) {
    return removeFromRoster(db, event.id, intent, formData, { by: 'organizer', userId: user.id }, done);
  }
  // addRep, or anything else: the representative form answers (an unknown intent fails its validation)
  const submission = parseWithZod(formData, { schema: OrganizerRepresentativeSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const { participantId, intent: _i, ...values } = submission.value;
  let added: { waiting: number | null };
  try {
    added = await addRepresentative(db, event.id, participantId, values, { by: 'organizer', userId: user.id });
  } catch (e) {
    return replyWithError(e, submission);
  }
  return done(added.waiting ? msg('waitlist.flash.added', { name: values.name, n: added.waiting }) : 'events.flash.repAdded');
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function CheckRow({ id, label, detail }: { id: string; label: string; detail?: string }) {
  return (
    <li>
      <label className="flex items-start gap-2 py-1.5 text-sm">
        <input type="checkbox" name="orgIds" value={id} className="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-400 text-brand-700" />
        <span className="min-w-0">
          <span className="text-slate-900">{label}</span>
          {detail ? <span className="block text-xs text-slate-600">{detail}</span> : null}
        </span>
      </label>
    </li>
  );
}

function Suggestions({ data, busy }: { data: Data; busy: boolean }) {
  const t = useT();
  const { enterprises, banks } = data.suggestions;
  if (enterprises.length === 0 && banks.length === 0) return <p className="text-sm text-slate-600">{t('events.suggest.none')}</p>;
  return (
    <Form method="post" aria-label={t('events.suggest.title')} data-testid="suggestions">
      <input type="hidden" name="intent" value="invite" />
      <div className="grid gap-4 md:grid-cols-2">
        <fieldset className="min-w-0">
          <legend className="mb-1 text-sm font-medium text-slate-800">{t('events.suggest.enterprises')}</legend>
          {enterprises.length ? (
            <ul>
              {enterprises.map((s) => (
                <CheckRow
                  key={s.id}
                  id={s.id}
                  label={s.name}
                  detail={[
                    s.regionName,
                    s.financingNeeds ? t('events.suggest.financing', { n: s.financingNeeds, amount: s.amountText }) : '',
                    s.hiringNeeds ? t('events.suggest.hiring', { n: s.hiringNeeds, people: s.headcount }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">{t('events.suggest.noneOfKind')}</p>
          )}
        </fieldset>
        <fieldset className="min-w-0">
          <legend className="mb-1 text-sm font-medium text-slate-800">{t('events.suggest.banks')}</legend>
          {banks.length ? (
            <ul>
              {banks.map((b) => (
                <CheckRow
                  key={b.id}
                  id={b.id}
                  label={b.name}
                  detail={[
                    b.matchedNeeds ? t('events.suggest.matched', { n: b.matchedNeeds }) : '',
                    b.products.length ? t('events.suggest.products', { names: b.products.join('、') }) : '',
                    b.employmentLinked ? t('events.suggest.employmentLinked') : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">{t('events.suggest.noneOfKind')}</p>
          )}
        </fieldset>
      </div>
      <Button className="mt-3" disabled={busy}>
        {t('events.action.inviteSelected')}
      </Button>
    </Form>
  );
}

const INPUT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

function Candidates({ data, busy }: { data: Data; busy: boolean }) {
  const t = useT();
  return (
    <>
      <Form method="get" className="mb-3 grid grid-cols-1 items-end gap-3 sm:grid-cols-[auto_1fr_auto]">
        <div>
          <label htmlFor="cand-kind" className="mb-1 block text-sm font-medium text-slate-800">
            {t('events.invite.kind')}
          </label>
          <select id="cand-kind" name="kind" defaultValue={data.search.kind} className={INPUT_CLASS}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`events.role.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="cand-q" className="mb-1 block text-sm font-medium text-slate-800">
            {t('events.invite.search')}
          </label>
          <input id="cand-q" name="q" type="search" defaultValue={data.search.q} className={INPUT_CLASS} />
        </div>
        <Button variant="secondary">{t('action.search')}</Button>
      </Form>
      {data.candidates.length ? (
        <Form method="post" aria-label={t('events.invite.title')} data-testid="candidates">
          <input type="hidden" name="intent" value="invite" />
          <ul className="max-h-80 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-200">
            {data.candidates.map((c) => (
              <CheckRow key={c.id} id={c.id} label={c.name} detail={c.regionName} />
            ))}
          </ul>
          <Button className="mt-3" disabled={busy}>
            {t('events.action.inviteSelected')}
          </Button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t('events.invite.noCandidates')}</p>
      )}
    </>
  );
}

export default function EventInvitations() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const { actionResult, busy, sent } = useFormsPage();
  const e = data.event;
  const repTarget = sent?.intent === 'addRep' ? String(sent.participantId ?? '') : null;
  const pageErrors = repTarget === null ? [...(actionResult?.error?.[''] ?? []), ...(actionResult?.error?.orgIds ?? [])] : [];
  return (
    <div>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {e.title} <EventStatusBadge status={e.status} />
          </span>
        }
        subtitle={t('events.invitationsLead', {
          invited: data.counts.status.invited,
          attending: data.counts.status.accepted + data.counts.status.registered,
          reps: data.counts.representatives,
          capacity: data.counts.capacity,
        })}
      />
      <EventTabs eventId={e.id} view="organizer" />
      <FormErrors errors={pageErrors.length ? pageErrors : undefined} />

      {data.invitationsOpen ? (
        <>
          {e.recordedPast ? (
            <Alert tone="info">{t('events.past.participantsNotice')}</Alert>
          ) : (
            <Card title={t('events.openRegistration.title')} className="mb-4">
              <p className="mb-3 text-sm text-slate-700">
                {e.openRegistration
                  ? t('events.openRegistration.on', { deadline: e.registrationDeadline })
                  : t('events.openRegistration.off')}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="openRegistration" />
                <input type="hidden" name="version" value={e.version} />
                <input type="hidden" name="open" value={e.openRegistration ? '0' : '1'} />
                <Button variant={e.openRegistration ? 'secondary' : 'primary'} disabled={busy}>
                  {e.openRegistration ? t('events.openRegistration.turnOff') : t('events.openRegistration.turnOn')}
                </Button>
              </Form>
            </Card>
          )}
          <Card title={t('events.suggest.title')} className="mb-4">
            <p className="mb-3 text-sm text-slate-600">{t('events.suggest.lead')}</p>
            <Suggestions data={data} busy={busy} />
          </Card>
          <Card title={t('events.invite.title')} className="mb-4">
            <Candidates data={data} busy={busy} />
          </Card>
        </>
      ) : (
        <Alert tone="info">{t('events.invite.closedNotice')}</Alert>
      )}

      <Card title={t('events.participants.title')}>
        {data.participants.length === 0 ? (
          <EmptyState title={t('events.participants.empty')} />
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="participants">
            {data.participants.map((p) => (
              <li key={p.id} className="py-3" data-testid="participant">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="min-w-0">
                    <span className="font-medium text-slate-900">{p.name}</span>
                    <span className="ml-2 text-xs text-slate-600">
                      {t(`events.role.${p.role}`)} · {p.regionName}
                    </span>
                  </div>
                  <div className="flex items-center gap-2">
                    <ParticipationBadge status={p.status} />
                    {p.status === 'invited' && data.invitationsOpen ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="uninvite" />
                        <input type="hidden" name="participantId" value={p.id} />
                        <Button variant="ghost" className="min-h-8 px-2" disabled={busy}>
                          {t('events.action.uninvite')}
                          <span className="sr-only"> {p.name}</span>
                        </Button>
                      </Form>
                    ) : null}
                  </div>
                </div>
                {isAttendingStatus(p.status) ? (
                  <div className="mt-2 pl-0 sm:pl-4">
                    <RepresentativeList
                      reps={p.representatives}
                      canRemove={data.repsOpen}
                      busy={busy}
                      label={t('events.reps.of', { org: p.name })}
                    />
                    {data.repsOpen ? (
                      <RepresentativeForm participantId={p.id} lastResult={repTarget === p.id ? actionResult : undefined} busy={busy} />
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('waitlist.title')} className="mt-4">
        <p className="mb-3 text-sm text-slate-600">{t('waitlist.lead')}</p>
        <WaitlistTable rows={data.waitlist} canRemove={data.repsOpen} busy={busy} showOrg />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
