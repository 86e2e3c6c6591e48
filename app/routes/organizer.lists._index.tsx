import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, TextField, useSchemaForm } from '~/components/form';
import { FollowupListCards } from '~/components/followup-lists';
import { Badge, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { createList, organizerLists } from '~/modules/followup/lists.server';
import { pct } from '~/modules/followup/rules';
import { CreateListSchema } from '~/modules/followup/schema';
import { regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'followup.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const lists = await organizerLists(await getDb(), { userId: organizer.id, regionCode: organizer.regionCode });
  return json({
    lists: lists.map((l) => ({ ...l, regionName: regionName(l.regionCode), grantedText: formatTotal(l.coverage.grantedAmount) })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: CreateListSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  let id: string;
  try {
    id = await createList(await getDb(), { userId: organizer.id, regionCode: organizer.regionCode }, submission.value);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/organizer/lists/${id}`, { headers: await flashHeaders({ tone: 'success', message: 'followup.flash.created' }) });
}

export default function OrganizerLists() {
  const t = useT();
  const { lists } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(CreateListSchema, {
    id: 'new-list',
    lastResult: last,
    defaultValue: { dueDays: '10' },
  });
  return (
    <div>
      <PageHeader title={t('followup.title')} subtitle={t('followup.lead')} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <FollowupListCards
            lists={lists}
            empty={t('followup.empty')}
            href={(l) => `/organizer/lists/${l.id}`}
            line={(l) => (
              <>
                {l.regionName} · {t('followup.firms', { n: l.coverage.firms })} · {t('followup.banks', { n: l.banks })}
              </>
            )}
            badge={(l) =>
              l.dueOn ? <Badge tone="blue">{t('followup.dueOn', { date: l.dueOn })}</Badge> : <Badge>{t('followup.draft')}</Badge>
            }
            figures={(l) => (
              <p className="mt-2 text-sm tabular-nums text-slate-800" data-testid="coverage">
                {t('followup.rateLine', {
                  visited: l.coverage.visited,
                  granted: l.coverage.granted,
                  firms: l.coverage.firms,
                  visitRate: pct(l.coverage.visitRate),
                  creditRate: pct(l.coverage.creditRate),
                })}
                {l.coverage.grantedAmount > 0 ? ` · ${t('followup.grantedAmount')} ${l.grantedText}` : ''}
              </p>
            )}
          />
        </div>
        <Card title={t('followup.create')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <TextField field={fields.title} label={t('followup.titleField')} />
            <TextField field={fields.note} label={t('followup.note')} />
            <TextField
              field={fields.dueDays}
              label={t('followup.dueDays')}
              hint={t('followup.dueDaysHint')}
              type="number"
              inputMode="numeric"
            />
            <Button>{t('followup.create')}</Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
