import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { RepresentativeCheckinItem, useCheckinDesk } from '~/components/checkin';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { Badge, Button, Card, EmptyState, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { isAttending, requireEventForOrganizer } from '~/modules/events/access.server';
import type { GuardArgs } from '~/modules/auth/guards.server';
import {
  arrivalRow,
  checkInAllOfToken,
  findParticipantByToken,
  markArrival,
  representativesOfToken,
  TokenCheckinFormSchema,
} from '~/modules/events/checkin.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roster.checkin.orgTitle');

/** The organization behind the QR code: this event's, attending; anything else is a 404. */
async function requireParticipant(args: GuardArgs, eventId: string, token: string) {
  const access = await requireEventForOrganizer(args, eventId);
  const participant = await findParticipantByToken(await getDb(), access.event.id, token);
  if (!participant || !isAttending(participant)) throw httpError(404, 'error.notFound');
  return { ...access, participant };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, participant } = await requireParticipant({ request, context }, params.eventId ?? '', params.token ?? '');
  const reps = await representativesOfToken(await getDb(), event.id, participant.checkin_token);
  return json(
    {
      event: { id: event.id, title: event.title },
      org: { name: participant.orgName, role: participant.role },
      representatives: reps.map(arrivalRow),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event, participant } = await requireParticipant({ request, context }, params.eventId ?? '', params.token ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: TokenCheckinFormSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const { intent, repId } = submission.value;
  const db = await getDb();
  const back = `/organizer/events/${event.id}/checkin/${participant.checkin_token}`;
  if (intent === 'all') {
    const res = await checkInAllOfToken(db, event.id, participant.checkin_token, user.id);
    return redirect(back, {
      headers: await flashHeaders({
        tone: res.marked ? 'success' : 'info',
        message: msg('roster.checkin.flash.all', { count: res.marked }),
      }),
    });
  }
  // a representative of another organization of the event is not this page's business
  const own = await representativesOfToken(db, event.id, participant.checkin_token);
  if (!own.some((r) => r.id === repId)) throw httpError(404, 'error.notFound');
  return redirect(back, { headers: await flashHeaders(await markArrival(db, event.id, intent, repId!, user.id)) });
}

export default function OrganizationCheckin() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const busy = useCheckinDesk();
  const arrived = data.representatives.filter((r) => r.arrivedAt).length;
  const total = data.representatives.length;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={data.org.name}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {data.event.title} <Badge tone="blue">{t(`roster.group.${data.org.role}`)}</Badge>
          </span>
        }
      />
      <FormErrors errors={replyErrors(actionResult)} />
      <Card className="mb-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-lg" data-testid="org-arrived">
            {t('roster.checkin.orgCount', { arrived, total })}
          </p>
          {arrived < total ? (
            <Form method="post" preventScrollReset>
              <Button name="intent" value="all" disabled={busy}>
                {t('roster.checkin.action.all')}
              </Button>
            </Form>
          ) : total > 0 ? (
            <Badge tone="green">{t('roster.checkin.orgAllArrived')}</Badge>
          ) : null}
        </div>
      </Card>
      {total === 0 ? (
        <EmptyState title={t('roster.noRepresentatives')} />
      ) : (
        <ul className="space-y-2" aria-label={t('roster.checkin.results')}>
          {data.representatives.map((r) => (
            <RepresentativeCheckinItem key={r.id} rep={r} busy={busy} />
          ))}
        </ul>
      )}
      <p className="mt-6 text-sm">
        <Link to={`/organizer/events/${data.event.id}/checkin`} className="text-brand-800 underline">
          {t('roster.checkin.back')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
