/**
 * After the meetings (issue 16, decision 036c), the organizer's page: the session
 * report (meetings held, no-show rate, average rating, follow-up outcomes) and
 * every meeting, which the organizer may mark held or no-show.
 */
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { FormErrors, useFormsPage } from '~/components/form';
import { MeetingOutcome, OutcomeMeetingsCard } from '~/components/meeting-outcome';
import { DataTable } from '~/components/table';
import { Alert, Card, PageHeader, Stat } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { MarkMeetingSchema } from '~/modules/events/outcomes-schema';
import { formatAverage } from '~/modules/events/outcomes';
import { followUpsOf, markMeeting, outcomeMeetings, outcomeSummary, outcomesView } from '~/modules/events/outcomes.server';
import { formatPercentBp } from '~/modules/reports/ranking-month';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'outcomes.title');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const db = await getDb();
  const [meetings, followUps, summary] = await Promise.all([
    outcomeMeetings(db, event.id),
    followUpsOf(db, event.id),
    outcomeSummary(db, event.id),
  ]);
  return json({
    ...outcomesView(event, meetings),
    followUps,
    summary,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: MarkMeetingSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  try {
    await markMeeting(
      await getDb(),
      event.id,
      { kind: 'organizer', userId: user.id },
      submission.value.requestId,
      submission.value.outcome,
    );
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(new URL(request.url).pathname, { headers: await flashHeaders({ tone: 'success', message: 'outcomes.flash.marked' }) });
}

export default function OrganizerOutcomesPage() {
  const t = useT();
  const { event, open, meetings, followUps, summary } = useLoaderData<typeof loader>();
  const { busy, errors } = useFormsPage();
  return (
    <div>
      <PageHeader title={event.title} subtitle={t('meetings.subtitle', { date: event.date, venue: event.venue })} />
      <EventTabs eventId={event.id} view="organizer" />
      <p className="mb-4 text-sm text-slate-700">{t('outcomes.intro')}</p>
      {!open ? <Alert tone="info">{t('outcomes.tooEarly')}</Alert> : null}
      <FormErrors errors={errors} />
      <div className="space-y-6">
        <section aria-labelledby="outcome-summary" data-testid="outcome-summary">
          <h2 id="outcome-summary" className="mb-2 text-base font-semibold text-slate-900">
            {t('outcomes.summary.title')}
          </h2>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Stat label={t('outcomes.summary.meetings')} value={summary.meetings} />
            <Stat label={t('outcomes.summary.held')} value={summary.held} />
            <Stat label={t('outcomes.summary.noShowRate')} value={formatPercentBp(summary.noShowRateBp)} />
            <Stat
              label={t('outcomes.summary.average')}
              value={`${formatAverage(summary.averageX100)}（${t('outcomes.summary.ratings', { n: summary.ratings })}）`}
            />
          </dl>
          <p className="mt-3 text-sm text-slate-700">
            {t('outcomes.summary.followups')}：
            {t('outcomes.summary.followupsText', {
              asked: summary.asked,
              yes: summary.yes,
              no: summary.no,
              agreements: summary.agreementsAfterYes,
            })}
          </p>
        </section>
        <OutcomeMeetingsCard
          meetings={meetings}
          columns={[
            { key: 'enterprise', header: t('outcomes.col.enterprise'), cell: (m) => m.enterpriseName },
            { key: 'bank', header: t('outcomes.col.bank'), cell: (m) => m.bankName },
            {
              key: 'outcome',
              header: t('outcomes.col.outcome'),
              cell: (m) => (
                <MeetingOutcome
                  requestId={m.requestId}
                  outcome={m.outcome}
                  open={open}
                  busy={busy}
                  who={`${m.enterpriseName} ${m.bankName}`}
                />
              ),
            },
            {
              key: 'scores',
              header: t('outcomes.col.scores'),
              align: 'right',
              cell: (m) => `${m.enterpriseScore ?? '—'} / ${m.bankScore ?? '—'}`,
            },
          ]}
        />
        {followUps.length ? (
          <Card title={t('outcomes.followup.title')}>
            <DataTable
              caption={t('outcomes.followup.title')}
              rows={followUps}
              rowKey={(f) => f.id}
              columns={[
                { key: 'enterprise', header: t('outcomes.col.enterprise'), cell: (f) => f.enterpriseName },
                { key: 'bank', header: t('outcomes.col.bank'), cell: (f) => f.bankName },
                {
                  key: 'answer',
                  header: t('outcomes.followup.title'),
                  cell: (f) =>
                    f.agreementId ? (
                      <Link to={`/agreements/${f.agreementId}`} className="text-blue-800 underline">
                        {t('outcomes.followup.agreement')}
                      </Link>
                    ) : f.answer ? (
                      t(`outcomes.followup.${f.answer}`)
                    ) : (
                      t('outcomes.followup.pending')
                    ),
                },
              ]}
            />
          </Card>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
