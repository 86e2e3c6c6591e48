/**
 * After the meetings (issue 16, decision 036c), the participant's page: its own
 * meetings at the session, marked held or no-show, rated; and, three months on,
 * "是否达成融资？" for each pair that met, a yes leading to a pre-filled letter of intent.
 */
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { FormErrors, useFormsPage } from '~/components/form';
import { MeetingOutcome, OutcomeMeetingsCard } from '~/components/meeting-outcome';
import { RatingForm, RatingSummary } from '~/components/rating-form';
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { chinaDate } from '~/modules/calendar/working-days';
import { requireAttendingMember } from '~/modules/events/access.server';
import { MemberOutcomesSchema } from '~/modules/events/outcomes-schema';
import { answerFollowUp, followUpsOf, markMeeting, outcomeMeetings, outcomesView } from '~/modules/events/outcomes.server';
import { rateItem } from '~/modules/ratings/ratings.server';
import { getDb } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'outcomes.title');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, org } = await requireAttendingMember({ request, context }, params.eventId ?? '');
  const db = await getDb();
  const [meetings, followUps] = await Promise.all([
    outcomeMeetings(db, event.id, { orgId: org.id }),
    followUpsOf(db, event.id, { orgId: org.id }),
  ]);
  return json({
    ...outcomesView(event, meetings),
    orgId: org.id,
    followUps: followUps.map((f) => ({ ...f, askedOn: chinaDate(f.askedAt) })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireAttendingMember({ request, context }, params.eventId ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: MemberOutcomesSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const db = await getDb();
  const v = submission.value;
  const eventId = access.event.id;
  const actor = { userId: access.user.id, orgId: access.org.id, orgKind: access.org.kind };
  let message = 'outcomes.flash.marked';
  let to = new URL(request.url).pathname;
  try {
    if (v.intent === 'mark')
      await markMeeting(db, eventId, { kind: 'member', userId: actor.userId, orgId: actor.orgId }, v.requestId, v.outcome);
    else if (v.intent === 'rate') {
      if (v.subject !== 'meeting') throw new AppError(400, 'v.choice', { field: 'subject' });
      await rateItem(db, actor, {
        subject: 'meeting',
        subjectId: v.subjectId,
        score: v.score,
        reasons: v.reasons,
        comment: v.comment ?? null,
      });
      message = 'ratings.flash.saved';
    } else {
      const { next } = await answerFollowUp(db, eventId, actor, v.followUpId, v.answer);
      message = next ? 'outcomes.flash.answeredYes' : 'outcomes.flash.answered';
      if (next) to = next;
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(to, { headers: await flashHeaders({ tone: 'success', message }) });
}

export default function OutcomesPage() {
  const t = useT();
  const { event, open, orgId, meetings, followUps } = useLoaderData<typeof loader>();
  const { busy, errors } = useFormsPage();
  const counterpart = (m: (typeof meetings)[number]) => (m.enterpriseId === orgId ? m.bankName : m.enterpriseName);
  return (
    <div>
      <PageHeader title={event.title} subtitle={t('meetings.subtitle', { date: event.date, venue: event.venue })} />
      <EventTabs eventId={event.id} view="member" />
      <p className="mb-4 text-sm text-slate-700">{t('outcomes.intro')}</p>
      {!open ? <Alert tone="info">{t('outcomes.tooEarly')}</Alert> : null}
      <FormErrors errors={errors} />
      <div className="space-y-6">
        {followUps.length ? (
          <Card title={t('outcomes.followup.title')}>
            <p className="mb-3 text-sm text-slate-700">{t('outcomes.followup.intro')}</p>
            <ul className="divide-y divide-slate-100">
              {followUps.map((f) => {
                const other = f.enterpriseId === orgId ? f.bankName : f.enterpriseName;
                return (
                  <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-testid="followup">
                    <div>
                      <p className="font-medium text-slate-900">{other}</p>
                      <p className="text-xs text-slate-600">{t('outcomes.followup.askedOn', { date: f.askedOn })}</p>
                    </div>
                    <div className="flex flex-wrap items-center gap-2">
                      {f.agreementId ? (
                        <Link to={`/agreements/${f.agreementId}`} className="text-sm text-blue-800 underline">
                          {t('outcomes.followup.agreement')}
                        </Link>
                      ) : f.answer === 'yes' ? (
                        <Link
                          to={`/agreements/new?${new URLSearchParams({ eventId: event.id, enterpriseId: f.enterpriseId, bankId: f.bankId })}`}
                          className="text-sm text-blue-800 underline"
                        >
                          {t('outcomes.followup.record')}
                        </Link>
                      ) : null}
                      <Badge tone={f.answer === 'yes' ? 'green' : f.answer === 'no' ? 'gray' : 'yellow'}>
                        {f.answer ? t(`outcomes.followup.${f.answer}`) : t('outcomes.followup.pending')}
                      </Badge>
                      <Form method="post" className="flex gap-2">
                        <input type="hidden" name="intent" value="followup" />
                        <input type="hidden" name="followUpId" value={f.id} />
                        <Button
                          name="answer"
                          value="yes"
                          variant="secondary"
                          disabled={busy}
                          aria-label={`${t('outcomes.followup.yes')} ${other}`}
                        >
                          {t('outcomes.followup.yes')}
                        </Button>
                        <Button
                          name="answer"
                          value="no"
                          variant="secondary"
                          disabled={busy}
                          aria-label={`${t('outcomes.followup.no')} ${other}`}
                        >
                          {t('outcomes.followup.no')}
                        </Button>
                      </Form>
                    </div>
                  </li>
                );
              })}
            </ul>
          </Card>
        ) : null}
        <OutcomeMeetingsCard
          testId="my-outcomes"
          meetings={meetings}
          columns={[
            { key: 'counterpart', header: t('outcomes.col.counterpart'), cell: (m) => counterpart(m) },
            {
              key: 'outcome',
              header: t('outcomes.col.outcome'),
              cell: (m) => <MeetingOutcome requestId={m.requestId} outcome={m.outcome} open={open} busy={busy} who={counterpart(m)} />,
            },
            {
              key: 'rating',
              header: t('outcomes.col.myRating'),
              cell: (m) =>
                m.outcome === 'held' ? (
                  <div>
                    <RatingSummary rating={m.myRating} />
                    <RatingForm subject="meeting" subjectId={m.requestId} rating={m.myRating} label={counterpart(m)} busy={busy} />
                  </div>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
